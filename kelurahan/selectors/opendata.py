"""Reads for the open data at /data/: aggregated figures only, never a person or a text.

Sessions are counted per kelurahan and month (published, held sessions whose results the office
has verified only). Reports and
tips are counted per office and month, and any count from 1 to 4 is shown as "<5" so that
a single report cannot be singled out. Report counts are published only for months that have
ended: a count that changes during the month would tell anyone polling /data/ when each tip
arrived. Passport service days add, per kelurahan and month, the applications served and
those delayed for suspected non-procedural migration, with the same "<5" rule. Each function
runs a fixed number of queries.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kelurahan.models import AwarenessReport, Office, OutreachSession, Topic
from kelurahan.selectors.passport import open_data_passport_figures

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
SUPPRESSED = "<5"

SESSION_COLUMNS = [
    ("kode_wilayah", _("Kemendagri region code of the kelurahan, e.g. 31.71.03.1002."), _("text")),
    ("kelurahan", _("Name of the kelurahan."), _("text")),
    ("kecamatan", _("Name of the kecamatan the kelurahan belongs to."), _("text")),
    ("month", _("Month the sessions took place, Jakarta time (YYYY-MM)."), _("text")),
    ("sessions_held", _("Number of sessions held and published that month."), _("whole number")),
    ("attendance_men", _("Men attending those sessions, added up."), _("whole number")),
    ("attendance_women", _("Women attending those sessions, added up."), _("whole number")),
    ("attendance_total", _("Everyone attending those sessions, added up."), _("whole number")),
    (
        "passport_applications_served",
        _("Passport applications the office served at passport service days that month."),
        _('whole number, or "<5" for 1 to 4'),
    ),
    (
        "passport_applications_delayed",
        _(
            "Of those, applications delayed because non-procedural migration (for example "
            "working abroad outside the official procedure) was suspected."
        ),
        _('whole number, or "<5" for 1 to 4'),
    ),
]
REPORT_COLUMNS = [
    ("month", _("Month the reports were sent in, Jakarta time (YYYY-MM)."), _("text")),
    ("office", _("Immigration office that received the reports."), _("text")),
    (
        "reports_by_officers",
        _("Awareness reports sent by kelurahan officers."),
        _('whole number, or "<5" for 1 to 4'),
    ),
    (
        "tips_from_residents",
        _("Tips sent by residents, alone or with help from a kelurahan officer."),
        _('whole number, or "<5" for 1 to 4'),
    ),
]
REPORT_COUNTS = ["reports_by_officers", "tips_from_residents"]
# In the JSON file a count keeps one type: a number, or null when hidden, with this flag.
SUPPRESSED_FLAG = "{}_suppressed"


def is_suppressed(count: int) -> bool:
    return 1 <= count <= 4


def suppress(count: int) -> int | str:
    """A count from 1 to 4 becomes "<5"; zero and larger counts stay as they are."""
    return SUPPRESSED if is_suppressed(count) else count


def first_unpublished_moment() -> datetime.datetime:
    """The start of this month, Jakarta time: reports from then on are not counted yet."""
    today = timezone.localdate()
    start = datetime.datetime(today.year, today.month, 1)
    return timezone.make_aware(start, timezone.get_default_timezone())


def topic_column(slug: str) -> str:
    return "topic_" + slug.replace("-", "_")


def _month(value: datetime.datetime | datetime.date) -> str:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%Y-%m}"


def _held_public_sessions():
    return OutreachSession.objects.published().with_public_results()


def _topic_counts() -> dict:
    """(kode, month) -> {topic slug: sessions on that topic}, in one query."""
    counts: defaultdict[tuple, dict] = defaultdict(dict)
    rows = (
        _held_public_sessions()
        .values(kode=F("kelurahan__kode"), month=TruncMonth("starts_at"), slug=F("topics__slug"))
        .annotate(sessions=Count("id", distinct=True))
        .order_by()
    )
    for row in rows:
        if row["slug"] is not None:
            counts[(row["kode"], _month(row["month"]))][row["slug"]] = row["sessions"]
    return counts


def topics() -> list[dict]:
    """Every topic with its slug, name and column name in the CSV."""
    return [
        {"slug": topic.slug, "name": topic.name, "column": topic_column(topic.slug)}
        for topic in Topic.objects.order_by("order", "slug")
    ]


def session_rows(topic_list: list[dict]) -> list[dict]:
    """One row per kelurahan and month with sessions held; topics as a {slug: count} dict."""
    per_topic = _topic_counts()
    rows = (
        _held_public_sessions()
        .values(
            kode_wilayah=F("kelurahan__kode"),
            kelurahan_name=F("kelurahan__name"),
            kecamatan=F("kelurahan__kecamatan__name"),
            month=TruncMonth("starts_at"),
        )
        .annotate(
            sessions_held=Count("id"),
            attendance_men=Sum("attendance_men"),
            attendance_women=Sum("attendance_women"),
            attendance_total=Sum("attendance_total"),
        )
        .order_by("kelurahan__kode", "month")
    )
    result = []
    for row in rows:
        month = _month(row["month"])
        found = per_topic.get((row["kode_wilayah"], month), {})
        result.append(
            {
                "kode_wilayah": row["kode_wilayah"],
                "kelurahan": row["kelurahan_name"],
                "kecamatan": row["kecamatan"],
                "month": month,
                "sessions_held": row["sessions_held"],
                "topics": {topic["slug"]: found.get(topic["slug"], 0) for topic in topic_list},
                "attendance_men": row["attendance_men"] or 0,
                "attendance_women": row["attendance_women"] or 0,
                "attendance_total": row["attendance_total"] or 0,
            }
        )
    return result


def with_passport_figures(rows: list[dict], topic_list: list[dict]) -> list[dict]:
    """Add the passport service figures to each kelurahan and month, small counts suppressed.

    A month with a service day but no session gets a row of its own.
    """
    figures = open_data_passport_figures()
    for row in rows:
        found = figures.pop((row["kode_wilayah"], row["month"]), None)
        row["passport_applications_served"] = suppress(found["served"] or 0) if found else 0
        row["passport_applications_delayed"] = suppress(found["delayed"] or 0) if found else 0
    for (kode, month), found in figures.items():
        rows.append(
            {
                "kode_wilayah": kode,
                "kelurahan": found["kelurahan_name"],
                "kecamatan": found["kecamatan"],
                "month": month,
                "sessions_held": 0,
                "topics": {topic["slug"]: 0 for topic in topic_list},
                "attendance_men": 0,
                "attendance_women": 0,
                "attendance_total": 0,
                "passport_applications_served": suppress(found["served"] or 0),
                "passport_applications_delayed": suppress(found["delayed"] or 0),
            }
        )
    return sorted(rows, key=lambda row: (row["kode_wilayah"], row["month"]))


def report_rows() -> list[dict]:
    """Reports and tips received per office and ended month, small counts as "<5" (CSV)."""
    return [
        {**row, **{name: suppress(row[name]) for name in REPORT_COUNTS}} for row in _report_counts()
    ]


def report_rows_typed() -> list[dict]:
    """The same rows for JSON: each count a number or null, and a flag saying it is hidden."""
    typed = []
    for row in _report_counts():
        for name in REPORT_COUNTS:
            hidden = is_suppressed(row[name])
            row[SUPPRESSED_FLAG.format(name)] = hidden
            row[name] = None if hidden else row[name]
        typed.append(row)
    return typed


def _report_counts() -> list[dict]:
    """Reports and tips received per office and month, for the months that have ended."""
    resident = Q(source__in=AwarenessReport.RESIDENT_SOURCES)
    rows = (
        AwarenessReport.objects.filter(
            submitted_at__isnull=False, submitted_at__lt=first_unpublished_moment()
        )
        .values(office_name=F("office__name"), month=TruncMonth("submitted_at"))
        .annotate(
            by_officers=Count("id", filter=~resident),
            from_residents=Count("id", filter=resident),
        )
        .order_by("month", "office_name")
    )
    return [
        {
            "month": _month(row["month"]),
            "office": row["office_name"],
            "reports_by_officers": row["by_officers"],
            "tips_from_residents": row["from_residents"],
        }
        for row in rows
    ]


def office_names() -> list[str]:
    return [office.name for office in Office.objects.order_by("name").only("name")]


def open_data() -> dict:
    """Everything published at /data/statistik.*: six queries whatever the amount of data."""
    topic_list = topics()
    return {
        "generated_at": timezone.now(),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "source": office_names(),
        "topics": topic_list,
        "rows": with_passport_figures(session_rows(topic_list), topic_list),
        "reports": report_rows_typed(),
    }


def data_dictionary() -> dict:
    """The column lists shown on the /data/ page; one query for the topics."""
    return {
        "session_columns": SESSION_COLUMNS,
        "report_columns": REPORT_COLUMNS,
        "topics": topics(),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "suppressed": SUPPRESSED,
        "suppressed_flags": [SUPPRESSED_FLAG.format(name) for name in REPORT_COUNTS],
    }
