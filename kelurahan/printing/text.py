"""Indonesian wording helpers shared by the printed artefacts."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import formats, translation
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from kelurahan.printing.fonts import printable

JAKARTA = ZoneInfo("Asia/Jakarta")


def tanggal(value: datetime.datetime) -> str:
    """A day in Indonesian, for example "Senin, 14 Juli 2025"."""
    with translation.override("id"):
        return formats.date_format(value.astimezone(JAKARTA), "l, j F Y")


def tanggal_saja(value: datetime.date) -> str:
    """A date without the weekday, for example "14 Juni 2024"."""
    with translation.override("id"):
        return formats.date_format(value, "j F Y")


def jam(value: datetime.datetime) -> str:
    """A time of day the Indonesian way, for example "09.00"."""
    return value.astimezone(JAKARTA).strftime("%H.%M")


def waktu(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """A session's day and hours, for example "Senin, 14 Juli 2025, 09.00–11.00 WIB"."""
    same_day = starts_at.astimezone(JAKARTA).date() == ends_at.astimezone(JAKARTA).date()
    end = jam(ends_at) if same_day else f"{tanggal(ends_at)}, {jam(ends_at)}"
    return f"{tanggal(starts_at)}, {jam(starts_at)}\u2013{end} WIB"


def wrap(
    text: str, font: str, size: float, width: float, max_lines: int | None = None
) -> list[str]:
    """Split text into lines that fit width points in the given font, as the font can print it.

    Past max_lines, the last line kept ends with "…", so a cut is visible on paper.
    """
    lines: list[str] = []
    for paragraph in printable(text).splitlines() or [""]:
        lines.extend(simpleSplit(paragraph, font, size, width) or [""])
    if max_lines is None or len(lines) <= max_lines:
        return lines
    return [*lines[: max_lines - 1], shorten(lines[max_lines - 1], font, size, width, force=True)]


def shorten(text: str, font: str, size: float, width: float, force: bool = False) -> str:
    """text cut at a word so that it and a closing "…" fit width points (force: always add it)."""
    text = printable(text)
    if not force and stringWidth(text, font, size) <= width:
        return text
    words = text.split()
    while words and stringWidth(" ".join(words) + " …", font, size) > width:
        words.pop()
    return " ".join(words) + " …" if words else "…"
