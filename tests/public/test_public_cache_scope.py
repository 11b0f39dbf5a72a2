"""What the public page cache never stores or serves: the tip line, officer pages, the admin,
logged-in users, POSTs, errors, responses private to one reader; and when the cache is down."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import URLPattern, get_resolver, reverse

from kelurahan import services
from kelurahan.public import cache as public_cache
from tests.support import factories
from tests.support.publicpages import get, queries_for, text

# Public URL names that are deliberately not cached: the tip line and its privacy page (no
# copy anywhere), and printouts (PDF and QR images, big and rarely asked for twice).
NOT_CACHED = {
    "public:tip",
    "public:tip_status",
    "public:privacy",
    "public:question_ask",  # residents' questions are protected like the tip line
    "public:question_status",
    "public:kelurahan_poster",
    "public:kelurahan_qr",
    "public:session_qr",
    "public:session_attendance_sheet",
    "public:passport_day_notice",
}


@pytest.fixture(autouse=True)
def _one_cache_slot_per_test(settings):
    """Pages also expire every PUBLIC_CACHE_SECONDS; a day keeps a test inside one slot."""
    settings.PUBLIC_CACHE_SECONDS = 24 * 3600


@pytest.fixture
def session(kebon_kosong):
    return factories.session(kebon_kosong, title="Sosialisasi TPPO di RW 05")


def test_tip_pages_are_never_cached(client, kebon_kosong):
    for path in (reverse("public:tip"), reverse("public:tip_status")):
        for _visit in range(2):
            response = get(client, path)
            assert response.status_code == 200, path
            assert response["Cache-Control"] == "no-store", path
            assert "ETag" not in response and "Last-Modified" not in response, path
    count, _response = queries_for(client, reverse("public:tip"))  # its list of kelurahan
    assert count > 0


def test_officer_pages_and_the_admin_are_never_cached(client, officer_kebon_kosong, staff_user):
    client.force_login(officer_kebon_kosong.user)
    for _visit in range(2):
        count, response = queries_for(client, reverse("officer:dashboard"))
        assert response.status_code == 200
        assert count > 0 and "ETag" not in response
    client.force_login(staff_user)
    for _visit in range(2):
        count, response = queries_for(client, reverse("admin:index"))
        assert response.status_code == 200
        assert count > 0 and "ETag" not in response


def test_logged_in_users_get_fresh_pages_and_never_fill_the_cache(
    client, officer_kebon_kosong, kebon_kosong
):
    path = reverse("public:kelurahan", args=[kebon_kosong.slug])
    client.force_login(officer_kebon_kosong.user)
    for _visit in range(2):
        count, response = queries_for(client, path)
        assert response.status_code == 200
        assert count > 0 and "ETag" not in response
    client.logout()

    count, response = queries_for(client, path)

    assert count > 0  # nothing a logged-in user saw was kept for anonymous readers
    assert "ETag" in response


def test_post_and_missing_pages_are_never_cached(client, kebon_kosong):
    directory = reverse("public:directory")
    get(client, directory)
    assert client.post(directory).status_code == 405

    missing = reverse("public:kelurahan", args=["tidak-ada"])
    for _visit in range(2):
        count, response = queries_for(client, missing)
        assert response.status_code == 404
        assert count > 0


def _counting_view(make_response):
    calls = []

    @public_cache.public_page
    def view(request):
        calls.append(request)
        return make_response(request)

    return view, calls


def _sets_cookie(request):
    response = HttpResponse("page")
    response.set_cookie("seen", "1")
    return response


def _uses_csrf_token(request):
    return HttpResponse(f"form {get_token(request)}")


def _varies(request):
    response = HttpResponse("page")
    response["Vary"] = "Cookie"
    return response


def _no_store(request):
    response = HttpResponse("page")
    response["Cache-Control"] = "no-store"
    return response


@pytest.mark.parametrize(
    "make_response",
    [_sets_cookie, _uses_csrf_token, _varies, _no_store, lambda r: HttpResponse(status=204)],
    ids=["sets a cookie", "uses a CSRF token", "varies", "no-store", "not a 200"],
)
def test_responses_that_must_not_be_shared_are_never_stored(db, make_response):
    view, calls = _counting_view(make_response)
    factory = RequestFactory()

    for _visit in range(2):
        view(factory.get("/halaman/"))

    assert len(calls) == 2


def test_requests_with_a_session_or_messages_cookie_skip_the_cache(db):
    view, calls = _counting_view(lambda request: HttpResponse("page"))
    factory = RequestFactory()
    view(factory.get("/halaman/"))
    view(factory.get("/halaman/"))
    assert len(calls) == 1

    for cookie in ("sessionid", "messages"):
        request = factory.get("/halaman/")
        request.COOKIES[cookie] = "x"
        view(request)
    assert len(calls) == 3


def test_a_cache_that_is_down_costs_speed_never_a_page_or_a_save(
    client, kebon_kosong, session, monkeypatch
):
    class BrokenCache:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("redis is down")

            fail.__name__ = name
            return fail

    monkeypatch.setattr(public_cache, "cache", BrokenCache())

    services.session_update(session=session, by=None, title="Tetap tersimpan")
    response = get(client, reverse("public:session", args=[session.pk]))

    assert response.status_code == 200
    assert "Tetap tersimpan" in text(response)


def test_caching_can_be_switched_off(client, kebon_kosong, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    path = reverse("public:kelurahan", args=[kebon_kosong.slug])
    get(client, path)

    count, response = queries_for(client, path)

    assert count > 0 and "ETag" not in response


def _patterns(resolver, namespace=""):
    """(namespace:name, callback) of every URL pattern under the resolver."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}".lstrip(":"), pattern.callback
        else:
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from _patterns(pattern, inner)


def test_every_public_page_is_cached_except_the_tip_line_and_printouts():
    """A new public page needs @public_page (kelurahan/public/cache.py) or a reason here."""
    patterns = dict(_patterns(get_resolver()))
    public = {name: view for name, view in patterns.items() if name.startswith("public:")}
    assert len(public) > len(NOT_CACHED)
    for name, view in public.items():
        cached = getattr(view, "cached_public_page", False)
        assert cached != (name in NOT_CACHED), name
    for name in ("sitemap", "sitemap_section"):
        assert patterns[name].cached_public_page, name
