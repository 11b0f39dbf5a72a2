"""The one typeface of the printed PDFs, embedded in every file, and text it can draw.

Bitstream Vera Sans ships inside reportlab (reportlab/fonts), so nothing is fetched at run time.
It covers Indonesian and the typography we print (– · “ ” …). Embedded (as a subset), the PDF
prints the same on any printer; the PDF base-14 Helvetica is not embedded and leaves the look,
and any character outside WinAnsi, to the reader's substitute font.
"""

import functools
import re
import unicodedata

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_REGULAR = "VeraSans"
FONT_BOLD = "VeraSans-Bold"
_FILES = {FONT_REGULAR: "Vera.ttf", FONT_BOLD: "VeraBd.ttf"}
_DROPPED = "\x00"


def register_fonts() -> None:
    """Register both weights with reportlab once per process (the registry is global)."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, filename in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, filename))


@functools.cache
def _covered() -> frozenset[int]:
    """Code points that both weights draw with a real glyph (not .notdef)."""
    register_fonts()
    maps = [pdfmetrics.getFont(name).face.charToGlyph for name in _FILES]
    return frozenset(
        code for code in maps[0] if all(m.get(code, 0) for m in maps) and code < 0xFFFE
    )


def _printable_char(char: str) -> str:
    if char in "\n\t" or ord(char) in _covered():
        return char
    # Compatibility forms (fullwidth letters, "Ｔｅｓｔ") fold to letters the font has; an
    # accented letter it lacks keeps its base letter.
    folded = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in folded if ord(c) in _covered() and not unicodedata.combining(c))
    return kept or _DROPPED


def printable(text: str) -> str:
    """text as the PDFs print it: emoji, pictographs and other glyphs the font lacks left out.

    A left-out character would print as an empty box; it is removed together with the spaces
    around it, so "🚨 Waspada ✈️ calo" prints "Waspada calo".
    """
    drawn = "".join(_printable_char(char) for char in unicodedata.normalize("NFC", text or ""))
    if _DROPPED not in drawn:
        return drawn
    drawn = re.sub(rf"[ \t]*{_DROPPED}[{_DROPPED} \t]*", _DROPPED, drawn)
    drawn = re.sub(rf"^{_DROPPED}|{_DROPPED}$", "", drawn, flags=re.MULTILINE)
    return drawn.replace(_DROPPED, " ")
