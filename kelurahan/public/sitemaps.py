"""sitemap.xml: every public page, in Indonesian and English, with lastmod where known; and
robots.txt, which points crawlers at it.

/sitemap.xml is an index of sections (/sitemap-<section>.xml, paginated with ?p=): nationally
there are 83,762 desa/kelurahan pages in two languages, far above the 50,000 URLs a sitemap
may hold.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from kelurahan.models import (
    Article,
    FaqEntry,
    Kecamatan,
    Kelurahan,
    Kota,
    OutreachSession,
    Provinsi,
)

PUBLIC_PAGES = (
    "public:home",
    "public:directory",
    "public:articles",
    "public:opendata",
    "public:accessibility",
)
# Pages other parts of the portal may provide; listed only when they exist.
OPTIONAL_PATHS = ("/privasi/", "/lapor/", "/layanan-paspor/")


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


class LanguagePairs:
    """(item, language) pairs of a queryset, sliced in the database rather than in memory.

    Django's i18n sitemaps build the pairs of every item before paginating; for 83,762
    kelurahan that loads them all on each request. This gives the paginator the same pairs
    in the same order, one page of items at a time.
    """

    def __init__(self, queryset: QuerySet, languages: list[str]):
        self.queryset = queryset
        self.languages = languages
        self._length: int | None = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = self.queryset.count() * len(self.languages)
        return self._length

    def __getitem__(self, index: slice) -> list:
        per_item = len(self.languages)
        start, stop = index.start or 0, len(self) if index.stop is None else index.stop
        first = start // per_item
        items = self.queryset[first : -(-stop // per_item)]
        pairs = [(item, language) for item in items for language in self.languages]
        offset = start - first * per_item
        return pairs[offset : offset + stop - start]


class _BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    # URLs per page (each with its alternates): a page stays quick to build.
    limit = 10_000

    def _items(self):
        items = self.items()
        if isinstance(items, QuerySet):
            return LanguagePairs(items, self._languages())  # type: ignore[attr-defined]
        return super()._items()  # type: ignore[misc]


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


class ProvinsiSitemap(_BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return Provinsi.objects.order_by("kode").only("slug")

    def location(self, item):
        return reverse("public:provinsi", kwargs={"provinsi": item.slug})


class KotaSitemap(_BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Kota.objects.select_related("provinsi").order_by("kode").only("slug", "provinsi__slug")
        )

    def location(self, item):
        return reverse("public:kota", kwargs={"provinsi": item.provinsi.slug, "kota": item.slug})


class KecamatanSitemap(_BilingualSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Kecamatan.objects.select_related("kota__provinsi")
            .order_by("kode")
            .only("slug", "kota__slug", "kota__provinsi__slug")
        )

    def location(self, item):
        kota = item.kota
        slugs = {"provinsi": kota.provinsi.slug, "kota": kota.slug, "kecamatan": item.slug}
        return reverse("public:kecamatan", kwargs=slugs)


class _UpdatedSitemap(_BilingualSitemap):
    """Items with updated_at; the index's lastmod comes from one MAX() query."""

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        items = self.items()
        assert isinstance(items, QuerySet)  # every updated sitemap lists a queryset
        return items.aggregate(latest=Max("updated_at"))["latest"]


class SessionSitemap(_UpdatedSitemap):
    def items(self):
        return OutreachSession.objects.published().order_by("-starts_at").only("pk", "updated_at")


class ArticleSitemap(_UpdatedSitemap):
    def items(self):
        return Article.objects.published().order_by("slug").only("slug", "updated_at")


class AnswerSitemap(_UpdatedSitemap):
    def items(self):
        return FaqEntry.objects.published().order_by("pk").only("pk", "updated_at")


SITEMAPS = {
    "pages": PageSitemap,
    "provinsi": ProvinsiSitemap,
    "kota": KotaSitemap,
    "kecamatan": KecamatanSitemap,
    "kelurahan": KelurahanSitemap,
    "sessions": SessionSitemap,
    "articles": ArticleSitemap,
    "answers": AnswerSitemap,
}


ROBOTS_CACHE_SECONDS = 3600


def _disallowed_paths() -> list[str]:
    """Officer and receipt-status pages, in every language prefix.

    The admin is left out on purpose: robots.txt is public, and naming a custom
    DJANGO_ADMIN_URL here would publish it. The admin needs a login anyway.
    """
    prefixes = [""] + [
        f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    paths = ["/petugas/", "/lapor/status/"]
    return [prefix + path for prefix in prefixes for path in paths]


@require_safe
@cache_control(public=True, max_age=ROBOTS_CACHE_SECONDS)
def robots_txt(request):
    context = {
        "disallowed": _disallowed_paths(),
        "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
