"""The printable A4 notice of a passport service day: when, where, what to bring, a QR code.

Like the poster (kelurahan/printing/poster.py, whose building blocks it reuses), the notice is
a printed public artefact in fixed Indonesian. The checklist follows what Ditjen Imigrasi
publishes (imigrasi.go.id); fees and anything else are left to the office to confirm.
"""

import io

from django.utils import translation
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from kelurahan.printing.fonts import FONT_REGULAR, register_fonts
from kelurahan.printing.poster import (
    BOTTOM,
    BRAND,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    OK,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PROGRAMME_OWNER,
    _header,
    _office_lines,
    _Pen,
    _warning,
)
from kelurahan.printing.qr import draw_qr
from kelurahan.printing.text import waktu

QR_SIZE = 170
INK = HexColor("#1b1f24")
ADULT_DOCUMENTS = (
    "e-KTP (KTP elektronik)",
    "Kartu Keluarga (KK)",
    "Akta kelahiran, ijazah, atau buku nikah (salah satu)",
    "Paspor lama, jika pernah punya",
)
CHILD_DOCUMENTS = (
    "Anak: akta kelahiran anak dan Kartu Keluarga",
    "e-KTP ayah dan ibu, serta buku nikah/akta perkawinan orang tua",
    "Paspor lama anak, jika ada; anak datang bersama orang tua",
)
GROUP_LINES = {
    "children_under_5": "Khusus anak di bawah 5 tahun",
    "elderly_over_60": "Khusus warga lanjut usia (di atas 60 tahun)",
    "disabilities": "Khusus warga penyandang disabilitas",
}
SOURCE_LINE = (
    "Bawa dokumen asli. Persyaratan menurut imigrasi.go.id; biaya dan syarat lain: "
    "tanyakan ke kantor imigrasi."
)


def build_passport_notice(*, day, url: str) -> bytes:
    """The notice as PDF bytes: one A4 portrait page."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=FONT_REGULAR)
    kelurahan, office = day.kelurahan, day.kelurahan.office
    canvas.setTitle(f"Layanan Paspor Kelurahan {kelurahan.name}")
    canvas.setAuthor(office.name if office else PROGRAMME_OWNER)
    canvas.setSubject("Layanan paspor di kelurahan (Eazy Passport)")
    with translation.override("id"):
        _header(canvas, office)
        top = _title(canvas, day)
        draw_qr(canvas, url, PAGE_WIDTH - MARGIN - QR_SIZE, top - QR_SIZE, QR_SIZE)
        bottom = _when_where(canvas, day, top)
        bottom = _checklist(canvas, min(bottom, top - QR_SIZE - 10) - 14)
        _contact(canvas, office, bottom - 12)
        # The poster's warning against brokers: a passport is where illegal recruitment starts.
        _warning(canvas, bottom=BOTTOM)
        _footer(canvas, url)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _title(canvas: Canvas, day) -> float:
    pen = _Pen(canvas, MARGIN, PAGE_HEIGHT - 86, CONTENT_WIDTH)
    pen.text("Layanan Paspor di Kelurahan", size=28, bold=True, max_lines=2)
    pen.text("Eazy Passport — Kantor Imigrasi datang ke warga", size=14, color=MUTED)
    kelurahan = day.kelurahan
    pen.gap(4).text(
        f"Kelurahan {kelurahan.name}, Kecamatan {kelurahan.kecamatan.name}", size=15, bold=True
    )
    if day.vulnerable_group in GROUP_LINES:
        pen.text(GROUP_LINES[day.vulnerable_group], size=13, bold=True, color=OK)
    return pen.y - 12


def _when_where(canvas: Canvas, day, top: float) -> float:
    pen = _Pen(canvas, MARGIN, top, CONTENT_WIDTH - QR_SIZE - 20)
    pen.text("Waktu", size=12, bold=True, color=MUTED)
    pen.text(waktu(day.starts_at, day.ends_at), size=14, bold=True, color=INK, max_lines=3)
    pen.gap(6).text("Tempat", size=12, bold=True, color=MUTED)
    pen.text(day.venue, size=14, bold=True, color=INK, max_lines=2)
    if day.address:
        pen.text(day.address, size=11, color=INK, max_lines=2)
    pen.gap(6).text("Pindai kode QR untuk info terbaru.", size=10.5, color=MUTED)
    return pen.y


def _checklist(canvas: Canvas, top: float) -> float:
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(1.5)
    canvas.line(MARGIN, top, PAGE_WIDTH - MARGIN, top)
    pen = _Pen(canvas, MARGIN, top, CONTENT_WIDTH)
    pen.gap(2).text("Yang perlu dibawa", size=15, bold=True)
    for line in ADULT_DOCUMENTS + CHILD_DOCUMENTS:
        pen.text(f"\u2022 {line}", size=12, color=INK, leading=1.45, max_lines=2)
    pen.gap(4).text(SOURCE_LINE, size=10.5, color=MUTED, max_lines=3)
    return pen.y


def _contact(canvas: Canvas, office, top: float) -> None:
    pen = _Pen(canvas, MARGIN, top, CONTENT_WIDTH)
    if office is None:
        pen.text("Hubungi kantor imigrasi terdekat.", size=12)
        return
    pen.text(office.name, size=12, bold=True, max_lines=2)
    for line in _office_lines(office):
        pen.text(line, size=10.5, max_lines=2)
    pen.gap(6).text(
        "Tanpa calo. Bayar hanya biaya resmi (PNBP) sesuai ketentuan.", size=11, bold=True
    )


def _footer(canvas: Canvas, url: str) -> None:
    """Like the poster's footer, without "free": a passport has an official fee."""
    canvas.setFont(FONT_REGULAR, 9)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(
        PAGE_WIDTH / 2, 24, f"Informasi terbaru: {url.split('://', 1)[-1]}  ·  Tanpa calo."
    )
