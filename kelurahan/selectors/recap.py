"""Monthly and quarterly recaps of the programme per kelurahan or per kecamatan, for staff.

A recap runs a fixed number of grouped queries (sessions, topics, reports) and then walks the
kelurahan or kecamatan one by one, so exports can stream rows without holding the table.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kelurahan.models import AwarenessReport, Kecamatan, OutreachSession, Topic
from kelurahan.permissions import scope_to_user, staff_office, visible_kelurahan
from kelurahan.selectors.passport import held_passport_days, recap_passport_figures

MONTH, QUARTER = "month", "quarter"
BY_KELURAHAN, BY_KECAMATAN = "kelurahan", "kecamatan"
OTHER = "other"  # key of the row for records outside the listed places (a tip without kelurahan)


@dataclass(frozen=True)
class Period:
    """A calendar month or quarter in the portal's time zone (Asia/Jakarta)."""

    kind: str
    year: int
    number: int  # month 1-12 or quarter 1-4

    @classmethod
    def containing(cls, day: datetime.date, kind: str) -> "Period":
        number = day.month if kind == MONTH else (day.month - 1) // 3 + 1
        return cls(kind, day.year, number)

    @property
    def first_month(self) -> int:
        return self.number if self.kind == MONTH else 3 * self.number - 2

    @property
    def start(self) -> datetime.datetime:
        day = datetime.datetime(self.year, self.first_month, 1)
        return timezone.make_aware(day, timezone.get_default_timezone())

    @property
    def end(self) -> datetime.datetime:
        """The first moment after the period."""
        months = 1 if self.kind == MONTH else 3
        year, month = divmod(self.first_month - 1 + months, 12)
        day = datetime.datetime(self.year + year, month + 1, 1)
        return timezone.make_aware(day, timezone.get_default_timezone())

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return date_format(datetime.date(self.year, self.number, 1), "F Y")
        return _("Quarter %(number)d %(year)d") % {"number": self.number, "year": self.year}

    @property
    def slug(self) -> str:
        """For file names: 2025-03 or 2025-q1."""
        if self.kind == MONTH:
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-q{self.number}"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = True
    width: int = 12  # characters, for spreadsheets


def _field_label(model, name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))


def identity_columns(grouping: str) -> list[Column]:
    """The columns that name the row's place."""
    code = Column("kode", _("Region code"), numeric=False, width=15)
    kecamatan = Column("kecamatan", _("Kecamatan"), numeric=False, width=22)
    if grouping == BY_KECAMATAN:
        return [code, kecamatan]
    return [code, Column("kelurahan", _("Kelurahan"), numeric=False, width=26), kecamatan]


def figure_columns(topics: list[Topic]) -> list[Column]:
    """Every number of a row: sessions by kind and topic, attendance, reports."""
    sessions = [Column("held", _("Sessions held"))]
    sessions += [
        Column(f"kind:{kind.value}", _("Sessions: %(kind)s") % {"kind": kind.label}, width=18)
        for kind in OutreachSession.Kind
    ]
    sessions += [
        Column(f"topic:{topic.pk}", _("Topic: %(topic)s") % {"topic": topic.name}, width=18)
        for topic in topics
    ]
    attendance = [
        Column(name, _field_label(OutreachSession, name))
        for name in ("attendance_men", "attendance_women", "attendance_total")
    ]
    reports = [Column("reports", _("Reports received"))]
    reports += [
        Column(f"category:{c.value}", _("Category: %(name)s") % {"name": c.label}, width=18)
        for c in AwarenessReport.Category
    ]
    reports.append(Column("category:", _("Category: not given"), width=18))
    reports += [
        Column(f"status:{s.value}", _("Status: %(name)s") % {"name": s.label}, width=16)
        for s in AwarenessReport.Status
        if s != AwarenessReport.Status.DRAFT
    ]
    passport = [
        Column("passport:days", _("Passport service days held"), width=16),
        Column("passport:served", _("Passport applications served"), width=18),
        Column(
            "passport:delayed",
            _("Passport applications delayed (suspected non-procedural migration)"),
            width=22,
        ),
    ]
    return sessions + attendance + reports + passport


