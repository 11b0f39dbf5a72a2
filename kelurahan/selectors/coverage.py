"""Reads for the staff coverage dashboard on the admin index.

Every figure comes from annotations (correlated subqueries) and one prefetch, so the dashboard
runs the same number of queries whether the office has 44 kelurahan or 4,400. Binaan kelurahan
come first, and only they raise alarms: the others are not expected to hold sessions yet.

The index lists only the binaan kelurahan (every alarm is among them); the complete list of the
office's kelurahan is a separate page of LIST_PAGE_ROWS rows a page, whose totals cover all
the kelurahan of every page (aggregate queries, not the rows summed).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from kelurahan.models import (
    AwarenessReport,
    Kecamatan,
    KelurahanOfficer,
    LiaisonAssignment,
    OutreachSession,
)
from kelurahan.permissions import scope_to_user, visible_kelurahan
from kelurahan.selectors.recap import MONTH, QUARTER, Period

STALE_DAYS = 90  # a binaan kelurahan with no held session for this long is highlighted
CHART_MONTHS = 12
LIST_PAGE_ROWS = 100  # rows a page of the complete list

# ?o=<key> sorts ascending, ?o=-<key> descending; the name always breaks ties.
SORTS = {
    "name": "name",
    "kecamatan": "kecamatan__name",
    "binaan": "is_binaan",
    "last_session": "last_held",
    "quarter": "quarter_held",
    "residents": "residents",
    "open": "open_reports",
    "overdue": "overdue_reports",
}
DEFAULT_ORDER = ("kecamatan__name", "name", "pk")  # after binaan first (see _order_by)

# What can be wrong with a binaan kelurahan, in the order the alarms column lists them.
STALE, NO_LIAISON, NO_OFFICER, MISSING_RESULTS = "stale", "no_liaison", "no_officer", "results"


@dataclass
class CoverageDashboard:
    rows: list
    kecamatan: list  # Kecamatan of the office, each with .residents, for the filter and chart
    selected_kecamatan: int | None
    order: str
    quarter: Period
    sessions_per_month: list[tuple[datetime.date, int]]
    unplaced_reports: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)  # over all kelurahan, not only the rows shown
    page: "ListPage | None" = None  # the complete list's page; None on the index


@dataclass(frozen=True)
class ListPage:
    """One page of the complete list: its number, how many pages, the rows it starts after."""

    number: int
    count: int  # pages
    offset: int

    @classmethod
    def of(cls, requested: str, rows: int) -> "ListPage":
        count = max(1, -(-rows // LIST_PAGE_ROWS))
        number = int(requested) if requested.isdigit() else 1
        number = min(max(number, 1), count)
        return cls(number=number, count=count, offset=(number - 1) * LIST_PAGE_ROWS)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def _held():
    return OutreachSession.objects.filter(status=OutreachSession.Status.HELD)


def _office_held(user, kecamatan_id=None):
    """Held sessions of the kelurahan the user may see that an office serves.

    Found through the session's own office column (indexed), which the database keeps equal to
    its kelurahan's (migration 0020): a served kelurahan's sessions are those with an office.
    """
    held = scope_to_user(_held(), user).filter(office__isnull=False)
    return held.filter(kelurahan__kecamatan_id=kecamatan_id) if kecamatan_id else held


def _per_kelurahan(queryset, aggregate):
    """A correlated subquery: `aggregate` over the rows of `queryset` for the outer kelurahan."""
    grouped = (
        queryset.filter(kelurahan=OuterRef("pk"))
        .order_by()
        .values("kelurahan")
        .annotate(value=aggregate)
        .values("value")
    )
    return Coalesce(Subquery(grouped, output_field=IntegerField()), Value(0))


def _order_by(order: str) -> list:
    """Binaan kelurahan first, then the chosen column (unless it is the binaan column itself)."""
    key = order.removeprefix("-")
    if key not in SORTS:
        return ["-is_binaan", *DEFAULT_ORDER]
    column = F(SORTS[key])
    first = [] if key == "binaan" else ["-is_binaan"]
    if order.startswith("-"):
        return [*first, column.desc(nulls_last=True), "name", "pk"]
    return [*first, column.asc(nulls_first=True), "name", "pk"]


def _figures(quarter: Period, now: datetime.datetime) -> dict:
    """Annotations of a kelurahan's figures, each a correlated subquery (no join fan-out)."""
    overdue_since = now - datetime.timedelta(days=settings.REPORT_OVERDUE_DAYS)
    open_reports = AwarenessReport.objects.filter(status__in=AwarenessReport.OPEN_STATUSES)
    in_quarter = _held().filter(starts_at__gte=quarter.start, starts_at__lt=quarter.end)
    latest = _held().filter(kelurahan=OuterRef("pk")).order_by("-starts_at").values("starts_at")
    return {
        "last_held": Subquery(latest[:1]),
        "quarter_held": _per_kelurahan(in_quarter, Count("pk")),
        "residents": _per_kelurahan(_held(), Sum("attendance_total")),
        # COUNT(*): the open reports' partial index answers without reading the reports.
        "open_reports": _per_kelurahan(open_reports, Count("*")),
        "overdue_reports": _per_kelurahan(
            open_reports.filter(submitted_at__lt=overdue_since), Count("*")
        ),
        "missing_results": _per_kelurahan(OutreachSession.objects.results_overdue(), Count("pk")),
        "has_officer": Exists(
            KelurahanOfficer.objects.filter(kelurahan=OuterRef("pk"), user__is_active=True)
        ),
    }


