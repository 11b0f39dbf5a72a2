"""Public pages cached whole for anonymous readers, with ETag and Last-Modified.

One line per view: `@public_page` (feeds and the sitemap are wrapped where their URLs are).
For an anonymous GET or HEAD (no session cookie, so nobody is logged in, and no pending
message) the page is:

- answered 304 when the reader's If-None-Match / If-Modified-Since still holds: the ETag comes
  from the public content version, the address and the language, so nothing is rendered;
- else served from the cache (Redis with REDIS_URL, local memory otherwise) with no query;
- else rendered (reads may go to the read replica, binaan/db_router.py) and stored, if it is a
  plain 200 that sets no cookie, used no session or CSRF token and asks not to be kept.

With PublicCacheMiddleware (kelurahan/public/cache_middleware.py) early in MIDDLEWARE, the
lookup and the stored copy are the middleware's: hits are answered before the session, auth,
OTP, audit and axes middleware run, and a page is kept with the headers the whole stack gave it.

Each process also keeps what it last read for a short while (ProcessMemory): the content version
for PUBLIC_CACHE_VERSION_SECONDS (a change made by another process is seen within that time; one
made by this process at once), and the pages it served lately, by address, language and ETag.
A hit inside that time needs no round trip to the shared cache at all.

Everything else (POST, logged-in users, pages without the decorator: the tip line, officer
pages, the admin) goes straight to the view and is never stored.

Invalidation: one "public content version" for all public pages, bumped by every save, delete
and many-to-many change of a model they show (connect_signals(), from KelurahanConfig.ready),
and again when the transaction commits, so a page rendered from not yet committed data is
never kept. Code that writes with QuerySet.update() or bulk_create() sends no signals: it calls
public_content_changed() itself. Pages also show time ("upcoming sessions"), so each
version lasts at most PUBLIC_CACHE_SECONDS. Reports and tips do not bump it, on purpose: a
Last-Modified that moved when a tip arrived would tell the world when someone sent one; the
open-data report counts wait for the next PUBLIC_CACHE_SECONDS instead (they are monthly).
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.http.cookie import SimpleCookie
from django.http.response import ResponseHeaders
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from binaan.db_router import public_reads, replica_configured

logger = logging.getLogger(__name__)

VERSION_KEY = "public-content-version"
PAGE_KEY_PREFIX = "public-page"
AGGREGATE_KEY_PREFIX = "public-aggregate"
# Aggregates kept by content version are recomputed at least this often all the same.
AGGREGATE_SECONDS = 300
# Models whose rows public pages show.
PUBLIC_MODELS = (
    "Provinsi",
    "Kota",
    "Kecamatan",
    "Kelurahan",
    "Office",
    "OutreachSession",
    "SessionPhoto",
    "SessionMaterial",
    "LiaisonOfficer",
    "LiaisonAssignment",
    "Topic",
    "FaqEntry",
    "Partner",
    "Article",
    "PassportServiceDay",
)
# Right after a change the replica may not have it yet: render from the primary meanwhile.
REPLICA_LAG_SECONDS = 10
NANOSECONDS = 1_000_000_000
SKIP_CACHE_COOKIES = frozenset({settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name})
# What one process keeps of the pages it served: their bodies in all, and one page at most.
PROCESS_PAGES_BYTES = 16 * 1024 * 1024
PROCESS_PAGE_MAX_BYTES = 1024 * 1024


def public_page(view):
    """Cache the view's page for anonymous readers and answer conditional GETs (see above)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_anonymous_read(request):
            return view(request, *args, **kwargs)
        # PublicCacheMiddleware has looked the page up already (and found no stored copy).
        looked_up = getattr(request, "_public_cache_lookup", None)
        state, stored = looked_up or page_state_and_stored_page(request)
        if state is None:  # caching is off, or the cache is down: the page as it is now
            return _render(view, request, args, kwargs, use_replica=True)
        not_modified = get_conditional_response(
            request, etag=state.etag, last_modified=state.last_modified
        )
        if not_modified is not None:
            return _not_modified(not_modified, stored, state)
        if stored is not None:
            return stored.response()
        response = _render(view, request, args, kwargs, use_replica=not state.recently_changed)
        if not _storable(request, response):
            return response
        response = _with_validators(response, state)
        if looked_up:  # the middleware keeps it, with the headers the whole stack adds
            response._public_cache_keep = state
            return response
        keep_page(state, response)
        return response

    wrapper.cached_public_page = True  # type: ignore[attr-defined]
    return wrapper


def is_anonymous_read(request) -> bool:
    """A GET or HEAD without a session (so without a login) and without pending messages."""
    return request.method in ("GET", "HEAD") and not SKIP_CACHE_COOKIES & request.COOKIES.keys()


@dataclass(frozen=True)
class PageState:
    """One page (address and language) at the current content version and time slot."""

    etag: str
    key: str
    last_modified: int  # seconds since the epoch
    recently_changed: bool


