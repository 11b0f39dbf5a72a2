"""What a stored value must be, given what was typed: the fuzz tests' independent oracles."""

import datetime
import re
import zoneinfo

from django.utils.dateparse import parse_datetime

from tests.fuzz.strategies import MISSING, last

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
INTEGER = re.compile(r"[+-]?\d+")


def text(data: dict, name: str) -> str:
    """A text field is stored as typed, without surrounding white space; missing is empty."""
    value = last(data[name]) if name in data else ""
    return str(value).strip()


def integer(data: dict, name: str):
    """An integer typed plainly, None when left empty, MISSING when we cannot say."""
    value = str(last(data[name])).strip() if name in data else ""
    if not value:
        return None
    return int(value) if INTEGER.fullmatch(value) else MISSING


def local_datetime(data: dict, name: str, formats):
    """The moment typed (ISO 8601 or one of the formats), in Jakarta time unless an offset."""
    value = str(last(data[name])).strip()
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    for fmt in formats:
        if moment is not None:
            break
        try:
            moment = datetime.datetime.strptime(value, fmt)
        except ValueError:
            continue
    assert moment is not None, f"{name}: {value!r} was accepted but is not a date and time"
    return moment if moment.tzinfo else moment.replace(tzinfo=JAKARTA)


def date(data: dict, name: str, formats):
    value = str(last(data[name])).strip() if name in data else ""
    if not value:
        return None
    for fmt in formats:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise AssertionError(f"{name}: {value!r} was accepted but is not a date")


def ids(data: dict, name: str) -> set[int]:
    values = data.get(name, [])
    return {int(v) for v in (values if isinstance(values, list) else [values])}