def _alarms(row, stale_since) -> list[str]:
    """What needs the office's attention in a binaan kelurahan; nothing for the others."""
    if not row.is_binaan:
        return []
    alarms = []
    if row.last_held is None or row.last_held < stale_since:
        alarms.append(STALE)
    if not row.liaison_officers:
        alarms.append(NO_LIAISON)
    if not row.has_officer:
        alarms.append(NO_OFFICER)
    if row.missing_results:
        alarms.append(MISSING_RESULTS)
    return alarms


def office_kelurahan(user, kecamatan_id=None) -> QuerySet:
    """The kelurahan the user may see that an office serves, of one kecamatan if given."""
    kelurahan = visible_kelurahan(user).served()
    return kelurahan.filter(kecamatan_id=kecamatan_id) if kecamatan_id else kelurahan


def coverage_rows(
    user, *, quarter: Period, kecamatan_id=None, order: str = "", binaan_only=False, rows=None
) -> list:
    """The kelurahan the user may see, with their figures and current liaison officers.

    `binaan_only` keeps the binaan kelurahan (the index); `rows` is a slice (a list's page).
    """
    now = timezone.now()
    liaison = (
        LiaisonAssignment.objects.current()
        .filter(officer__is_active=True)
        .select_related("officer")
        .order_by("officer__name")
    )
    kelurahan = office_kelurahan(user, kecamatan_id)
    if binaan_only:
        kelurahan = kelurahan.filter(is_binaan=True)
    annotated = (
        kelurahan.select_related("kecamatan")
        .annotate(**_figures(quarter, now))
        .prefetch_related(Prefetch("assignments", queryset=liaison, to_attr="current_assignments"))
        .order_by(*_order_by(order))
    )
    stale_since = now - datetime.timedelta(days=STALE_DAYS)
    result = list(annotated[rows] if rows else annotated)
    for row in result:
        row.liaison_officers = [assignment.officer for assignment in row.current_assignments]
        row.alarms = _alarms(row, stale_since)
        row.is_stale = STALE in row.alarms
    return result


def kecamatan_with_residents(user) -> list[Kecamatan]:
    """The kecamatan of the user's kelurahan, each with the residents reached there.

    Three index-driven queries: the kelurahan's kecamatan, the office's held sessions summed
    per kelurahan (no join, which made PostgreSQL read every kelurahan of the country), and
    the kecamatan themselves.
    """
    kecamatan_of = dict(visible_kelurahan(user).served().values_list("pk", "kecamatan_id"))
    per_kelurahan = (
        _office_held(user)
        .order_by()
        .values_list("kelurahan_id")
        .annotate(value=Sum("attendance_total"))
    )
    residents: Counter[int | None] = Counter()
    for kelurahan_id, value in per_kelurahan:
        residents[kecamatan_of.get(kelurahan_id)] += value or 0
    kecamatan_list = list(
        Kecamatan.objects.filter(pk__in=set(kecamatan_of.values())).order_by("name")
    )
    for kecamatan in kecamatan_list:
        kecamatan.residents = residents[kecamatan.pk]
    return kecamatan_list


def sessions_per_month(user, months: int = CHART_MONTHS) -> list[tuple[datetime.date, int]]:
    """Held sessions per calendar month (Asia/Jakarta), the last `months` months, oldest first."""
    today = timezone.localdate()
    firsts = []
    year, month = today.year, today.month
    for _ in range(months):
        firsts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    firsts.reverse()
    start = Period(kind=MONTH, year=firsts[0].year, number=firsts[0].month).start
    zone = timezone.get_default_timezone()
    counted = (
        scope_to_user(_held().filter(starts_at__gte=start), user)
        .annotate(month=TruncMonth("starts_at", tzinfo=zone))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    by_month = {}
    for row in counted:
        local = timezone.localtime(row["month"], zone)
        by_month[(local.year, local.month)] = row["n"]
    return [(first, by_month.get((first.year, first.month), 0)) for first in firsts]


def unplaced_reports(user) -> dict:
    """Open and overdue reports with no kelurahan (tips where the resident did not know it)."""
    overdue_since = timezone.now() - datetime.timedelta(days=settings.REPORT_OVERDUE_DAYS)
    reports = scope_to_user(
        AwarenessReport.objects.filter(
            kelurahan__isnull=True, status__in=AwarenessReport.OPEN_STATUSES
        ),
        user,
    )
    return reports.aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(submitted_at__lt=overdue_since))
    )