@dataclass
class Recap:
    """A recap's columns, its rows (a generator, for streaming) and the totals row."""

    period: Period
    grouping: str
    office_name: str
    columns: list[Column]
    figures: dict = field(repr=False)  # group key -> {column key: number}
    places: QuerySet = field(repr=False)  # kelurahan or kecamatan, in row order
    # Translated when the recap is built: a streamed file is written after the view returned.
    total_label: str = field(default_factory=lambda: _("Total"))
    other_label: str = field(default_factory=lambda: _("Place not given"))

    @property
    def figure_keys(self) -> list[str]:
        return [column.key for column in self.columns if column.numeric]

    def rows(self) -> Iterator[list]:
        """One list of values per place, then one row for records outside them, if any."""
        keys, pending = self.figure_keys, dict(self.figures)
        for place in self.places.iterator(chunk_size=2000):
            numbers = pending.pop(place.pk, {})
            yield [*self._identity(place), *(numbers.get(key, 0) for key in keys)]
        if pending:
            leftover = _sum_figures(pending.values(), keys)
            blank = [""] * (len(self.columns) - len(keys) - 2)
            yield ["", self.other_label, *blank, *(leftover[key] for key in keys)]

    @property
    def totals(self) -> list:
        """The totals row: the sum of every row, computed from the grouped figures."""
        keys = self.figure_keys
        total = _sum_figures(self.figures.values(), keys)
        blank = [""] * (len(self.columns) - len(keys) - 1)
        return [self.total_label, *blank, *(total[key] for key in keys)]

    def _identity(self, place) -> list:
        if self.grouping == BY_KECAMATAN:
            return [place.kode, place.name]
        return [place.kode, place.name, place.kecamatan.name]


def _sum_figures(groups, keys) -> dict:
    total = dict.fromkeys(keys, 0)
    for numbers in groups:
        for key, value in numbers.items():
            total[key] += value
    return total


def _session_figures(sessions, group: str) -> Iterator[tuple]:
    kinds = {f"k{i}": kind for i, kind in enumerate(OutreachSession.Kind)}
    aggregates = {alias: Count("pk", filter=Q(kind=kind)) for alias, kind in kinds.items()}
    rows = (
        sessions.order_by()
        .values(group)
        .annotate(
            held=Count("pk"),
            men=Sum("attendance_men"),
            women=Sum("attendance_women"),
            total=Sum("attendance_total"),
            **aggregates,
        )
    )
    for row in rows:
        numbers = {"held": row["held"]}
        numbers |= {f"kind:{kind.value}": row[alias] for alias, kind in kinds.items()}
        numbers["attendance_men"] = row["men"] or 0
        numbers["attendance_women"] = row["women"] or 0
        numbers["attendance_total"] = row["total"] or 0
        yield row[group], numbers


def _topic_figures(sessions, group: str) -> Iterator[tuple]:
    rows = sessions.order_by().values(group, "topics").annotate(n=Count("pk"))
    for row in rows:
        if row["topics"] is not None:
            yield row[group], {f"topic:{row['topics']}": row["n"]}


def _report_figures(reports, group: str) -> Iterator[tuple]:
    categories = {f"c{i}": value for i, value in enumerate([*AwarenessReport.Category.values, ""])}
    statuses = {f"s{i}": value for i, value in enumerate(AwarenessReport.Status.values)}
    aggregates = {alias: Count("pk", filter=Q(category=v)) for alias, v in categories.items()}
    aggregates |= {alias: Count("pk", filter=Q(status=v)) for alias, v in statuses.items()}
    for row in reports.order_by().values(group).annotate(reports=Count("pk"), **aggregates):
        numbers = {"reports": row["reports"]}
        numbers |= {f"category:{value}": row[alias] for alias, value in categories.items()}
        numbers |= {f"status:{value}": row[alias] for alias, value in statuses.items()}
        numbers.pop(f"status:{AwarenessReport.Status.DRAFT}")
        yield row[group], numbers


def _collect(*sources) -> dict:
    figures: dict = {}
    for source in sources:
        for key, numbers in source:
            figures.setdefault(key, {}).update(numbers)
    return figures


def recap_for_user(user, period: Period, grouping: str = BY_KELURAHAN) -> Recap:
    """The recap of the kelurahan the user may see; reports by submission, drafts left out."""
    group = "kelurahan_id" if grouping == BY_KELURAHAN else "kelurahan__kecamatan_id"
    sessions = scope_to_user(
        OutreachSession.objects.filter(
            status=OutreachSession.Status.HELD,
            starts_at__gte=period.start,
            starts_at__lt=period.end,
        ),
        user,
    )
    reports = scope_to_user(
        AwarenessReport.objects.exclude(status=AwarenessReport.Status.DRAFT).filter(
            submitted_at__gte=period.start, submitted_at__lt=period.end
        ),
        user,
    )
    topics = list(Topic.objects.all())
    figures = _collect(
        _session_figures(sessions, group),
        _topic_figures(sessions, group),
        _report_figures(reports, group),
        recap_passport_figures(
            scope_to_user(held_passport_days(period.start, period.end), user), group
        ),
    )
    kelurahan = visible_kelurahan(user).served()
    if grouping == BY_KECAMATAN:
        places = Kecamatan.objects.filter(pk__in=kelurahan.values("kecamatan")).order_by("name")
    else:
        places = kelurahan.select_related("kecamatan").order_by("kecamatan__name", "name")
    office = staff_office(user)
    return Recap(
        period=period,
        grouping=grouping,
        office_name=office.name if office else _("All offices"),
        columns=identity_columns(grouping) + figure_columns(topics),
        figures=figures,
        places=places,
    )
