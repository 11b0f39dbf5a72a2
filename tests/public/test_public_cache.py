"""Public pages from the cache for anonymous readers, stale as soon as what they show changes.

Also conditional GET: ETag and Last-Modified, answered 304 without rendering anything.
"""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from kelurahan import services
from kelurahan.models import Article, OutreachSession
from kelurahan.public import cache as public_cache
from tests.support import factories
from tests.support.publicpages import designate, get, queries_for, text

ARTICLE = "apa-itu-tppo-dan-tppm"  # starter content (migration 0002)


@pytest.fixture(autouse=True)
def _one_cache_slot_per_test(settings):
    """Pages also expire every PUBLIC_CACHE_SECONDS; a day keeps a test inside one slot."""
    settings.PUBLIC_CACHE_SECONDS = 24 * 3600


@pytest.fixture
def session(kebon_kosong) -> OutreachSession:
    return factories.session(kebon_kosong, title="Sosialisasi TPPO di RW 05")


@pytest.fixture
def public_paths(kebon_kosong, session) -> list[str]:
    """One address of every cached public page, in both languages for the HTML pages."""
    pages = [
        reverse("public:home"),
        reverse("public:directory"),
        reverse("public:directory") + "?q=kebon",
        reverse("public:kelurahan", args=[kebon_kosong.slug]),
        reverse("public:session", args=[session.pk]),
        reverse("public:articles"),
        reverse("public:article", args=[ARTICLE]),
        reverse("public:opendata"),
        reverse("public:accessibility"),
    ]
    files = [
        reverse("public:opendata_csv"),
        reverse("public:opendata_json"),
        reverse("public:opendata_reports_csv"),
        reverse("public:calendar"),
        reverse("public:kelurahan_calendar", args=[kebon_kosong.slug]),
        reverse("public:session_calendar", args=[session.pk]),
        reverse("public:sessions_rss"),
        reverse("public:sessions_atom"),
        reverse("sitemap"),
        reverse("sitemap_section", args=["kelurahan"]),
    ]
    return pages + ["/en" + path for path in pages] + files


# The cache


def test_second_anonymous_visit_is_answered_from_the_cache_without_queries(
    client, public_paths, django_assert_num_queries
):
    for path in public_paths:
        count, first = queries_for(client, path)
        assert first.status_code == 200, path
        assert count > 0, path  # the first visit renders the page
        with django_assert_num_queries(0):
            second = get(client, path)
        assert second.status_code == 200, path
        assert second.content == first.content, path
        assert second["Content-Type"] == first["Content-Type"], path


def test_a_cache_hit_is_one_round_trip_to_the_cache(client, kebon_kosong, monkeypatch):
    """The content version and the page are read together (the benchmark's cached ratio)."""
    path = reverse("public:kelurahan", args=[kebon_kosong.slug])
    get(client, path)
    reads = []
    for name in ("get", "get_many"):
        monkeypatch.setattr(public_cache.cache, name, counted(reads, name, public_cache.cache))

    assert get(client, path).status_code == 200

    assert reads == ["get_many"]  # (local memory's get_many calls get inside: not counted)


def counted(reads: list, name: str, cache):
    original = getattr(cache, name)

    def read(*args, **kwargs):
        if not reads or reads[-1] != "get_many" or name == "get_many":
            reads.append(name)
        return original(*args, **kwargs)

    return read


def test_public_pages_set_no_cookie_and_carry_no_csrf_token(client, public_paths):
    for path in public_paths:
        for response in (get(client, path), get(client, path)):
            assert not response.cookies, path
            assert "csrfmiddlewaretoken" not in text(response), path
            assert "Cookie" not in response.get("Vary", ""), path
    assert not client.cookies


def test_public_pages_switch_language_with_plain_links(client, kebon_kosong):
    path = reverse("public:kelurahan", args=[kebon_kosong.slug])
    indonesian, english = text(get(client, path)), text(get(client, "/en" + path))

    assert f'<a href="/en{path}" lang="en" hreflang="en">English</a>' in indonesian
    assert f'<a href="{path}" lang="id" hreflang="id">Bahasa Indonesia</a>' in english
    assert "set_language" not in indonesian and 'action="/i18n/setlang/"' not in english


def test_english_and_indonesian_pages_are_cached_apart(
    client, kebon_kosong, django_assert_num_queries
):
    path = reverse("public:kelurahan", args=[kebon_kosong.slug])
    get(client, path)
    get(client, "/en" + path)

    with django_assert_num_queries(0):
        indonesian, english = get(client, path), get(client, "/en" + path)

    assert '<html lang="id">' in text(indonesian)
    assert '<html lang="en">' in text(english)
    assert indonesian["ETag"] != english["ETag"]


def test_search_results_are_cached_per_query(client, kebon_kosong, gambir):
    directory = reverse("public:directory")
    found_kebon = text(get(client, directory + "?q=kebon"))
    found_gambir = text(get(client, directory + "?q=gambir"))

    assert text(get(client, directory + "?q=kebon")) == found_kebon
    assert text(get(client, directory + "?q=gambir")) == found_gambir
    assert found_kebon != found_gambir