def page_state_and_stored_page(
    request, language: str | None = None
) -> tuple[PageState | None, "StoredPage | None"]:
    """The page's state now, and its stored copy if that is of this state.

    Inside PUBLIC_CACHE_VERSION_SECONDS of the last read of the content version, a page this
    process served lately costs no round trip; any other hit costs one: the content version
    and the stored page are read together (the page is stored under its address, with the
    state it was rendered at). language: the request's, when not yet activated.
    """
    if settings.PUBLIC_CACHE_SECONDS <= 0:
        return None, None
    page = (request.scheme, request.get_host(), request.get_full_path(), language or get_language())
    page_hash = hashlib.sha256("\n".join(page).encode()).hexdigest()
    key = f"{PAGE_KEY_PREFIX}:{page_hash}"
    version = process_memory.fresh_version()
    if version is not None:
        state = _page_state(page_hash, key, version)
        kept = process_memory.page(key, state.etag)
        if kept is not None:
            return state, kept
        return state, _stored_page(_safely(cache.get, key), state)
    found = _safely(cache.get_many, [VERSION_KEY, key])
    if found is None:  # the cache is down
        return None, None
    version = found.get(VERSION_KEY) or _start_content_version()
    if version is None:
        return None, None
    process_memory.remember_version(version)
    state = _page_state(page_hash, key, version)
    return state, _stored_page(found.get(key), state)


def _stored_page(stored, state: PageState) -> "StoredPage | None":
    """The shared cache's copy if it is of this state, remembered by this process."""
    if stored is None or stored[0] != state.etag:
        return None
    page = StoredPage(*stored)
    process_memory.keep(state.key, page)
    return page


def keep_page(state: PageState, response) -> None:
    """Store the page in the shared cache and in this process's memory."""
    page = StoredPage(state.etag, response.content, list(response.items()))
    _safely(cache.set, state.key, page.frozen(), timeout=settings.PUBLIC_CACHE_SECONDS)
    process_memory.keep(state.key, page)


class StoredPage:
    """A kept page: the state (ETag) it was rendered at, its body and its headers.

    The shared cache holds frozen() (a plain tuple); a process builds the response from it
    once and hands out a fresh response per hit, with the headers already checked.
    """

    def __init__(self, etag: str, content: bytes, headers: list[tuple[str, str]]):
        self.etag, self.content, self.headers = etag, content, headers
        self._response = _response_of(content, headers)

    def frozen(self) -> tuple[str, bytes, list[tuple[str, str]]]:
        return self.etag, self.content, self.headers

    def header(self, name: str) -> str | None:
        return self._response.get(name)

    def response(self) -> HttpResponse:
        """A new response with this page's body and headers (nothing shared that changes)."""
        headers = ResponseHeaders({})
        # Copied as they are: each was checked and encoded when the page was kept.
        headers._store = self._response.headers._store.copy()
        response = HttpResponse.__new__(HttpResponse)
        # The cookies and the list of things to close after the request are this request's own.
        vars(response).update(
            vars(self._response), headers=headers, cookies=SimpleCookie(), _resource_closers=[]
        )
        return response


def _response_of(content: bytes, headers: list[tuple[str, str]]) -> HttpResponse:
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


class ProcessMemory:
    """The content version and the pages this process read lately (see the module's text).

    The version is trusted for PUBLIC_CACHE_VERSION_SECONDS after it was read; pages are kept
    least recently used first out, PROCESS_PAGES_BYTES of bodies in all, and are only ever
    answered for the ETag they were rendered at (which changes with the version).
    """

    def __init__(self, clock=time.monotonic):
        self._lock = threading.Lock()
        self.clock = clock  # seconds; tests move it on
        self.forget()

    def forget(self) -> None:
        with self._lock:
            self._version: int | None = None
            self._read_at = 0.0
            self._pages: OrderedDict[str, StoredPage] = OrderedDict()
            self._bytes = 0

    def fresh_version(self) -> int | None:
        age = self.clock() - self._read_at
        return self._version if age < settings.PUBLIC_CACHE_VERSION_SECONDS else None

    def remember_version(self, version: int) -> None:
        self._version, self._read_at = version, self.clock()

    def page(self, key: str, etag: str) -> StoredPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None or page.etag != etag:
                return None
            self._pages.move_to_end(key)
            return page

    def keep(self, key: str, page: StoredPage) -> None:
        if len(page.content) > PROCESS_PAGE_MAX_BYTES:
            return
        with self._lock:
            previous = self._pages.pop(key, None)
            self._bytes += len(page.content) - (len(previous.content) if previous else 0)
            self._pages[key] = page
            while self._bytes > PROCESS_PAGES_BYTES:
                _key, oldest = self._pages.popitem(last=False)
                self._bytes -= len(oldest.content)


process_memory = ProcessMemory()


