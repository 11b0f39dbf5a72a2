"""Reads for the staff coverage dashboard on the admin index.

Every figure comes from annotations (correlated subqueries) and one prefetch, so the dashboard
runs the same number of queries whether the office has 44 kelurahan or 4,400. Binaan kelurahan
come first, and only they raise alarms: the others are not expected to hold sessions yet.
"""

import datetime
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
    totals: dict = field(default_factory=dict)


def _held():
    return OutreachSession.objects.filter(status=OutreachSession.Status.HELD)


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
        "open_reports": _per_kelurahan(open_reports, Count("pk")),
        "overdue_reports": _per_kelurahan(
            open_reports.filter(submitted_at__lt=overdue_since), Count("pk")
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


def coverage_rows(user, *, quarter: Period, kecamatan_id=None, order: str = "") -> list:
    """The kelurahan the user may see, with their figures and current liaison officers."""
    now = timezone.now()
    liaison = LiaisonAssignment.objects.serving().order_by("officer__name")
    rows = (
        visible_kelurahan(user)
        .served()
        .select_related("kecamatan")
        .annotate(**_figures(quarter, now))
        .prefetch_related(Prefetch("assignments", queryset=liaison, to_attr="current_assignments"))
        .order_by(*_order_by(order))
    )
    if kecamatan_id:
        rows = rows.filter(kecamatan_id=kecamatan_id)
    stale_since = now - datetime.timedelta(days=STALE_DAYS)
    result = list(rows)
    for row in result:
        row.liaison_officers = [assignment.officer for assignment in row.current_assignments]
        row.alarms = _alarms(row, stale_since)
        row.is_stale = STALE in row.alarms
    return result


def kecamatan_with_residents(user) -> list[Kecamatan]:
    """The kecamatan of the user's kelurahan, each with the residents reached there."""
    kelurahan = visible_kelurahan(user).served()
    reached = (
        _held()
        .filter(kelurahan__kecamatan=OuterRef("pk"), kelurahan__in=kelurahan.values("pk"))
        .order_by()
        .values("kelurahan__kecamatan")
        .annotate(value=Sum("attendance_total"))
        .values("value")
    )
    return list(
        Kecamatan.objects.filter(pk__in=kelurahan.values("kecamatan"))
        .annotate(residents=Coalesce(Subquery(reached, output_field=IntegerField()), Value(0)))
        .order_by("name")
    )


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


def _totals(rows: list) -> dict:
    return {
        "kelurahan": len(rows),
        "binaan": sum(row.is_binaan for row in rows),
        "vacant": sum(NO_LIAISON in row.alarms for row in rows),
        "stale": sum(row.is_stale for row in rows),
        "alarmed": sum(bool(row.alarms) for row in rows),
        "quarter_held": sum(row.quarter_held for row in rows),
        "residents": sum(row.residents for row in rows),
        "open_reports": sum(row.open_reports for row in rows),
        "overdue_reports": sum(row.overdue_reports for row in rows),
    }


def coverage_dashboard(user, *, kecamatan: str = "", order: str = "") -> CoverageDashboard:
    """Everything the admin index shows; an unknown kecamatan or sort key falls back to all."""
    kecamatan_list = kecamatan_with_residents(user)
    selected = next((k.pk for k in kecamatan_list if str(k.pk) == kecamatan), None)
    order = order if order.removeprefix("-") in SORTS else ""
    quarter = Period.containing(timezone.localdate(), QUARTER)
    rows = coverage_rows(user, quarter=quarter, kecamatan_id=selected, order=order)
    return CoverageDashboard(
        rows=rows,
        kecamatan=kecamatan_list,
        selected_kecamatan=selected,
        order=order,
        quarter=quarter,
        sessions_per_month=sessions_per_month(user),
        unplaced_reports=unplaced_reports(user),
        totals=_totals(rows),
    )
