"""Root URLs. Public and officer pages are Indonesian at / and English at /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_control

from binaan.health import healthz
from binaan.language import set_language
from kelurahan.public.cache import public_page
from kelurahan.public.sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    # Crawlers look for these at the site root, in no language.
    path("robots.txt", robots_txt, name="robots_txt"),
    # Load balancers and monitors: 200 when the database answers, 503 otherwise.
    path("healthz", healthz, name="healthz"),
    # The index of the sitemap's sections, each paginated (kelurahan/public/sitemaps.py).
    path(
        "sitemap.xml",
        public_page(cache_control(public=True, max_age=3600)(index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        public_page(cache_control(public=True, max_age=3600)(sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("petugas/", include("kelurahan.officer.urls")),
    path("akun/", include("kelurahan.accounts.urls")),
    path("", include("kelurahan.public.urls")),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Error pages switch language with links, not a form, so they never set a cookie.
handler403 = "binaan.errors.permission_denied"
handler404 = "binaan.errors.page_not_found"
