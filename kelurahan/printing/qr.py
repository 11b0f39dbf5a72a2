"""QR codes with segno: PNG and SVG images, and vector drawing on a reportlab canvas."""

import io

import segno

ERROR_LEVEL = "q"  # survives a folded or slightly dirty poster
BORDER = 4  # the quiet zone the QR specification asks for, in modules
PNG_TARGET_PIXELS = 600  # big enough for slides and banners


def make_qr(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=False)


def qr_png(url: str) -> bytes:
    """A black-on-white PNG about PNG_TARGET_PIXELS wide, quiet zone included."""
    qr = make_qr(url)
    width, _height = qr.symbol_size(scale=1, border=BORDER)
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=max(4, PNG_TARGET_PIXELS // width), border=BORDER)
    return buffer.getvalue()


def qr_svg(url: str, title: str = "") -> bytes:
    """A scalable SVG with a quiet zone; the title names what the code opens."""
    buffer = io.BytesIO()
    make_qr(url).save(buffer, kind="svg", scale=10, border=BORDER, title=title or url, xmldecl=True)
    return buffer.getvalue()


def draw_qr(canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw the code as filled squares inside a size x size box whose lower left is (x, y)."""
    qr = make_qr(url)
    matrix = list(qr.matrix)
    count = len(matrix) + 2 * BORDER
    module = size / count
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + BORDER) * module
        for start, length in _dark_runs(row):
            # A hair of overlap hides anti-aliasing seams between neighbouring squares.
            path.rect(
                x + (start + BORDER) * module,
                top - module - 0.05,
                length * module + 0.05,
                module + 0.05,
            )
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _dark_runs(row) -> list[tuple[int, int]]:
    """(start, length) of each horizontal run of dark modules in a matrix row."""
    runs, start = [], None
    for index, value in enumerate([*row, 0]):
        if value and start is None:
            start = index
        elif not value and start is not None:
            runs.append((start, index - start))
            start = None
    return runs
