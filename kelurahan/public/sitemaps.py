"""sitemap.xml: every public page, in Indonesian and English, with lastmod where known."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from kelurahan.models import Article, Kelurahan, OutreachSession

PUBLIC_PAGES = (
    "public:home",
    "public:directory",
    "public:articles",
    "public:opendata",
    "public:accessibility",
)
# Pages other parts of the portal may provide; listed only when they exist.
OPTIONAL_PATHS = ("/privasi/", "/lapor/")


def optional_page_names() -> list[str]:
    """URL names of the optional pages that exist, found by their Indonesian path."""
    names = []
    with translation.override(settings.LANGUAGE_CODE):
        for path in OPTIONAL_PATHS:
            try:
                match = resolve(path)
            except Resolver404:
                continue
            names.append(match.view_name)
    return names


class _BilingualSitemap(Sitemap):
    i18n = True
    alternates = True


class PageSitemap(_BilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return [*PUBLIC_PAGES, *optional_page_names()]

    def location(self, item):
        return reverse(item)


class KelurahanSitemap(_BilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return Kelurahan.objects.order_by("kode").only("slug")


class SessionSitemap(_BilingualSitemap):
    def items(self):
        return OutreachSession.objects.published().order_by("-starts_at").only("pk", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(_BilingualSitemap):
    def items(self):
        return Article.objects.published().order_by("slug").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": PageSitemap,
    "kelurahan": KelurahanSitemap,
    "sessions": SessionSitemap,
    "articles": ArticleSitemap,
}
