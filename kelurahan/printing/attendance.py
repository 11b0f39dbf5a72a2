"""The A4 attendance sheet (daftar hadir) of a session: details, QR and signature rows.

Like the poster, it is a printed artefact with fixed Indonesian wording.
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kelurahan.printing.fonts import FONT_BOLD, FONT_REGULAR, printable, register_fonts
from kelurahan.printing.qr import draw_qr
from kelurahan.printing.text import shorten, waktu, wrap

ROWS = 40  # two pages of about twenty rows each
ROW_HEIGHT = 27
QR_SIZE = 110
MARGIN = 16 * mm
BRAND = colors.HexColor("#0b3a66")
GRID = colors.HexColor("#4a5360")

TITLE = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=20, leading=24)
SUBTITLE = ParagraphStyle("subtitle", fontName=FONT_BOLD, fontSize=13, leading=16)
LABEL = ParagraphStyle("label", fontName=FONT_BOLD, fontSize=10, leading=13)
VALUE = ParagraphStyle("value", fontName=FONT_REGULAR, fontSize=10, leading=13)
HEAD = ParagraphStyle("head", fontName=FONT_BOLD, fontSize=10, leading=12, alignment=TA_CENTER)
SMALL = ParagraphStyle("small", fontName=FONT_REGULAR, fontSize=8, leading=10, alignment=TA_CENTER)
FOOTER_SIZE = 8
# A table sets its cells' font even where a cell holds a paragraph: never the unembedded default.
EVERY_CELL_FONT = ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 10)


class QRFlowable(Flowable):
    """A QR code as a flowable square, drawn as vectors."""

    def __init__(self, url: str, size: float):
        super().__init__()
        self.url, self.size = url, size
        self.width = self.height = size

    def draw(self):
        draw_qr(self.canv, self.url, 0, 0, self.size)


def build_attendance_sheet(
    *, session, kelurahan, url: str, office_name: str, topics: list[str]
) -> bytes:
    """The attendance sheet as PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6,
        title=f"Daftar hadir: {session.title}",
        author=office_name,
        subject="Program Desa/Kelurahan Binaan",
        initialFontName=FONT_REGULAR,
    )
    footer = (f"Daftar hadir · {session.title}", url.split("://", 1)[-1])
    story = [
        _header(session, kelurahan, topics, url, document.width),
        Spacer(1, 10),
        _rows_table(document.width),
        Spacer(1, 14),
        _totals(),
    ]
    document.build(
        story,
        onFirstPage=lambda canvas, doc: _footer(canvas, doc, footer),
        onLaterPages=lambda canvas, doc: _footer(canvas, doc, footer),
    )
    return buffer.getvalue()


def _header(session, kelurahan, topics: list[str], url: str, width: float) -> Table:
    place = ", ".join(part for part in (session.venue, session.address) if part)
    details = [
        ("Kelurahan", f"{kelurahan.name}, Kecamatan {kelurahan.kecamatan.name}"),
        ("Hari, tanggal", waktu(session.starts_at, session.ends_at)),
        ("Tempat", place),
        ("Topik", ", ".join(topics) or "-"),
    ]
    rows = [[Paragraph(label, LABEL), _text(value, VALUE)] for label, value in details]
    text_width = width - QR_SIZE - 12
    facts = Table(rows, colWidths=[88, text_width - 88], hAlign="LEFT")
    facts.setStyle(
        TableStyle(
            [
                EVERY_CELL_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    left = [
        Paragraph("DAFTAR HADIR", TITLE),
        _text(session.title, SUBTITLE),
        Spacer(1, 6),
        facts,
    ]
    right = [QRFlowable(url, QR_SIZE), Paragraph("Pindai: halaman sosialisasi", SMALL)]
    header = Table([[left, right]], colWidths=[text_width, QR_SIZE + 12])
    header.setStyle(
        TableStyle(
            [
                EVERY_CELL_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ]
        )
    )
    return header


def _rows_table(width: float) -> Table:
    widths = [32, width * 0.45, 70]
    widths.append(width - sum(widths))
    head = [Paragraph(text, HEAD) for text in ("No", "Nama", "RT/RW", "Tanda tangan")]
    rows = [head] + [[str(number), "", "", ""] for number in range(1, ROWS + 1)]
    table = Table(rows, colWidths=widths, rowHeights=[20] + [ROW_HEIGHT] * ROWS, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.75, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ecf2")),
                EVERY_CELL_FONT,
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _totals() -> Paragraph:
    blank = "_" * 8
    return Paragraph(
        f"Jumlah hadir: laki-laki {blank}  perempuan {blank}  total {blank}"
        f"<br/><br/>Petugas pencatat: {'_' * 30}",
        VALUE,
    )


def _text(value: str, style: ParagraphStyle) -> Paragraph:
    """A wrapping paragraph of user-typed text, as the embedded font can print it."""
    return Paragraph(escape(printable(value)).replace("\n", "<br/>"), style)


def _footer(canvas, document, text: tuple[str, str]) -> None:
    """ "Daftar hadir · title · address" and the page number: the address is always whole."""
    label, address = text
    page = f"Halaman {document.page}"
    room = A4[0] - 2 * MARGIN - stringWidth(page, FONT_REGULAR, FOOTER_SIZE) - 12
    tail = f" · {printable(address)}"
    label_room = room - stringWidth(tail, FONT_REGULAR, FOOTER_SIZE)
    if label_room > room / 3:
        lines = [shorten(label, FONT_REGULAR, FOOTER_SIZE, label_room) + tail]
    else:  # an address too long to share a line: it wraps below the title
        lines = [shorten(label, FONT_REGULAR, FOOTER_SIZE, room)]
        lines += wrap(address, FONT_REGULAR, FOOTER_SIZE, room)
    canvas.saveState()
    canvas.setFont(FONT_REGULAR, FOOTER_SIZE)
    canvas.setFillColor(GRID)
    for index, line in enumerate(lines):
        canvas.drawString(MARGIN, MARGIN - 4 - index * 10, line)
    canvas.drawRightString(A4[0] - MARGIN, MARGIN - 4, page)
    canvas.restoreState()
