"""Anonymous cache hits answered at the top of the middleware stack, before the rest runs.

PublicCacheMiddleware sits just after the tip line's header middleware, before the security,
CSP, session, auth, OTP, audit and axes middleware. For a request that kelurahan/public/cache.py
would answer from its cache (an anonymous GET or HEAD: no session or message cookie) it finds
the stored page (in this process's memory, or in one round trip to the shared cache) and
answers it at once, or 304 when the reader's copy holds.

What is stored is the page as the whole stack sent it out (its security headers, CSP, Vary,
ETag, Cache-Control...), so a hit carries exactly the headers of a rendered response. The view's
@public_page decides that the page may be kept; this middleware keeps it once every other
middleware has added its headers, and only if none of them set a cookie or used the session.

Never here: the tip line (/lapor/: no-store, no-referrer, never cached), any request carrying a
session or message cookie, anything but GET and HEAD.
"""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.utils import translation
from django.utils.cache import get_conditional_response

from kelurahan.public import cache as public_cache
from kelurahan.public.views.tipline import is_tip_path

# Set on the request by the middleware: (PageState, None) when the page must be rendered.
LOOKUP_ATTRIBUTE = "_public_cache_lookup"
# Set on the response by @public_page: the PageState it may be kept under.
KEEP_ATTRIBUTE = "_public_cache_keep"
# Vary values a kept page may carry: the language comes from the address (part of the key).
KEEPABLE_VARY = frozenset({"accept-language"})


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefixes = tuple(
            prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix
        )

    def __call__(self, request):
        if not self._may_answer(request):
            return self.get_response(request)
        language = request_language(request)
        state, stored = public_cache.page_state_and_stored_page(request, language)
        if state is None:  # caching off, or the cache is down
            return self.get_response(request)
        if stored is not None:
            return _answer_stored(request, state, stored)
        setattr(request, LOOKUP_ATTRIBUTE, (state, None))
        response = self.get_response(request)
        if getattr(response, KEEP_ATTRIBUTE, None) == state and _keepable(
            request, response, language
        ):
            public_cache.keep_page(state, response)
        return response

    def _may_answer(self, request) -> bool:
        return (
            settings.PUBLIC_CACHE_SECONDS > 0
            and public_cache.is_anonymous_read(request)
            and not is_tip_path(request.path)
            and not (self.static_prefixes and request.path.startswith(self.static_prefixes))
        )


def request_language(request) -> str:
    """The language LocaleMiddleware will activate for this request (the same steps)."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    from_path = translation.get_language_from_path(request.path_info)
    if not from_path and i18n_patterns_used and not prefixed_default_language:
        return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=i18n_patterns_used)


# A request without any of these is answered the page itself.
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _answer_stored(request, state, stored):
    if not any(name in request.META for name in CONDITIONAL_HEADERS):
        return stored.response()
    not_modified = get_conditional_response(
        request, etag=state.etag, last_modified=state.last_modified
    )
    if not_modified is not None:
        response = public_cache._not_modified(not_modified, stored, state)
        vary = stored.header("Vary")
        if vary is not None:
            response["Vary"] = vary
        return response
    return stored.response()


def _keepable(request, response, language: str) -> bool:
    """Nothing the rest of the stack did makes this page one reader's own."""
    session = getattr(request, "session", None)
    vary = {word.strip().lower() for word in response.get("Vary", "").split(",") if word.strip()}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and vary <= KEEPABLE_VARY
        and response.get("Content-Language") == language
        and not (session is not None and (session.accessed or session.modified))
        and not any(word in response.get("Cache-Control", "") for word in ("private", "no-store"))
    )