# Invalidation: a page never shows old data once the change is saved


def test_editing_a_session_updates_its_cached_pages(client, kebon_kosong, session):
    pages = [
        reverse("public:session", args=[session.pk]),
        reverse("public:kelurahan", args=[kebon_kosong.slug]),
        reverse("public:home"),
        reverse("public:sessions_rss"),
    ]
    for path in pages:
        assert "Sosialisasi TPPO di RW 05" in text(get(client, path)), path

    services.session_update(session=session, by=None, title="Sosialisasi pindah ke balai RW 07")

    for path in pages:
        page = text(get(client, path))
        assert "Sosialisasi pindah ke balai RW 07" in page, path
        assert "Sosialisasi TPPO di RW 05" not in page, path


def test_adding_a_partner_to_a_session_updates_its_cached_page(client, session):
    path = reverse("public:session", args=[session.pk])
    partner = factories.partner()
    assert partner.name not in text(get(client, path))

    services.session_update(session=session, by=None, partners=[partner])  # many-to-many only

    assert partner.name in text(get(client, path))


def test_designating_a_kelurahan_updates_the_cached_home_page(client, kebon_kosong):
    home = reverse("public:home")
    assert kebon_kosong.get_absolute_url() not in text(get(client, home))

    designate(kebon_kosong)

    assert kebon_kosong.get_absolute_url() in text(get(client, home))


def test_editing_an_article_updates_its_cached_pages(client, db):
    pages = [reverse("public:article", args=[ARTICLE]), reverse("public:articles")]
    for path in pages:
        get(client, path)
    article = Article.objects.get(slug=ARTICLE)

    article.title = "Judul artikel yang baru"
    article.save()

    for path in pages:
        assert "Judul artikel yang baru" in text(get(client, path)), path


def test_a_page_rendered_before_the_commit_is_not_kept_after_it(
    client, db, django_capture_on_commit_callbacks
):
    """Another reader may render old data between the save and the commit: it must not stay."""
    path = reverse("public:article", args=[ARTICLE])
    article = Article.objects.get(slug=ARTICLE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article.title = "Judul baru"
        article.save()
        article.summary = "Ringkasan baru"
        article.save()
        get(client, path)  # rendered and stored inside the transaction
    assert len(callbacks) == 1  # one bump after the commit, however many saves

    count, _response = queries_for(client, path)

    assert count > 0


def test_bulk_updates_in_services_make_cached_pages_stale(client, db):
    """office_set_cities sets Kelurahan.office with update(), which sends no signal."""
    office, city = factories.office(), factories.kota()
    office.cities.add(city)
    kelurahan = factories.kelurahan(kecamatan=factories.kecamatan(kota=city), office=None)
    path = reverse("public:kelurahan", args=[kelurahan.slug])
    assert office.name not in text(get(client, path))

    services.office_set_cities(office=office, cities=[city])  # coverage itself unchanged

    assert office.name in text(get(client, path))


# Conditional GET


def test_unchanged_page_is_answered_304_without_rendering(
    client, session, django_assert_num_queries
):
    path = reverse("public:session", args=[session.pk])
    first = get(client, path)
    assert first.status_code == 200
    assert re.fullmatch(r'"[0-9a-f]{40}"', first["ETag"])
    assert first["Last-Modified"] and first["Cache-Control"] == "no-cache"
    state, stored = public_cache.page_state_and_stored_page(RequestFactory().get(path))
    assert stored is not None and state.etag == first["ETag"]
    public_cache.cache.delete(state.key)  # the 304 needs no stored page either

    with django_assert_num_queries(0):
        again = get(client, path, HTTP_IF_NONE_MATCH=first["ETag"])
        since = get(client, path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    for response in (again, since):
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == first["ETag"]


def test_editing_a_session_gives_its_page_a_new_etag(client, session):
    path = reverse("public:session", args=[session.pk])
    before = get(client, path)
    assert get(client, path, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304

    services.session_update(session=session, by=None, venue="Balai RW 07")
    after = get(client, path, HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "Balai RW 07" in text(after)
    assert get(client, path, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_feeds_answer_conditional_gets_and_keep_their_own_cache_lifetime(client, session):
    for name in ("public:sessions_rss", "public:sessions_atom", "public:calendar"):
        first = get(client, reverse(name))
        assert "max-age=900" in first["Cache-Control"], name

        again = get(client, reverse(name), HTTP_IF_NONE_MATCH=first["ETag"])

        assert again.status_code == 304, name
        assert again["Cache-Control"] == first["Cache-Control"], name


def test_each_page_has_its_own_etag(client, kebon_kosong, session):
    etags = {
        get(client, path)["ETag"]
        for path in (
            reverse("public:session", args=[session.pk]),
            reverse("public:kelurahan", args=[kebon_kosong.slug]),
            reverse("public:directory") + "?q=kebon",
            reverse("public:directory") + "?q=gambir",
        )
    }
    assert len(etags) == 4
