"""Indonesian wording helpers shared by the printed artefacts."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import formats, translation
from reportlab.lib.utils import simpleSplit

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


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Split text into lines that fit width points in the given font."""
    lines = []
    for paragraph in (text or "").splitlines() or [""]:
        lines.extend(simpleSplit(paragraph, font, size, width) or [""])
    return lines