def _page_state(page_hash: str, key: str, version: int) -> PageState:
    seconds = settings.PUBLIC_CACHE_SECONDS
    now = time.time_ns()
    # Each page starts its time slots at its own offset: pages do not all expire at once.
    offset = int(page_hash[:8], 16) % seconds
    slot = (now // NANOSECONDS + offset) // seconds
    digest = hashlib.sha256(f"{version}\n{slot}\n{page_hash}".encode()).hexdigest()[:40]
    return PageState(
        etag=f'"{digest}"',
        key=key,
        last_modified=max(version // NANOSECONDS, slot * seconds - offset),
        recently_changed=now - version < REPLICA_LAG_SECONDS * NANOSECONDS,
    )


def _start_content_version() -> int | None:
    """A new or emptied cache: the content version starts now."""
    _safely(cache.add, VERSION_KEY, time.time_ns(), timeout=None)
    return _safely(cache.get, VERSION_KEY)


def kept_by_content_version(name: str, compute, timeout: int = AGGREGATE_SECONDS):
    """compute()'s value, worked out once per public content version and kept in the cache.

    For figures that grow with the data (the home page's totals over every binaan place and
    every session): any change a public page shows bumps the version, so they are never stale
    for longer than the cache takes to see the bump, and at most `timeout` seconds in any case.
    Used whether or not whole pages are cached (PUBLIC_CACHE_SECONDS). The cache being down
    costs speed only: the value is computed.
    """
    key = f"{AGGREGATE_KEY_PREFIX}:{name}"
    found = _safely(cache.get_many, [VERSION_KEY, key]) or {}
    version = found.get(VERSION_KEY) or _start_content_version()
    stored = found.get(key)
    if version is not None and stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    if version is not None:
        _safely(cache.set, key, (version, value), timeout=timeout)
    return value


def bump_public_content_version() -> None:
    """Make every cached public page, ETag and Last-Modified stale at once.

    This process sees the new version at once, even if the shared cache is down; the others
    within PUBLIC_CACHE_VERSION_SECONDS.
    """
    previous = max(_safely(cache.get, VERSION_KEY) or 0, process_memory.fresh_version() or 0)
    version = max(time.time_ns(), previous + 1)
    _safely(cache.set, VERSION_KEY, version, timeout=None)
    process_memory.remember_version(version)


def _bump_after_commit() -> None:
    bump_public_content_version()


def public_content_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Bump now (for this transaction's own reads) and again once it commits.

    Signals call it for every save; call it yourself after QuerySet.update(), bulk_create()
    or bulk_update() of a model in PUBLIC_MODELS.
    """
    bump_public_content_version()
    connection = connections[using or DEFAULT_DB_ALIAS]
    if connection.in_atomic_block and not _bump_pending(connection):
        transaction.on_commit(_bump_after_commit, using=connection.alias)


def _on_public_model_change(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    public_content_changed(using)


def _bump_pending(connection) -> bool:
    """Once per transaction is enough; a rolled-back savepoint drops its callbacks too."""
    pending = getattr(connection, "run_on_commit", ())
    return any(entry[1] is _bump_after_commit for entry in pending)


def connect_signals() -> None:
    for name in PUBLIC_MODELS:
        model = apps.get_model("kelurahan", name)
        uid = f"public-cache-{name}"
        post_save.connect(_on_public_model_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_public_model_change, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _on_public_model_change, sender=through, dispatch_uid=f"{uid}-{field.name}"
            )


def _render(view, request, args, kwargs, *, use_replica: bool) -> HttpResponse:
    if not (use_replica and replica_configured()):
        return _rendered(view(request, *args, **kwargs))
    try:
        with public_reads():
            return _rendered(view(request, *args, **kwargs))
    except OperationalError:
        logger.warning("The read replica failed; the page is read from the primary.")
        return _rendered(view(request, *args, **kwargs))


def _rendered(response):
    """Template responses (the sitemap) are rendered now, while reads may use the replica."""
    render = getattr(response, "render", None)
    if callable(render) and not getattr(response, "is_rendered", True):
        response = render() or response
    return response


def _storable(request, response) -> bool:
    """A plain 200 that is the same for every anonymous reader and may be kept."""
    cache_control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Vary")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and (session.accessed or session.modified))
        and not any(word in cache_control for word in ("private", "no-store"))
    )


def _with_validators(response, state: PageState):
    """ETag and Last-Modified; browsers keep the page but ask again before showing it."""
    response["ETag"] = state.etag
    response["Last-Modified"] = http_date(state.last_modified)
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, no_cache=True)
    return response


def _not_modified(response, stored, state: PageState):
    """A 304 repeats the validators and, when the page is at hand, its Cache-Control."""
    response["ETag"] = state.etag
    response["Last-Modified"] = http_date(state.last_modified)
    cache_control = stored.header("Cache-Control") if stored is not None else None
    if cache_control is not None:
        response["Cache-Control"] = cache_control
    return response


def _safely(operation, *args, **kwargs):
    """A cache that is down costs speed, never a page or a save."""
    try:
        return operation(*args, **kwargs)
    except Exception as error:
        logger.warning(
            "The cache did not answer %s (%s).", operation.__name__, type(error).__name__
        )
        return None
