"""Printable PDFs and QR images for posters, slides and attendance sheets.

Printed codes always point at the Indonesian URLs (no /en/ prefix): the short permanent
URL /k/<kode> for a kelurahan and /sosialisasi/<pk>/ for a session. No personal data.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from kelurahan.models import Kelurahan, OutreachSession
from kelurahan.printing.attendance import build_attendance_sheet
from kelurahan.printing.poster import PROGRAMME_OWNER, build_poster
from kelurahan.printing.qr import qr_png, qr_svg
from kelurahan.selectors.public import poster_content

QR_CACHE_SECONDS = 3600
IMAGE_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def _printed_url(request, obj, method: str = "get_absolute_url") -> str:
    """The absolute Indonesian URL of obj, as printed in a QR code."""
    with translation.override("id"):
        return request.build_absolute_uri(getattr(obj, method)())


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _qr_response(url: str, fmt: str, name: str, title: str) -> HttpResponse:
    content = qr_png(url) if fmt == "png" else qr_svg(url, title=title)
    return _file(content, IMAGE_TYPES[fmt], f"{name}.{fmt}")


def _published_session(pk: int, *related: str) -> OutreachSession:
    sessions = OutreachSession.objects.published().select_related(*related)
    return get_object_or_404(sessions, pk=pk)


@require_safe
def kelurahan_poster(request, slug):
    """The A4 poster with the QR code of the kelurahan's short permanent URL."""
    poster = poster_content(slug, lambda k: _printed_url(request, k, "get_short_url"))
    return _file(build_poster(poster), "application/pdf", f"poster-{slug}.pdf")


@require_safe
@cache_control(public=True, max_age=QR_CACHE_SECONDS)
def kelurahan_qr(request, slug, fmt):
    """The QR code of the kelurahan's short permanent URL, for slides and banners."""
    kelurahan = get_object_or_404(Kelurahan.objects.only("kode", "slug", "name"), slug=slug)
    url = _printed_url(request, kelurahan, "get_short_url")
    return _qr_response(url, fmt, f"qr-{slug}", f"Kelurahan {kelurahan.name}")


@require_safe
@cache_control(public=True, max_age=QR_CACHE_SECONDS)
def session_qr(request, pk, fmt):
    """The QR code of a published session's page."""
    session = _published_session(pk)
    url = _printed_url(request, session)
    return _qr_response(url, fmt, f"qr-sosialisasi-{pk}", session.title)


@require_safe
def session_attendance_sheet(request, pk):
    """The printable attendance sheet of a published session; it holds no names."""
    session = _published_session(pk, "kelurahan__kecamatan", "kelurahan__office")
    if not session.offers_attendance_sheet():
        raise Http404("A cancelled session has no attendance sheet.")
    pdf = build_attendance_sheet(
        session=session,
        kelurahan=session.kelurahan,
        url=_printed_url(request, session),
        office_name=getattr(session.kelurahan.office, "name", PROGRAMME_OWNER),
        topics=[topic.name for topic in session.topics.all()],
    )
    return _file(pdf, "application/pdf", f"daftar-hadir-{pk}.pdf")
