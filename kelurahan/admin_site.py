"""The portal's admin site: Django's own, plus the office dashboard and the recap pages.

Why a site class: it is Django's documented way to add pages under the admin ("Overriding the
default admin site"). `BinaanAdminConfig` replaces "django.contrib.admin" in INSTALLED_APPS and
names `BinaanAdminSite` as the default site, so `admin.site` and every `@admin.register` keep
working unchanged. The site only adds context to the index (the dashboard, rendered by
templates/admin/index.html, which extends Django's own and keeps the app list) and URLs for
the recap; both come from kelurahan.admin.dashboard.

This module is imported while the app registry loads, before models exist, so the dashboard
module is imported inside the methods, not at the top.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


class BinaanAdminSite(AdminSite):
    def index(self, request, extra_context=None):
        """Django's index with the coverage dashboard of the user's office on top."""
        from kelurahan.admin import dashboard

        context = {**dashboard.index_context(request), **(extra_context or {})}
        return super().index(request, extra_context=context)

    def get_urls(self):
        """The recap page and its downloads come before Django's catch-all admin URLs."""
        from kelurahan.admin import dashboard

        return dashboard.recap_urls(self) + super().get_urls()


class BinaanAdminConfig(AdminConfig):
    default_site = "kelurahan.admin_site.BinaanAdminSite"
