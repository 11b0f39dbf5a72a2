"""The printable A4 poster of a kelurahan: QR code, contacts, next session, hotlines.

The poster is a printed public artefact, so its wording is fixed Indonesian with one
English line, written here rather than in the translation catalogue.
"""

import io
from dataclasses import dataclass, field

from django.utils import translation
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from kelurahan.hotlines import HOTLINES
from kelurahan.models import Kelurahan, Office, OutreachSession
from kelurahan.printing.fonts import FONT_BOLD, FONT_REGULAR, register_fonts
from kelurahan.printing.qr import draw_qr
from kelurahan.printing.text import tanggal_saja, waktu, wrap

BRAND = HexColor("#0b3a66")
OK = HexColor("#1f6b3a")
MUTED = HexColor("#4a5360")
DANGER = HexColor("#a31919")
HOTLINE_BACKGROUND = HexColor("#fff8d6")
HOTLINE_BORDER = HexColor("#c9a400")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 40
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 230
BOTTOM = 46
MAX_LIAISONS = 3
# Who signs the poster of a desa/kelurahan no office covers yet.
PROGRAMME_OWNER = "Direktorat Jenderal Imigrasi"

WARNING = (
    "Waspada tawaran kerja ke luar negeri lewat calo atau tanpa kontrak resmi. "
    "Bisa jadi perdagangan orang (TPPO) atau penyelundupan manusia (TPPM). Laporkan!"
)
WARNING_ENGLISH = (
    "Beware of job offers abroad through brokers: it may be trafficking or smuggling. Report it."
)


@dataclass
class Poster:
    """Everything printed on the poster; the view reads it, build_poster draws it."""

    kelurahan: Kelurahan
    office: Office | None
    short_url: str
    liaisons: list = field(default_factory=list)
    next_session: OutreachSession | None = None


class _Pen:
    """Draws wrapped text downwards from a starting point and remembers where it ended."""

    def __init__(self, canvas: Canvas, x: float, y: float, width: float):
        self.canvas, self.x, self.y, self.width = canvas, x, y, width

    def text(self, value, size=11, bold=False, color=BRAND, leading=1.25, max_lines=4):
        font = FONT_BOLD if bold else FONT_REGULAR
        self.canvas.setFont(font, size)
        self.canvas.setFillColor(color)
        for line in wrap(value, font, size, self.width, max_lines):
            self.y -= size * leading
            self.canvas.drawString(self.x, self.y, line)
        return self

    def gap(self, points: float):
        self.y -= points
        return self


