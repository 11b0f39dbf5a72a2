"""The office's inbox on the admin index: what is waiting for staff, most pressing first.

Each section is one count and a few rows (LIMIT), both scoped to the user's office through
kelurahan.permissions, so the inbox costs the same number of queries for one office or for the
whole country. Each section's filter is a queryset method (kelurahan/querysets.py) that the
changelist filter behind its link (kelurahan/admin/inbox.py) applies too: the count and the
rows of the linked changelist are the same rows by construction.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kelurahan.models import (
    AwarenessReport,
    OutreachSession,
    PassportServiceDay,
    Question,
    SessionChange,
)
from kelurahan.permissions import scope_to_user
from kelurahan.selectors.passport import passport_requests_waiting

UNKNOWN_PLACE = _("unknown kelurahan")
ROWS = 5  # rows shown per section; the count links to all of them
PARAMETER = "inbox"  # the changelist filter's query parameter (kelurahan/admin/inbox.py)

# Report sections: key -> (heading, queryset method). The order is the inbox's order.
REPORT_SECTIONS = {
    "new": (_("New reports and tips nobody has taken up"), "not_taken_up"),
    "added": (_("Reporter added information after the office's last answer"), "reporter_added"),
    "overdue": (_("Reports open past the deadline"), "overdue"),
}
SESSION_SECTIONS = {
    "proposed": (_("Sessions proposed by officers, awaiting publication"), "awaiting_publication"),
    "results": (_("Held sessions still without results"), "results_overdue"),
    "unverified": (
        _("Held sessions whose results wait for the office's check"),
        "results_to_verify",
    ),
}


@dataclass(frozen=True)
class InboxLine:
    """One waiting object as the inbox shows it: a link and a few words, never report text."""

    url: str
    label: str
    place: str
    when: datetime.datetime | None
    urgent: bool = False
    tip: bool = False


@dataclass
class InboxSection:
    key: str
    title: str
    count: int
    rows: list[InboxLine]
    url: str  # the changelist showing exactly the `count` rows

    @property
    def more(self) -> int:
        return max(self.count - len(self.rows), 0)


@dataclass
class Inbox:
    sections: list[InboxSection] = field(default_factory=list)

    @property
    def waiting(self) -> list[InboxSection]:
        return [section for section in self.sections if section.count]

    @property
    def total(self) -> int:
        return sum(section.count for section in self.sections)


def staff_reports(user) -> QuerySet:
    """Reports the user may triage, as the report changelist shows them (no drafts)."""
    reports = AwarenessReport.objects.exclude(status=AwarenessReport.Status.DRAFT)
    return scope_to_user(reports, user)


def _section(key, title, queryset, order, url, line: Callable) -> InboxSection:
    """A count and the first ROWS rows: two queries, whatever the number waiting."""
    count = queryset.count()
    rows = [line(obj) for obj in queryset.order_by(*order)[:ROWS]]  # asked even when 0: fixed cost
    return InboxSection(key=key, title=str(title), count=count, rows=rows, url=url)


def report_line(report: AwarenessReport) -> InboxLine:
    return InboxLine(
        url=reverse("admin:kelurahan_awarenessreport_change", args=[report.pk]),
        label=f"{report.reference} — {report.get_category_display()}",
        place=report.kelurahan.name if report.kelurahan else str(UNKNOWN_PLACE),
        when=report.submitted_at,
        urgent=report.urgency == AwarenessReport.Urgency.URGENT,
        tip=report.source == AwarenessReport.Source.TIP_LINE,
    )


def session_line(session: OutreachSession) -> InboxLine:
    return InboxLine(
        url=reverse("admin:kelurahan_outreachsession_change", args=[session.pk]),
        label=session.title,
        place=session.kelurahan.name,
        when=session.starts_at,
    )


def _changelist(name: str, key: str) -> str:
    return f"{reverse(name)}?{urlencode({PARAMETER: key})}"


def report_sections(user) -> list[InboxSection]:
    sections = []
    for key, (title, method) in REPORT_SECTIONS.items():
        queryset = getattr(staff_reports(user), method)().select_related("kelurahan")
        url = _changelist("admin:kelurahan_awarenessreport_changelist", key)
        order = ("-urgency", "submitted_at", "pk")
        sections.append(_section(key, title, queryset, order, url, report_line))
    return sections


def session_sections(user) -> list[InboxSection]:
    sections = []
    for key, (title, method) in SESSION_SECTIONS.items():
        sessions = scope_to_user(OutreachSession.objects.select_related("kelurahan"), user)
        queryset = getattr(sessions, method)()
        url = _changelist("admin:kelurahan_outreachsession_changelist", key)
        order = ("starts_at", "pk") if key == "proposed" else ("ends_at", "pk")
        sections.append(_section(key, title, queryset, order, url, session_line))
    return sections


def change_line(change: SessionChange) -> InboxLine:
    return InboxLine(
        url=reverse("admin:kelurahan_sessionchange_change", args=[change.pk]),
        label=f"{change.get_kind_display()}: {change.session.title}",
        place=change.session.kelurahan.name,
        when=change.created_at,
    )


def pending_change_sections(user) -> list[InboxSection]:
    """Officers' changes to published sessions that wait for the office's review."""
    changes = scope_to_user(SessionChange.objects.pending(), user, "session__kelurahan")
    url = f"{reverse('admin:kelurahan_sessionchange_changelist')}?status__exact=pending"
    title = _("Officers' changes to public sessions, awaiting review")
    return [_section("changes", title, changes, ("created_at", "pk"), url, change_line)]


def question_line(question: Question) -> InboxLine:
    topic = question.topic.name if question.topic else ""
    return InboxLine(
        url=reverse("admin:kelurahan_question_change", args=[question.pk]),
        label=f"{question.reference} — {topic}" if topic else question.reference,
        place=question.kelurahan.name if question.kelurahan else str(UNKNOWN_PLACE),
        when=question.submitted_at,
    )


def question_sections(user) -> list[InboxSection]:
    """Residents' and officers' questions the office has not answered yet."""
    questions = scope_to_user(Question.objects.open(), user).select_related("kelurahan", "topic")
    url = f"{reverse('admin:kelurahan_question_changelist')}?status__exact={Question.Status.OPEN}"
    title = _("Questions waiting for an answer")
    return [_section("questions", title, questions, ("submitted_at", "pk"), url, question_line)]


def passport_day_line(day) -> InboxLine:
    return InboxLine(
        url=reverse("admin:kelurahan_passportserviceday_change", args=[day.pk]),
        label=day.reference,
        place=day.kelurahan.name,
        when=None,
    )


def passport_day_sections(user) -> list[InboxSection]:
    """Officers' requests for a collective passport service day waiting for a decision."""
    requests = passport_requests_waiting(user)
    changelist = reverse("admin:kelurahan_passportserviceday_changelist")
    url = f"{changelist}?status__exact={PassportServiceDay.Status.REQUESTED}"
    title = _("Passport service days requested by officers, awaiting a decision")
    order = ("preferred_date", "pk")
    return [_section("passport", title, requests, order, url, passport_day_line)]


# The inbox's sections in order; a section is a function of the user.
SECTION_BUILDERS: list[Callable] = [
    report_sections,
    question_sections,
    pending_change_sections,
    session_sections,
    passport_day_sections,
]


def office_inbox(user) -> Inbox:
    """Everything waiting for the user's office; sections with nothing waiting are kept too."""
    inbox = Inbox()
    for build in SECTION_BUILDERS:
        inbox.sections.extend(build(user))
    return inbox