def _alarm_totals(binaan_rows: list) -> dict:
    """What the binaan rows (all of them, as the index lists them) need, counted."""
    return {
        "vacant": sum(NO_LIAISON in row.alarms for row in binaan_rows),
        "stale": sum(row.is_stale for row in binaan_rows),
        "alarmed": sum(bool(row.alarms) for row in binaan_rows),
    }


def kelurahan_counts(kelurahan: QuerySet) -> dict:
    """How many kelurahan, and how many of them binaan: one query."""
    return kelurahan.aggregate(kelurahan=Count("pk"), binaan=Count("pk", filter=Q(is_binaan=True)))


def _row_totals(rows: list) -> dict:
    """The figures of the rows shown, added up (the index: the binaan kelurahan)."""
    return {
        "shown": len(rows),
        "quarter_held": sum(row.quarter_held for row in rows),
        "residents": sum(row.residents for row in rows),
        "open_reports": sum(row.open_reports for row in rows),
        "overdue_reports": sum(row.overdue_reports for row in rows),
    }


def coverage_totals(user, kecamatan_id, quarter: Period) -> dict:
    """The complete list's totals over every kelurahan of `kelurahan`, whichever page is shown.

    The same sums as every row's figures added up, in three queries instead of annotating
    every row.
    """
    overdue_since = timezone.now() - datetime.timedelta(days=settings.REPORT_OVERDUE_DAYS)
    kelurahan = office_kelurahan(user, kecamatan_id)
    in_quarter = Q(starts_at__gte=quarter.start, starts_at__lt=quarter.end)
    sessions = (
        _office_held(user, kecamatan_id)
        .order_by()
        .aggregate(quarter_held=Count("pk", filter=in_quarter), residents=Sum("attendance_total"))
    )
    reports = AwarenessReport.objects.filter(
        kelurahan__in=kelurahan.values("pk"), status__in=AwarenessReport.OPEN_STATUSES
    ).aggregate(
        open_reports=Count("pk"),
        overdue_reports=Count("pk", filter=Q(submitted_at__lt=overdue_since)),
    )
    return {
        **kelurahan_counts(kelurahan),
        **sessions,
        **reports,
        "residents": sessions["residents"] or 0,
    }


def _selection(user, kecamatan: str, order: str):
    """The kecamatan list, the selected kecamatan's pk, the sort key and this quarter."""
    kecamatan_list = kecamatan_with_residents(user)
    selected = next((k.pk for k in kecamatan_list if str(k.pk) == kecamatan), None)
    order = order if order.removeprefix("-") in SORTS else ""
    return kecamatan_list, selected, order, Period.containing(timezone.localdate(), QUARTER)


def coverage_dashboard(user, *, kecamatan: str = "", order: str = "") -> CoverageDashboard:
    """What the admin index shows: the binaan kelurahan, their totals, how many there are in all.

    An unknown kecamatan or sort key falls back to all kecamatan and the default order.
    """
    kecamatan_list, selected, order, quarter = _selection(user, kecamatan, order)
    rows = coverage_rows(
        user, quarter=quarter, kecamatan_id=selected, order=order, binaan_only=True
    )
    counts = kelurahan_counts(office_kelurahan(user, selected))
    return CoverageDashboard(
        rows=rows,
        kecamatan=kecamatan_list,
        selected_kecamatan=selected,
        order=order,
        quarter=quarter,
        sessions_per_month=sessions_per_month(user),
        unplaced_reports=unplaced_reports(user),
        totals={**counts, **_row_totals(rows), **_alarm_totals(rows)},
    )


def coverage_list(
    user, *, kecamatan: str = "", order: str = "", page: str = ""
) -> CoverageDashboard:
    """One page of the complete list: every kelurahan of the office, LIST_PAGE_ROWS a page."""
    kecamatan_list, selected, order, quarter = _selection(user, kecamatan, order)
    totals = coverage_totals(user, selected, quarter)
    shown = ListPage.of(page, totals["kelurahan"])
    rows = coverage_rows(
        user,
        quarter=quarter,
        kecamatan_id=selected,
        order=order,
        rows=slice(shown.offset, shown.offset + LIST_PAGE_ROWS),
    )
    return CoverageDashboard(
        rows=rows,
        kecamatan=kecamatan_list,
        selected_kecamatan=selected,
        order=order,
        quarter=quarter,
        sessions_per_month=[],
        unplaced_reports=unplaced_reports(user),
        totals=totals,
        page=shown,
    )
