"""The rollout of the programme to every kelurahan of an office: targets, progress, next steps.

A kelurahan is designated (binaan), planned (a target quarter is set), or not yet planned. A
planned kelurahan whose target quarter has ended is late. Every figure is one grouped query,
scoped through kelurahan.permissions, so the dashboard costs the same at any size.
"""

import datetime
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, TruncQuarter
from django.utils import timezone

from kelurahan.models import (
    Kelurahan,
    KelurahanOfficer,
    LiaisonAssignment,
    OutreachSession,
)
from kelurahan.permissions import visible_kelurahan
from kelurahan.selectors.recap import QUARTER, Period

CHART_QUARTERS = 12  # the designation chart shows at most the last twelve quarters
NEXT_STEP_ROWS = 10  # binaan kelurahan with steps left, listed on the dashboard
POSTER_PART = "poster"  # audit entry "part" recorded when staff open the poster from the admin

# The states of a kelurahan in the rollout, as counted and as the changelist filter offers them.
DESIGNATED, PLANNED, LATE, UNPLANNED = "designated", "planned", "late", "unplanned"
STEPS_LEFT = "steps_left"  # designated, a next step still open (changelist filter only)
STATES = (DESIGNATED, PLANNED, LATE, UNPLANNED)
# The steps after a designation, in order.
STEPS = ("liaison", "officer", "session", "poster")


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_of(day: datetime.date) -> Period:
    return Period.containing(day, QUARTER)


def rollout_filter(state: str, today: datetime.date | None = None) -> Q:
    """The condition of one rollout state, shared by the figures and the changelist filter."""
    this_quarter = quarter_start(today or timezone.localdate())
    planned = Q(is_binaan=False, designation_target__isnull=False)
    return {
        DESIGNATED: Q(is_binaan=True),
        PLANNED: planned,
        LATE: planned & Q(designation_target__lt=this_quarter),
        UNPLANNED: Q(is_binaan=False, designation_target__isnull=True),
    }[state]


@dataclass
class RolloutRow:
    kecamatan_id: int | None
    name: str
    designated: int = 0
    planned: int = 0
    late: int = 0
    unplanned: int = 0
    # The admin dashboard's changelist link per figure (admin/dashboard.py).
    links: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def total(self) -> int:
        return self.designated + self.planned + self.unplanned

    @property
    def percent(self) -> int:
        return round(100 * self.designated / self.total) if self.total else 0


@dataclass
class Rollout:
    rows: list[RolloutRow]
    total: RolloutRow
    designations: list[tuple[Period, int]] = field(default_factory=list)  # cumulative


def _counts() -> dict:
    return {state: Count("pk", filter=rollout_filter(state)) for state in STATES}


def rollout_progress(user) -> Rollout:
    """Designated, planned (late among them) and not yet planned, per kecamatan and in total."""
    grouped = (
        visible_kelurahan(user)
        .served()
        .order_by()
        .values("kecamatan_id", "kecamatan__name")
        .annotate(**_counts())
        .order_by("kecamatan__name")
    )
    rows = [
        RolloutRow(g["kecamatan_id"], g["kecamatan__name"], *(g[s] for s in STATES))
        for g in grouped
    ]
    total = RolloutRow(None, "", *(sum(getattr(r, s) for r in rows) for s in STATES))
    return Rollout(rows=rows, total=total, designations=designations_over_time(user))


def designations_over_time(user, quarters: int = CHART_QUARTERS) -> list[tuple[Period, int]]:
    """Binaan kelurahan designated by the end of each quarter, the last `quarters`, oldest first."""
    today = timezone.localdate()
    per_quarter = (
        visible_kelurahan(user)
        .served()
        .filter(is_binaan=True)
        .annotate(quarter=TruncQuarter("binaan_since"))
        .order_by()
        .values("quarter")
        .annotate(n=Count("pk"))
    )
    counts = {quarter_start(row["quarter"]): row["n"] for row in per_quarter}
    if not counts:
        return []
    first = max(min(counts), _quarters_before(quarter_start(today), quarters - 1))
    before = sum(n for start, n in counts.items() if start < first)
    result, start = [], first
    while start <= today:
        before += counts.get(start, 0)
        result.append((quarter_of(start), before))
        start = _quarters_before(start, -1)
    return result


def _quarters_before(start: datetime.date, count: int) -> datetime.date:
    months = start.year * 12 + start.month - 1 - 3 * count
    return datetime.date(months // 12, months % 12 + 1, 1)


def _poster_opened():
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Kelurahan),
        object_pk=Cast(OuterRef("pk"), CharField()),
        action=LogEntry.Action.ACCESS,
        additional_data__part=POSTER_PART,
    )


def with_next_steps(kelurahan: QuerySet) -> QuerySet:
    """Annotate whether each step after the designation is done (one EXISTS per step)."""
    return kelurahan.annotate(
        step_liaison=Exists(LiaisonAssignment.objects.current().filter(kelurahan=OuterRef("pk"))),
        step_officer=Exists(
            KelurahanOfficer.objects.filter(kelurahan=OuterRef("pk"), user__is_active=True)
        ),
        step_session=Exists(
            OutreachSession.objects.filter(kelurahan=OuterRef("pk")).exclude(
                status=OutreachSession.Status.CANCELLED
            )
        ),
        step_poster=Exists(_poster_opened()),
    )


def steps_left_of(kelurahan: QuerySet) -> QuerySet:
    """The binaan kelurahan among `kelurahan` with a next step still open, annotated."""
    undone = Q()
    for step in STEPS:
        undone |= Q(**{f"step_{step}": False})
    return with_next_steps(kelurahan.filter(is_binaan=True)).filter(undone)


def steps_left(user) -> tuple[int, list[Kelurahan]]:
    """Binaan kelurahan of the user's office with a next step still open: count, first rows."""
    kelurahan = steps_left_of(visible_kelurahan(user).served()).order_by(
        "-binaan_since", "name", "pk"
    )
    count = kelurahan.count()
    return count, list(kelurahan[:NEXT_STEP_ROWS])  # asked even when 0: the same queries always


def next_steps_of(kelurahan: Kelurahan) -> dict[str, bool]:
    """The checklist of one kelurahan (its change page): step -> done."""
    annotated = with_next_steps(Kelurahan.objects.filter(pk=kelurahan.pk)).values(
        *(f"step_{step}" for step in STEPS)
    )
    done = annotated.first() or {}
    return {step: bool(done.get(f"step_{step}")) for step in STEPS}
