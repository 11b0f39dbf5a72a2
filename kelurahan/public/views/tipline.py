"""Rules for every request under the tip line (/lapor/, /en/lapor/), whatever answers it.

- TipLineHeadersMiddleware (first in MIDDLEWARE, so it sees every answer, errors and redirects
  included): Cache-Control no-store and Referrer-Policy no-referrer.
- TipLineSessionMiddleware (just after SessionMiddleware): the tip line never sees or touches
  the browser's session. A logged-in staff member or officer who opens /lapor/ is anonymous
  there, and their session is neither read, saved nor extended, so no Set-Cookie is sent.
- is_cross_site(request): drive-by POSTs from another site are refused, without a cookie.
"""

from urllib.parse import urlsplit

from django.contrib.sessions.backends.base import SessionBase

from kelurahan.privacy import tip_path_prefixes


def is_tip_path(path: str) -> bool:
    prefixes = tip_path_prefixes()
    return path.startswith(prefixes) or f"{path}/" in prefixes


class _NoSession(SessionBase):
    """An empty session that is never loaded from or saved anywhere."""

    def exists(self, session_key):
        return False

    def create(self):
        pass

    def save(self, must_create=False):
        pass

    def delete(self, session_key=None):
        pass

    def load(self):
        return {}


class TipLineHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_tip_path(request.path):
            response["Cache-Control"] = "no-store"
            response["Referrer-Policy"] = "no-referrer"
        return response


class TipLineSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_tip_path(request.path):
            return self.get_response(request)
        own = request.session
        request.session = _NoSession()
        try:
            return self.get_response(request)
        finally:
            request.session = own  # untouched: SessionMiddleware saves and sets nothing


def is_cross_site(request) -> bool:
    """True for a POST another site made a browser send (Sec-Fetch-Site or Origin say so).

    `Origin: null` is what our own pages send under Referrer-Policy: no-referrer, so it passes;
    so do old browsers that send neither header.
    """
    if request.META.get("HTTP_SEC_FETCH_SITE", "").lower() == "cross-site":
        return True
    origin = request.META.get("HTTP_ORIGIN", "")
    if not origin or origin == "null":
        return False
    try:
        host = urlsplit(origin).netloc.lower()
    except ValueError:
        return True
    return host != request.get_host().lower()