def build_poster(poster: Poster) -> bytes:
    """The poster as PDF bytes: one A4 portrait page."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=FONT_REGULAR)
    kelurahan = poster.kelurahan
    canvas.setTitle(f"Poster Kelurahan {kelurahan.name}")
    canvas.setAuthor(poster.office.name if poster.office else PROGRAMME_OWNER)
    canvas.setSubject("Program Desa/Kelurahan Binaan")
    with translation.override("id"):
        _header(canvas, poster.office)
        top = _title(canvas, kelurahan)
        bottom = min(_qr_block(canvas, poster.short_url, top), _contacts(canvas, poster, top))
        _next_session(canvas, poster.next_session, top=bottom - 14)
        # Hotlines and the warning sit at the foot of the page, where people look last.
        warning_top = _warning(canvas, bottom=BOTTOM)
        _hotlines(canvas, bottom=warning_top + 16)
        _footer(canvas, poster.short_url)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _header(canvas: Canvas, office) -> None:
    canvas.setFillColor(BRAND)
    canvas.rect(0, PAGE_HEIGHT - 78, PAGE_WIDTH, 78, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(FONT_BOLD, 20)
    canvas.drawString(MARGIN, PAGE_HEIGHT - 38, "PROGRAM DESA/KELURAHAN BINAAN")
    canvas.setFont(FONT_REGULAR, 12)
    name = wrap(office.name if office else PROGRAMME_OWNER, FONT_REGULAR, 12, CONTENT_WIDTH, 1)
    canvas.drawString(MARGIN, PAGE_HEIGHT - 60, name[0])


def _title(canvas: Canvas, kelurahan) -> float:
    pen = _Pen(canvas, MARGIN, PAGE_HEIGHT - 86, CONTENT_WIDTH)
    pen.text(f"Kelurahan {kelurahan.name}", size=32, bold=True, max_lines=2)
    city = kelurahan.kecamatan.kota.short_name
    pen.text(f"Kecamatan {kelurahan.kecamatan.name}, {city}", size=15, color=MUTED)
    pen.gap(4)
    if kelurahan.is_binaan:
        since = tanggal_saja(kelurahan.binaan_since)
        pen.text(f"Kelurahan Binaan Imigrasi sejak {since}", size=15, bold=True, color=OK)
    else:
        pen.text("Belum menjadi kelurahan binaan imigrasi", size=15, bold=True, color=MUTED)
    return pen.y - 12


def _qr_block(canvas: Canvas, url: str, top: float) -> float:
    x = PAGE_WIDTH - MARGIN - QR_SIZE
    draw_qr(canvas, url, x, top - QR_SIZE, QR_SIZE)
    centre = x + QR_SIZE / 2
    canvas.setFillColor(BRAND)
    canvas.setFont(FONT_BOLD, 12)
    canvas.drawCentredString(centre, top - QR_SIZE - 2, "Pindai: jadwal, petugas, bantuan")
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT_REGULAR, 10.5)
    y = top - QR_SIZE - 2
    # The printed address is whole, on as many lines as it needs.
    for line in wrap(url.split("://", 1)[-1], FONT_REGULAR, 10.5, QR_SIZE):
        y -= 14
        canvas.drawCentredString(centre, y, line)
    return y


def _contacts(canvas: Canvas, poster: Poster, top: float) -> float:
    pen = _Pen(canvas, MARGIN, top, CONTENT_WIDTH - QR_SIZE - 20)
    pen.text("Petugas Imigrasi Pembina (PIMPASA)", size=13, bold=True)
    if not poster.liaisons:
        pen.text("Belum ada petugas; silakan hubungi kantor imigrasi.", color=MUTED)
    for officer in poster.liaisons[:MAX_LIAISONS]:
        pen.gap(3).text(officer.name, size=13, bold=True, color=HexColor("#1b1f24"))
        pen.text(officer.position, size=10, color=MUTED, max_lines=1)
        phones = [f"Telp. {officer.phone}" if officer.phone else ""]
        phones.append(f"WhatsApp {officer.whatsapp}" if officer.whatsapp else "")
        if any(phones):
            pen.text("  ·  ".join(p for p in phones if p), size=11)
    office = poster.office
    if office is None:
        pen.gap(8).text("Hubungi kantor imigrasi terdekat atau hotline di bawah.", size=11)
        return pen.y
    pen.gap(8).text(office.name, size=12, bold=True, max_lines=2)
    for line in _office_lines(office):
        pen.text(line, size=10.5, max_lines=2)
    return pen.y


def _office_lines(office) -> list[str]:
    lines = [office.address.replace("\n", ", ")] if office.address else []
    if office.phone:
        lines.append(f"Telp. {office.phone}")
    if office.whatsapp:
        lines.append(f"WhatsApp {office.whatsapp}")
    if office.email:
        lines.append(f"Surel {office.email}")
    if office.website:
        lines.append(office.website)
    return lines


def _next_session(canvas: Canvas, session, top: float) -> None:
    pen = _Pen(canvas, MARGIN, top, CONTENT_WIDTH)
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(1.5)
    canvas.line(MARGIN, top, PAGE_WIDTH - MARGIN, top)
    pen.gap(2).text("Sosialisasi berikutnya", size=14, bold=True)
    if session is None:
        pen.text("Jadwal sosialisasi berikutnya akan diumumkan. Pindai kode QR untuk info terbaru.")
        return
    pen.text(session.title, size=13, bold=True, color=HexColor("#1b1f24"), max_lines=4)
    pen.text(waktu(session.starts_at, session.ends_at), size=12)
    place = ", ".join(part for part in (session.venue, session.address) if part)
    pen.text(place, size=11, color=MUTED, max_lines=2)


def _hotline_text(line: dict) -> str:
    """ "Polisi 110", "SAPA 129 · WhatsApp 08111-129-129": the number said once."""
    name, contact = str(line["name"]), line["contact"]
    text = name if contact in name else f"{name}  {contact}"
    if line.get("whatsapp"):
        text += f"  ·  WhatsApp {line['whatsapp']}"
    return text


def _hotlines(canvas: Canvas, bottom: float) -> None:
    lines = [_hotline_text(line) for line in HOTLINES]
    height = 32 + 25 * len(lines)
    top = bottom + height
    canvas.setFillColor(HOTLINE_BACKGROUND)
    canvas.setStrokeColor(HOTLINE_BORDER)
    canvas.setLineWidth(2)
    canvas.roundRect(MARGIN, bottom, CONTENT_WIDTH, height, 6, stroke=1, fill=1)
    pen = _Pen(canvas, MARGIN + 12, top - 4, CONTENT_WIDTH - 24)
    pen.text("Butuh bantuan? Hubungi layanan gratis ini:", size=13, bold=True)
    for text in lines:
        pen.text(text, size=17, bold=True, color=HexColor("#1b1f24"), leading=1.45, max_lines=1)


def _warning(canvas: Canvas, bottom: float) -> float:
    """The boxed warning above bottom, as tall as its wrapped lines; returns its top."""
    width = CONTENT_WIDTH - 24
    lines = (
        len(wrap(WARNING, FONT_BOLD, 12, width)) * 15
        + len(wrap(WARNING_ENGLISH, FONT_REGULAR, 10, width)) * 12.5
    )
    top = bottom + lines + 22
    canvas.setStrokeColor(DANGER)
    canvas.setLineWidth(2.5)
    canvas.rect(MARGIN, bottom, CONTENT_WIDTH, top - bottom, stroke=1, fill=0)
    pen = _Pen(canvas, MARGIN + 12, top - 6, width)
    pen.text(WARNING, size=12, bold=True, color=DANGER)
    pen.gap(3).text(WARNING_ENGLISH, size=10, color=MUTED)
    return top


def _footer(canvas: Canvas, url: str) -> None:
    canvas.setFont(FONT_REGULAR, 9)
    canvas.setFillColor(MUTED)
    text = f"Informasi terbaru: {url.split('://', 1)[-1]}  ·  Gratis, tanpa calo."
    lines = wrap(text, FONT_REGULAR, 9, CONTENT_WIDTH)
    for index, line in enumerate(lines):
        canvas.drawCentredString(PAGE_WIDTH / 2, 24 + 11 * (len(lines) - 1 - index), line)
