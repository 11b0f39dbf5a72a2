"""Reads for kelurahan officers; everything is scoped to the officer's own kelurahan."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from kelurahan.models import (
    Article,
    AwarenessReport,
    FaqEntry,
    Notice,
    OutreachSession,
    ReportUpdate,
)
from kelurahan.permissions import scope_to_user
from kelurahan.querysets import OutreachSessionQuerySet

DASHBOARD_REPORTS = 10
DASHBOARD_NOTICES = 8
NOTICE_DAYS = 30
MATERIAL_DAYS = 7
MATERIAL_MAX = 6
MATERIAL_FALLBACK = 3


def sessions_for_officer(user) -> OutreachSessionQuerySet:
    return scope_to_user(OutreachSession.objects.all(), user).prefetch_related("topics")


def reports_for_officer(user) -> QuerySet[AwarenessReport]:
    """The kelurahan's reports, drafts first, then the newest."""
    drafts_first = Case(
        When(status=AwarenessReport.Status.DRAFT, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        scope_to_user(AwarenessReport.objects.all(), user)
        .select_related("filed_by", "referred_to")
        .annotate(draft_order=drafts_first)
        .order_by("draft_order", "-created_at", "-pk")
    )


def officer_dashboard(user) -> dict:
    """What needs the officer's attention: next sessions, missing results, reports."""
    sessions = sessions_for_officer(user)
    reports = reports_for_officer(user)
    return {
        "upcoming_sessions": sessions.upcoming()[:10],
        "awaiting_result": sessions.filter(
            status=OutreachSession.Status.PLANNED, ends_at__lt=timezone.now()
        ).order_by("starts_at"),
        "incomplete_sessions": sessions.incomplete(),
        "reports": reports[:DASHBOARD_REPORTS],
        "report_count": reports.count(),
        "notices": officer_notices(user),
    }


def officer_notices(user) -> list[Notice]:
    """What the office did about the officer's work lately, newest first; unseen ones are new."""
    since = timezone.now() - datetime.timedelta(days=NOTICE_DAYS)
    return list(
        Notice.objects.filter(user=user, created_at__gte=since).order_by("-created_at", "-pk")[
            :DASHBOARD_NOTICES
        ]
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One update an officer may see: never the staff's internal note."""

    created_at: datetime.datetime
    status: str
    status_label: str
    note: str


def report_timeline_for_officer(report: AwarenessReport) -> list[TimelineEntry]:
    """Status changes and notes meant for the officer, oldest first."""
    updates = (
        ReportUpdate.objects.filter(report=report)
        .only("created_at", "from_status", "to_status", "note_for_reporter")
        .order_by("created_at", "pk")
    )
    entries = []
    for update in updates:
        changed = update.is_status_change
        if not (changed or update.note_for_reporter):
            continue
        entries.append(
            TimelineEntry(
                created_at=update.created_at,
                status=update.to_status if changed else "",
                status_label=update.get_to_status_display() if changed else "",
                note=update.note_for_reporter,
            )
        )
    return entries


def material_to_pass_on() -> list[Article | FaqEntry]:
    """Articles published or updated and answers published in the last week (newest first),
    else the newest three articles.

    Two queries whatever the count: the newest few of each by their latest change, cut in Python.
    """
    latest = (
        Article.objects.published()
        .annotate(changed_at=Greatest("updated_at", Coalesce("published_at", "updated_at")))
        .select_related("topic")
        .order_by("-changed_at", "-pk")[:MATERIAL_MAX]
    )
    newest = list(latest)
    since = timezone.now() - datetime.timedelta(days=MATERIAL_DAYS)
    answers = (
        FaqEntry.objects.published()
        .filter(published_at__gte=since)
        .annotate(changed_at=F("published_at"))
        .select_related("topic")
        .order_by("-published_at", "-pk")[:MATERIAL_MAX]
    )
    this_week = [article for article in newest if article.changed_at >= since] + list(answers)
    this_week.sort(key=lambda item: item.changed_at, reverse=True)
    return this_week[:MATERIAL_MAX] or newest[:MATERIAL_FALLBACK]
