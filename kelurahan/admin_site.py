"""The portal's admin site: Django's own, plus the office dashboard and the recap pages.

Why a site class: it is Django's documented way to add pages under the admin ("Overriding the
default admin site"). `BinaanAdminConfig` replaces "django.contrib.admin" in INSTALLED_APPS and
names `BinaanAdminSite` as the default site, so `admin.site` and every `@admin.register` keep
working unchanged. The site only adds context to the index (the dashboard, rendered by
templates/admin/index.html, which extends Django's own and keeps the app list) and URLs for
the recap; both come from kelurahan.admin.dashboard. It also asks staff for the second login
step (kelurahan.accounts), as django-otp's OTPAdminSite does, but sends them to our pages.

This module is imported while the app registry loads, before models exist, so the dashboard
module is imported inside the methods, not at the top.
"""

from functools import partial

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache


class BinaanAdminSite(AdminSite):
    @property  # read when a login page is built: the form's module is imported then, not here
    def login_form(self):  # type: ignore[override]
        """Django's admin login form, also checking the username's length (bad-input fuzzing)."""
        from kelurahan.accounts.forms import StaffLoginForm

        return StaffLoginForm

    def has_permission(self, request):
        """Django's check; with STAFF_OTP_REQUIRED also a code from the staff's app (django-otp)."""
        from kelurahan.accounts.otp import needs_second_step

        return super().has_permission(request) and not needs_second_step(request.user)

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """Staff who passed the password step go on to our enrolment or code page."""
        from kelurahan.accounts.otp import needs_second_step, second_step_url

        if needs_second_step(request.user):
            return HttpResponseRedirect(second_step_url(request))
        return super().login(request, extra_context)

    def password_change(self, request, extra_context=None):
        """Django's page and form, but a wrong old password counts as a failed login."""
        from kelurahan.accounts.password import StaffPasswordChangeView

        request.current_app = self.name
        return StaffPasswordChangeView.as_view(
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)

    def index(self, request, extra_context=None):
        """Django's index with the coverage dashboard of the user's office on top."""
        from kelurahan.admin import dashboard

        context = {**dashboard.index_context(request), **(extra_context or {})}
        return super().index(request, extra_context=context)

    def get_urls(self):
        """The recap page and its downloads come before Django's catch-all admin URLs.

        So does "view on site", scoped to the user's office (kelurahan.admin.view_on_site);
        it takes the place of Django's unscoped shortcut of the same name and path.
        """
        from kelurahan.admin import dashboard
        from kelurahan.admin.view_on_site import view_on_site

        scoped = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(partial(view_on_site, self)),
            name="view_on_site",
        )
        return [scoped, *dashboard.recap_urls(self), *super().get_urls()]


class BinaanAdminConfig(AdminConfig):
    default_site = "kelurahan.admin_site.BinaanAdminSite"
