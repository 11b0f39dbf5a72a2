"""The directory with national data: browsing by province, city and kecamatan, searching by
name among places that share it, and the sitemap index (the tip form: test_tip_form_by_name.py)."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse

from kelurahan.models import Kelurahan
from kelurahan.public import sitemaps
from kelurahan.selectors import regions
from tests.support import factories
from tests.support.nationaldata import build_nation, place
from tests.support.publicpages import count_queries, designate, text

pytestmark = pytest.mark.django_db

DESA, KELURAHAN = Kelurahan.Kind.DESA, Kelurahan.Kind.KELURAHAN
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def nation(db):
    return build_nation()


def names_in(response) -> list[str]:
    return [kelurahan.name for kelurahan in response.context["page"]]


def trail(response) -> str:
    """The breadcrumbs, as a resident reads them."""
    html = re.search(r'<nav class="breadcrumbs".*?</nav>', text(response), re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# Browsing


def test_directory_nationally_offers_search_binaan_and_provinces(client, nation):
    response = client.get(reverse("public:directory"))

    page = text(response)
    assert response.status_code == 200
    assert 'role="search"' in page and 'name="q"' in page
    assert 'href="/wilayah/jawa-tengah/"' in page
    assert 'href="/wilayah/di-yogyakarta/"' in page
    assert nation["sidomulyo_wates"].get_absolute_url() in page
    assert "Kecamatan Wates, Kulon Progo" not in page  # the short name is only for Jakarta's
    assert "Kecamatan Wates, Kabupaten Kulon Progo, Daerah Istimewa Yogyakarta" in page
    # Not every desa of the country on one page: only the binaan one is linked.
    assert nation["tidar"].get_absolute_url() not in page
    assert "groups" not in response.context


def test_province_page_lists_its_cities_with_binaan(client, nation):
    response = client.get("/wilayah/di-yogyakarta/")

    page = text(response)
    assert 'href="/wilayah/di-yogyakarta/kulon-progo/"' in page
    assert "kabupaten-cilacap" not in page
    assert re.search(r"Kabupaten Kulon Progo</a>\s*<span class=\"badge badge-binaan\">1 ", page)
    assert trail(response) == "Beranda › Desa/Kelurahan › Daerah Istimewa Yogyakarta"


def test_city_page_lists_desa_by_kecamatan_and_marks_binaan(client, nation):
    response = client.get("/wilayah/di-yogyakarta/kulon-progo/")

    page = text(response)
    assert [group["kecamatan"].name for group in response.context["groups"]] == ["Temon", "Wates"]
    assert 'href="/wilayah/di-yogyakarta/kulon-progo/wates/"' in page
    for key in ("sidomulyo_temon", "sidomulyo_wates", "karang_sidomulyo"):
        assert f'href="{nation[key].get_absolute_url()}"' in page
    assert page.count("badge-binaan") == 1
    assert trail(response) == (
        "Beranda › Desa/Kelurahan › Daerah Istimewa Yogyakarta › Kabupaten Kulon Progo"
    )


def test_kecamatan_page_lists_its_desa_and_kelurahan_by_kind(client, nation):
    response = client.get("/wilayah/jawa-tengah/kota-magelang/magelang-selatan/")

    page = text(response)
    assert [k.name for k in response.context["kelurahan"]] == ["Jurangombo", "Tidar"]
    assert "<h1>Kecamatan Magelang Selatan</h1>" in page
    assert re.findall(r'<span class="meta">(\w+)', page)[-2:] == ["kelurahan", "kelurahan"]
    assert trail(response) == (
        "Beranda › Desa/Kelurahan › Jawa Tengah › Kota Magelang › Kecamatan Magelang Selatan"
    )


def test_kelurahan_page_has_the_whole_trail_and_says_desa_or_kelurahan(client, nation):
    desa = client.get(nation["sidomulyo_temon"].get_absolute_url())
    kelurahan = client.get(nation["tidar"].get_absolute_url())

    assert "<h1>Desa Sidomulyo</h1>" in text(desa)
    assert "<title>Desa Sidomulyo ·" in text(desa)
    assert trail(desa) == (
        "Beranda › Desa/Kelurahan › Daerah Istimewa Yogyakarta › Kabupaten Kulon Progo › "
        "Kecamatan Temon › Sidomulyo"
    )
    assert 'href="/wilayah/di-yogyakarta/kulon-progo/temon/"' in text(desa)
    assert "<h1>Kelurahan Tidar</h1>" in text(kelurahan)
    assert "Kecamatan Magelang Selatan, Kota Magelang, Jawa Tengah" in text(kelurahan)


def test_place_no_office_covers_says_so_instead_of_an_empty_office(client, nation):
    page = text(client.get(nation["karang_sidomulyo"].get_absolute_url()))

    assert 'class="office"' not in page
    assert "Wilayah ini belum dilayani kantor imigrasi mana pun di portal ini." in page


@pytest.mark.parametrize(
    ("path", "to"),
    [
        ("/wilayah/jawa-tengah/kulon-progo/", "/wilayah/di-yogyakarta/kulon-progo/"),
        ("/wilayah/jawa-tengah/kulon-progo/wates/", "/wilayah/di-yogyakarta/kulon-progo/wates/"),
        (
            "/wilayah/di-yogyakarta/kota-magelang/wates/",
            "/wilayah/di-yogyakarta/kulon-progo/wates/",
        ),
        ("/en/wilayah/jawa-tengah/kulon-progo/", "/en/wilayah/di-yogyakarta/kulon-progo/"),
    ],
)
def test_wrong_parent_in_the_url_redirects_permanently_to_the_right_place(client, nation, path, to):
    response = client.get(path)

    assert response.status_code == 301
    assert response["Location"] == to


@pytest.mark.parametrize(
    "path",
    [
        "/wilayah/atlantis/",
        "/wilayah/jawa-tengah/atlantis/",
        "/wilayah/jawa-tengah/kota-magelang/atlantis/",
        "/wilayah/atlantis/kota-magelang/atlantis/",
    ],
)
def test_unknown_region_is_404(client, nation, path):
    assert client.get(path).status_code == 404


def test_region_pages_refuse_posts(client, nation):
    assert client.post("/wilayah/jawa-tengah/").status_code == 405


def test_one_city_keeps_todays_directory_with_breadcrumbs_and_binaan_first(client, db):
    kemayoran = factories.kecamatan(kode="31.71.03", name="Kemayoran", slug="kemayoran")
    gambir = factories.kecamatan(kode="31.71.01", name="Gambir", slug="gambir")
    kebon_kosong = designate(place(kemayoran, "31.71.03.1002", "Kebon Kosong", KELURAHAN))
    place(gambir, "31.71.01.1001", "Gambir", KELURAHAN)

    response = client.get(reverse("public:directory"))

    page = text(response)
    assert response.context["national"] is False and response.context["count"] == 2
    assert [g["kecamatan"].name for g in response.context["groups"]] == ["Gambir", "Kemayoran"]
    assert "<h1>Kelurahan in Jakarta Pusat</h1>" in page or "<h1>Kelurahan di Jakarta" in page
    assert trail(response) == "Beranda › Daerah Khusus Ibukota Jakarta › Jakarta Pusat"
    binaan = page.index('id="binaan-title"')
    assert binaan < page.index(kebon_kosong.get_absolute_url()) < page.index('id="kec-gambir"')


# Searching


def test_search_ranks_exact_names_then_starting_then_containing(client, nation):
    response = client.get(reverse("public:directory"), {"q": "sidomulyo"})

    assert names_in(response) == [
        "Sidomulyo",
        "Sidomulyo",
        "Sidomulyo",
        "Sidomulyo Baru",
        "Karang Sidomulyo",
    ]
    assert response.context["count"] == 5
    page = text(response)
    assert "5 kelurahan" in page
    # Same-named desa are told apart by their kecamatan, city and province.
    for where in (
        "Kecamatan Dayeuhluhur, Kabupaten Cilacap, Jawa Tengah",
        "Kecamatan Temon, Kabupaten Kulon Progo, Daerah Istimewa Yogyakarta",
        "Kecamatan Wates, Kabupaten Kulon Progo, Daerah Istimewa Yogyakarta",
    ):
        assert where in page
    assert page.count("badge-binaan") == 1


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("SIDOMULYO baru", ["Sidomulyo Baru"]),
        ("  baru   sidomulyo ", ["Sidomulyo Baru"]),  # any order, extra spaces
        ("Sídómulyo Barú", ["Sidomulyo Baru"]),  # accents typed on a phone keyboard
        ("karangsidomulyo", ["Karang Sidomulyo"]),  # without the space
        ("karang-sidomulyo", ["Karang Sidomulyo"]),
        ("nuapu'u", ["Bu Nuapu\u2019u"]),  # a straight apostrophe for the curly one
        ("55654", ["Sidomulyo"]),  # a postal code
        ("tidar", ["Tidar"]),
    ],
)
def test_search_tolerates_case_spaces_accents_and_punctuation(client, nation, query, found):
    assert names_in(client.get(reverse("public:directory"), {"q": query})) == found


def test_one_or_two_letters_find_names_starting_with_them(client, nation):
    response = client.get(reverse("public:directory"), {"q": "Si"})

    assert names_in(response) == ["Sidomulyo"] * 3 + ["Sidomulyo Baru"]


def test_search_names_cities_and_kecamatan_of_that_name(client, nation):
    response = client.get(reverse("public:directory"), {"q": "wates"})

    page = text(response)
    assert 'href="/wilayah/di-yogyakarta/kulon-progo/wates/"' in page
    assert names_in(response) == []
    magelang = text(client.get(reverse("public:directory"), {"q": "magelang"}))
    assert 'href="/wilayah/jawa-tengah/kota-magelang/"' in magelang


def test_search_results_are_paginated_and_keep_the_query(client, nation, monkeypatch):
    monkeypatch.setattr(regions, "RESULTS_PER_PAGE", 2)

    first = client.get(reverse("public:directory"), {"q": "sidomulyo"})
    second = client.get(reverse("public:directory"), {"q": "sidomulyo", "page": "2"})
    beyond = client.get(reverse("public:directory"), {"q": "sidomulyo", "page": "99"})
    junk = client.get(reverse("public:directory"), {"q": "sidomulyo", "page": "x'%00"})

    assert names_in(first) == ["Sidomulyo", "Sidomulyo"]
    assert names_in(second) == ["Sidomulyo", "Sidomulyo Baru"]
    assert 'href="?q=sidomulyo&amp;page=2"' in text(first)
    assert 'rel="prev" href="?q=sidomulyo&amp;page=1"' in text(second)
    assert 'rel="next" href="?q=sidomulyo&amp;page=3"' in text(second)
    assert '<ol class="results" start="3">' in text(second)
    assert names_in(beyond) == ["Karang Sidomulyo"]  # the last page
    assert names_in(junk) == names_in(first)


ODD_QUERIES = [
    "%",
    "_",
    "'",
    "\\",
    "a" * 2_000,
    "kebon\x00kosong",
    "🙂",
    "<script>",
    "' OR 1=1 --",
    "\u202eevil\u202c",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_answer_calmly(client, nation, query):
    response = client.get(reverse("public:directory"), {"q": query})

    assert response.status_code == 200
    assert len(response.context["query"]) <= regions.SEARCH_MAX_LENGTH
    assert "\x00" not in response.context["query"]
    assert "<script>" not in text(response).split("</header>", 1)[1]
    if query in ("%", "_", "\\"):
        assert response.context["count"] == 0  # a wildcard is a character, not "everything"


def test_empty_query_shows_the_directory(client, nation):
    response = client.get(reverse("public:directory"), {"q": "   "})

    assert response.context["query"] == "" and "provinces" in response.context


# Query counts: the same with ten times more data.


def grow(nation, times=10):
    """Ten times more cities, kecamatan, desa and binaan desa, in both provinces."""
    for n in range(times):
        city = factories.kota(f"33.{20 + n}", name=f"Kabupaten Uji {n}", slug=f"kab-uji-{n}")
        for m in range(3):
            kecamatan = factories.kecamatan(
                kode=f"33.{20 + n}.{m + 10}", kota=city, name=f"Kec Uji {n} {m}"
            )
            for v in range(3):
                desa = place(kecamatan, f"33.{20 + n}.{m + 10}.{2001 + v}", "Sidomulyo")
                if v == 0:
                    designate(desa)
        for v in range(3):
            place(nation["kecamatan"]["Wates"], f"34.01.02.{2100 + n * 3 + v}", "Sidomulyo Lor")
            place(nation["kecamatan"]["Magelang Selatan"], f"33.71.01.{1100 + n * 3 + v}", "Rejo")


def test_query_counts_do_not_grow_with_data(client, nation, monkeypatch):
    monkeypatch.setattr(regions, "RESULTS_PER_PAGE", 2)
    binaan_page = nation["sidomulyo_wates"].get_absolute_url()
    urls = [
        reverse("public:directory"),
        reverse("public:directory") + "?q=sidomulyo",
        reverse("public:directory") + "?q=sidomulyo&page=2",
        reverse("public:directory") + "?q=karangsidomulyo",
        "/wilayah/jawa-tengah/",
        "/wilayah/jawa-tengah/kota-magelang/",
        "/wilayah/di-yogyakarta/kulon-progo/wates/",
        binaan_page,
    ]
    small = [count_queries(client, url) for url in urls]
    cache.clear()

    grow(nation)
    cache.clear()

    assert Kelurahan.objects.count() > 10 * 8
    assert [count_queries(client, url) for url in urls] == small
    assert max(small) <= 12


# The sitemap index


def locations(response) -> list[str]:
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_is_an_index_of_paginated_sections(client, nation, monkeypatch):
    monkeypatch.setattr(sitemaps.KelurahanSitemap, "limit", 6)

    index = locations(client.get("/sitemap.xml"))

    base = "http://testserver/sitemap-"
    assert base + "kelurahan.xml" in index
    assert base + "kelurahan.xml?p=3" in index and base + "kelurahan.xml?p=4" not in index
    assert {base + f"{name}.xml" for name in ("pages", "provinsi", "kota", "kecamatan")} <= set(
        index
    )
    pages = [locations(client.get(url.removeprefix("http://testserver"))) for url in index]
    found = [url for page in pages for url in page]
    assert len(found) == len(set(found))
    kelurahan_urls = [url for url in found if re.search(r"/kelurahan/[^/]+/$", url)]
    assert len(kelurahan_urls) == 2 * Kelurahan.objects.count()
    for kelurahan in Kelurahan.objects.all():
        assert "http://testserver" + kelurahan.get_absolute_url() in found
        assert f"http://testserver/en{kelurahan.get_absolute_url()}" in found
    for path in (
        "/wilayah/jawa-tengah/",
        "/wilayah/jawa-tengah/kota-magelang/",
        "/en/wilayah/di-yogyakarta/kulon-progo/wates/",
    ):
        assert "http://testserver" + path in found
    assert client.get("/sitemap-kelurahan.xml?p=4").status_code == 404


def test_language_pairs_slice_like_the_full_list(nation):
    queryset = Kelurahan.objects.order_by("kode")
    pairs = sitemaps.LanguagePairs(queryset, ["id", "en"])
    full = [(k, lang) for k in queryset for lang in ("id", "en")]

    assert len(pairs) == len(full) == 16
    for start, stop in ((0, 5), (5, 11), (3, 4), (14, 16), (15, 40)):
        assert pairs[start:stop] == full[start:stop]


def test_robots_txt_points_at_the_sitemap_index(client, db):
    assert "Sitemap: http://testserver/sitemap.xml" in text(client.get("/robots.txt"))
