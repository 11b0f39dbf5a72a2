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
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kelurahan.printing.qr import draw_qr
from kelurahan.printing.text import waktu

ROWS = 40  # two pages of about twenty rows each
ROW_HEIGHT = 27
QR_SIZE = 110
MARGIN = 16 * mm
BRAND = colors.HexColor("#0b3a66")
GRID = colors.HexColor("#4a5360")

TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24)
SUBTITLE = ParagraphStyle("subtitle", fontName="Helvetica-Bold", fontSize=13, leading=16)
LABEL = ParagraphStyle("label", fontName="Helvetica-Bold", fontSize=10, leading=13)
VALUE = ParagraphStyle("value", fontName="Helvetica", fontSize=10, leading=13)
HEAD = ParagraphStyle(
    "head", fontName="Helvetica-Bold", fontSize=10, leading=12, alignment=TA_CENTER
)
SMALL = ParagraphStyle("small", fontName="Helvetica", fontSize=8, leading=10, alignment=TA_CENTER)


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
    )
    footer = f"Daftar hadir · {session.title} · {url.split('://', 1)[-1]}"
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
    rows = [[Paragraph(label, LABEL), Paragraph(escape(value), VALUE)] for label, value in details]
    text_width = width - QR_SIZE - 12
    facts = Table(rows, colWidths=[80, text_width - 80], hAlign="LEFT")
    facts.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    left = [
        Paragraph("DAFTAR HADIR", TITLE),
        Paragraph(escape(session.title), SUBTITLE),
        Spacer(1, 6),
        facts,
    ]
    right = [QRFlowable(url, QR_SIZE), Paragraph("Pindai: halaman sosialisasi", SMALL)]
    header = Table([[left, right]], colWidths=[text_width, QR_SIZE + 12])
    header.setStyle(
        TableStyle(
            [
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
                ("FONT", (0, 1), (0, -1), "Helvetica", 10),
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


def _footer(canvas, document, text: str) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.setFillColor(GRID)
    canvas.drawString(MARGIN, MARGIN - 4, text[:110])
    canvas.drawRightString(A4[0] - MARGIN, MARGIN - 4, f"Halaman {document.page}")
    canvas.restoreState()
