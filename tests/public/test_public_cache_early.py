"""Anonymous cache hits answered at the top of the middleware stack."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.urls import reverse

from kelurahan.models import Kelurahan
from kelurahan.public.cache_middleware import PublicCacheMiddleware
from tests.support.publicpages import get, queries_for, text


@pytest.fixture(autouse=True)
def _one_cache_slot_per_test(settings):
    """Pages also expire every PUBLIC_CACHE_SECONDS; a day keeps a test inside one slot."""
    settings.PUBLIC_CACHE_SECONDS = 24 * 3600


@pytest.fixture
def page(kebon_kosong) -> str:
    return reverse("public:kelurahan", args=[kebon_kosong.slug])


def _refuse(*args, **kwargs):
    raise AssertionError("the session middleware ran for a cache hit")


def test_public_cache_middleware_comes_before_sessions_auth_and_axes(settings):
    stack = settings.MIDDLEWARE
    early = stack.index("kelurahan.public.cache_middleware.PublicCacheMiddleware")
    assert stack[0] == "kelurahan.public.views.tipline.TipLineHeadersMiddleware"
    for later in (
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "kelurahan.audit.AuditMiddleware",
        "axes.middleware.AxesMiddleware",
    ):
        assert stack.index(later) > early, later


def test_cache_hit_is_answered_before_the_session_middleware_runs(
    client, page, monkeypatch, django_assert_num_queries
):
    first = get(client, page)
    monkeypatch.setattr(SessionMiddleware, "process_request", _refuse)

    with django_assert_num_queries(0):
        hit = get(client, page)

    assert hit.status_code == 200
    assert hit.content == first.content


def test_cache_hit_carries_the_headers_of_the_rendered_page(client, page, public_paths_en):
    for path in [page, *public_paths_en]:
        rendered = get(client, path)
        hit = get(client, path)
        assert rendered.status_code == hit.status_code == 200, path
        assert dict(hit.items()) == dict(rendered.items()), path
    for name in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "ETag",
        "Cache-Control",
        "Vary",
    ):
        assert hit.has_header(name), name


@pytest.fixture
def public_paths_en(kebon_kosong) -> list[str]:
    return [
        "/en" + reverse("public:kelurahan", args=[kebon_kosong.slug]),
        reverse("public:home"),
        reverse("public:sessions_rss"),
        reverse("public:calendar"),
    ]


def test_conditional_get_of_a_cached_page_is_answered_304(client, page):
    first = get(client, page)
    get(client, page)  # kept

    again = client.get(page, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]


def test_request_with_a_session_cookie_is_never_answered_from_the_cache(client, page, kebon_kosong):
    get(client, page)
    # A change that sends no signal leaves the cached copy as it was.
    Kelurahan.objects.filter(pk=kebon_kosong.pk).update(name="Kebon Kosong Baru")
    assert "Kebon Kosong Baru" not in text(get(client, page))

    client.cookies["sessionid"] = "not-a-real-session"
    with_cookie = client.get(page)

    assert with_cookie.status_code == 200
    assert "Kebon Kosong Baru" in text(with_cookie)


def test_page_seen_with_a_session_cookie_is_not_kept_for_anonymous_readers(client, page):
    client.cookies["sessionid"] = "not-a-real-session"
    client.get(page)
    client.cookies.pop("sessionid", None)

    count, first_anonymous = queries_for(client, page)

    assert first_anonymous.status_code == 200
    assert count > 0  # rendered: nothing was kept from the request with a cookie


def test_tip_line_is_never_cached_and_keeps_its_headers(client, db, monkeypatch):
    stored = []
    original = PublicCacheMiddleware.__call__

    def watch(self, request):
        response = original(self, request)
        stored.append(getattr(request, "_public_cache_lookup", None))
        return response

    monkeypatch.setattr(PublicCacheMiddleware, "__call__", watch)
    tip = reverse("public:tip")
    for _ in range(3):
        response = client.get(tip)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "no-referrer"
        assert not response.has_header("ETag")
    assert stored == [None, None, None]  # never looked up, never kept
