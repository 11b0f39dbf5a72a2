"""Requests larger than any form of ours are refused before their body is read.

Without this, a 60 MB anonymous upload to /lapor/ was received and spooled in full before the
form refused it. The limit is settings.REQUEST_MAX_BYTES, derived from the upload limits; the
proxies in docs/deployment.md set the same one, so this is the second line, not the only one.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from binaan.headers import never_stored_nor_referred

MB = 1024 * 1024


def declared_length(request) -> int:
    """The Content-Length the client announced; 0 when there is none or it is not a number."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def too_large(request) -> HttpResponse:
    """413 in Indonesian and English, never stored, with no cookie and no referrer."""
    context = {
        "request_mb": settings.REQUEST_MAX_BYTES // MB,
        "photo_mb": settings.PHOTO_MAX_BYTES // MB,
        "pdf_mb": settings.PDF_MAX_BYTES // MB,
    }
    return never_stored_nor_referred(
        HttpResponse(render_to_string("413.html", context), status=413)
    )


class RequestSizeLimitMiddleware:
    """Answer 413 when Content-Length exceeds REQUEST_MAX_BYTES; the body is never read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_length(request) > settings.REQUEST_MAX_BYTES:
            return too_large(request)
        return self.get_response(request)
