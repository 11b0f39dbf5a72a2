"""What each process keeps of the public cache: the content version for a second, and the pages
it served lately, so a cache hit needs no round trip to the shared cache (issue 12, goal 3)."""

import time

import pytest
from django.urls import reverse

from kelurahan import privacy, services
from kelurahan.public import cache as public_cache
from tests.support import factories
from tests.support.publicpages import get, text

VERSION_SECONDS = 1.0


class Clock:
    """time.monotonic() that moves on only when told to."""

    def __init__(self):
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _process_memory_on(settings):
    settings.PUBLIC_CACHE_SECONDS = 24 * 3600  # one cache slot per test
    settings.PUBLIC_CACHE_VERSION_SECONDS = VERSION_SECONDS


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(public_cache.process_memory, "clock", clock)
    return clock


@pytest.fixture
def session(kebon_kosong):
    return factories.session(kebon_kosong, title="Sosialisasi TPPO di RW 05")


@pytest.fixture
def page(session) -> str:
    return reverse("public:session", args=[session.pk])


@pytest.fixture
def shared_reads(monkeypatch) -> list[str]:
    """Every read of the shared cache by the public cache, by method name."""
    reads = []
    for name in ("get", "get_many"):
        original = getattr(public_cache.cache, name)
        monkeypatch.setattr(public_cache.cache, name, _counting(reads, name, original))
    return reads


def _counting(reads, name, original):
    def read(*args, **kwargs):
        reads.append(name)
        return original(*args, **kwargs)

    return read


def test_hit_within_the_version_time_needs_no_round_trip_to_the_shared_cache(
    client, page, clock, shared_reads, django_assert_num_queries
):
    first = get(client, page)
    shared_reads.clear()

    with django_assert_num_queries(0):
        hit = get(client, page)
    assert shared_reads == []
    assert hit.content == first.content

    clock.now += VERSION_SECONDS  # the version is read again, with the page: one round trip
    assert get(client, page).content == first.content
    assert shared_reads[0] == "get_many"


def test_change_by_another_worker_is_seen_within_the_version_time(
    client, page, session, clock, monkeypatch
):
    assert "Balai RW 07" not in text(get(client, page))  # kept by this worker
    this_worker = public_cache.process_memory
    monkeypatch.setattr(public_cache, "process_memory", public_cache.ProcessMemory(clock))
    services.session_update(session=session, by=None, venue="Balai RW 07")  # another worker
    monkeypatch.setattr(public_cache, "process_memory", this_worker)

    assert "Balai RW 07" not in text(get(client, page))  # this worker still trusts its version
    clock.now += VERSION_SECONDS

    assert "Balai RW 07" in text(get(client, page))


def test_change_by_this_worker_is_seen_at_once(client, page, session, clock):
    get(client, page)
    get(client, page)  # answered from this process's memory

    services.session_update(session=session, by=None, venue="Balai RW 07")

    assert "Balai RW 07" in text(get(client, page))


def test_change_is_seen_at_once_even_when_the_shared_cache_is_down(
    client, page, session, clock, monkeypatch
):
    get(client, page)

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    for name in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(public_cache.cache, name, down)
    services.session_update(session=session, by=None, venue="Balai RW 07")

    assert "Balai RW 07" in text(get(client, page))


def test_hit_from_process_memory_carries_the_headers_of_the_rendered_page(client, page, clock):
    english = "/en" + page
    for path in (page, english, reverse("public:home"), reverse("public:sessions_rss")):
        rendered = get(client, path)
        public_cache.process_memory.forget()
        from_shared_cache = get(client, path)
        from_process = get(client, path)
        assert from_process.status_code == 200, path
        assert dict(from_process.items()) == dict(rendered.items()), path
        assert dict(from_shared_cache.items()) == dict(rendered.items()), path
        assert from_process.content == rendered.content, path


def test_each_hit_is_a_response_of_its_own(client, page, clock):
    get(client, page)
    hit = get(client, page)
    hit["X-Changed"] = "by one reader"
    hit.set_cookie("taste", "sweet")

    again = get(client, page)

    assert not again.has_header("X-Changed")
    assert not again.cookies.get("taste")
    assert again.content == hit.content


def test_request_with_a_session_cookie_is_never_answered_from_process_memory(
    client, page, session, clock
):
    get(client, page)
    get(client, page)
    # A change that sends no signal leaves the kept copy as it was.
    type(session).objects.filter(pk=session.pk).update(venue="Balai RW 07")
    assert "Balai RW 07" not in text(get(client, page))

    client.cookies["sessionid"] = "not-a-real-session"

    assert "Balai RW 07" in text(client.get(page))


def test_conditional_get_is_answered_304_from_process_memory(client, page, clock, shared_reads):
    first = get(client, page)
    shared_reads.clear()

    again = client.get(page, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert (again["ETag"], again["Cache-Control"]) == (first["ETag"], first["Cache-Control"])
    assert shared_reads == []


def _page(size: int) -> public_cache.StoredPage:
    return public_cache.StoredPage('"etag"', b"x" * size, [("Content-Type", "text/html")])


def test_process_memory_drops_the_least_recently_served_pages_first(monkeypatch):
    monkeypatch.setattr(public_cache, "PROCESS_PAGES_BYTES", 300)
    monkeypatch.setattr(public_cache, "PROCESS_PAGE_MAX_BYTES", 150)
    memory = public_cache.ProcessMemory()
    for key in ("a", "b", "c"):
        memory.keep(key, _page(100))
    assert memory.page("a", '"etag"') is not None  # a was served again: b is now the oldest

    memory.keep("d", _page(100))
    memory.keep("big", _page(151))

    kept = [key for key in ("a", "b", "c", "d", "big") if memory.page(key, '"etag"')]
    assert kept == ["a", "c", "d"]
    assert memory.page("a", '"another etag"') is None  # only ever for the state it was kept at


def test_tip_line_prefixes_are_worked_out_once_and_again_after_a_urlconf_change(
    settings, monkeypatch
):
    assert privacy.tip_path_prefixes() == privacy._reversed_tip_path_prefixes()
    monkeypatch.setattr(privacy, "_reversed_tip_path_prefixes", lambda: ("/elsewhere/",))
    assert "/lapor/" in privacy.tip_path_prefixes()  # kept: not worked out per request

    settings.ROOT_URLCONF = "binaan.ops.benchmark.urls"

    assert privacy.tip_path_prefixes() == ("/elsewhere/",)
