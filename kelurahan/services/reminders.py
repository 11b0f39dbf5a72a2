"""Daily reminder e-mails: held sessions still without results, reports open too long.

Each recipient gets at most one e-mail of each kind per day. The ReminderLog row is written
in the same transaction that sends the e-mail, and its unique key (recipient, kind, day) makes a
second run, or two runs at once, skip what was already sent. E-mails name sessions and report
reference numbers only: never a report's text, a person at risk or a tip's content.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from kelurahan.models import (
    AwarenessReport,
    KelurahanOfficer,
    LiaisonAssignment,
    OfficeStaff,
    OutreachSession,
    ReminderLog,
)

logger = logging.getLogger(__name__)
_QuerySetT = TypeVar("_QuerySetT", bound=QuerySet[Any])
Kind = ReminderLog.Kind


@dataclass
class Reminder:
    """One e-mail to write: a recipient, a kind and the items it lists."""

    kind: ReminderLog.Kind
    user: User
    items: list = field(default_factory=list)


@dataclass
class ReminderRun:
    sent: int = 0
    skipped: int = 0
    planned: list = field(default_factory=list)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _age(moment: datetime.datetime, today: datetime.date) -> int:
    return (today - timezone.localtime(moment).date()).days


def _link(name: str, pk: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL.rstrip("/") + reverse(name, args=[pk])


def _reachable(queryset: _QuerySetT, path: str = "") -> _QuerySetT:
    """Only active accounts with an e-mail address."""
    return queryset.filter(**{f"{path}is_active": True}).exclude(**{f"{path}email": ""})


def _session_recipients(kelurahan_ids: set, today: datetime.date) -> dict:
    """kelurahan id -> users: its kelurahan officers and its current liaison officers."""
    users: defaultdict[int, dict[int, User]] = defaultdict(dict)
    officers = _reachable(
        KelurahanOfficer.objects.filter(kelurahan_id__in=kelurahan_ids), "user__"
    ).select_related("user")
    for officer in officers:
        users[officer.kelurahan_id][officer.user.pk] = officer.user
    liaisons = _reachable(
        LiaisonAssignment.objects.current(on=today).filter(
            kelurahan_id__in=kelurahan_ids, officer__is_active=True, officer__user__isnull=False
        ),
        "officer__user__",
    ).select_related("officer__user")
    for assignment in liaisons:
        user = assignment.officer.user
        users[assignment.kelurahan_id][user.pk] = user
    return users


def session_reminders(today: datetime.date) -> list[Reminder]:
    """Held sessions more than REMINDER_SESSION_DAYS old without attendance or summary."""
    cutoff = _start_of(today - datetime.timedelta(days=settings.REMINDER_SESSION_DAYS))
    sessions = list(
        OutreachSession.objects.incomplete()
        .filter(starts_at__lt=cutoff)
        .select_related("kelurahan")
        .order_by("starts_at", "pk")
    )
    recipients = _session_recipients({session.kelurahan_id for session in sessions}, today)
    reminders: dict[int, Reminder] = {}
    for session in sessions:
        for user in recipients.get(session.kelurahan_id, {}).values():
            reminder = reminders.setdefault(user.pk, Reminder(Kind.SESSION_INCOMPLETE, user))
            reminder.items.append(_session_item(session, user, today))
    return list(reminders.values())


def _session_item(session: OutreachSession, user: User, today: datetime.date) -> dict:
    # Officers go straight to the results form; staff to the session in the admin.
    page = "admin:kelurahan_outreachsession_change" if user.is_staff else "officer:session_held"
    return {
        "key": f"S{session.pk}",
        "title": session.title,
        "kelurahan": session.kelurahan.name,
        "date": timezone.localtime(session.starts_at).date(),
        "age": _age(session.starts_at, today),
        "missing_attendance": session.attendance_total is None,
        "missing_summary": not session.summary.strip(),
        "link": _link(page, session.pk),
    }


def _report_recipients(reports: list) -> dict:
    """office id -> its staff users; plus each report's assignee, added by the caller."""
    staff: defaultdict[int, dict[int, User]] = defaultdict(dict)
    members = _reachable(
        OfficeStaff.objects.filter(office_id__in={report.office_id for report in reports}),
        "user__",
    ).select_related("user")
    for member in members:
        if member.user.is_staff:
            staff[member.office_id][member.user.pk] = member.user
    return staff


def report_reminders(today: datetime.date) -> list[Reminder]:
    """Reports open (submitted, under review, referred) for more than REPORT_OVERDUE_DAYS."""
    cutoff = _start_of(today - datetime.timedelta(days=settings.REPORT_OVERDUE_DAYS))
    # Only the fields the e-mail may show are loaded: never the report's text.
    reports = list(
        AwarenessReport.objects.open()
        .filter(submitted_at__lt=cutoff)
        .select_related("kelurahan")
        .only("pk", "status", "submitted_at", "office_id", "assigned_to_id", "kelurahan__name")
        .order_by("submitted_at", "pk")
    )
    staff = _report_recipients(reports)
    assignees = {
        user.pk: user
        for user in _reachable(
            get_user_model().objects.filter(pk__in={r.assigned_to_id for r in reports})
        )
    }
    reminders: dict[int, Reminder] = {}
    for report in reports:
        users = dict(staff.get(report.office_id, {}))
        if report.assigned_to_id in assignees:
            users[report.assigned_to_id] = assignees[report.assigned_to_id]
        for user in users.values():
            reminder = reminders.setdefault(user.pk, Reminder(Kind.REPORT_OPEN, user))
            reminder.items.append(_report_item(report, today))
    return list(reminders.values())


def _report_item(report: AwarenessReport, today: datetime.date) -> dict:
    assert report.submitted_at is not None  # report_reminders selects submitted reports only
    return {
        "key": report.reference,
        "reference": report.reference,
        "kelurahan": report.kelurahan.name if report.kelurahan else None,
        "age": _age(report.submitted_at, today),
        "status": report.get_status_display(),
        "link": _link("admin:kelurahan_awarenessreport_change", report.pk),
    }


TEMPLATES = {
    Kind.SESSION_INCOMPLETE: "email/reminder_sessions.txt",
    Kind.REPORT_OPEN: "email/reminder_reports.txt",
}


def _subject(reminder: Reminder) -> str:
    count = len(reminder.items)
    if reminder.kind == Kind.SESSION_INCOMPLETE:
        text = ngettext(
            "%(count)d held session still needs its results",
            "%(count)d held sessions still need their results",
            count,
        )
    else:
        text = ngettext(
            "%(count)d report has been open a long time",
            "%(count)d reports have been open a long time",
            count,
        )
    return f"[{settings.SITE_NAME}] " + text % {"count": count}


def render_reminder(reminder: Reminder) -> EmailMessage:
    """The e-mail in the portal's language (Indonesian), addressed to one user only."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "items": reminder.items,
            "session_days": settings.REMINDER_SESSION_DAYS,
            "report_days": settings.REPORT_OVERDUE_DAYS,
            "site_name": str(settings.SITE_NAME),
            "site_url": settings.SITE_URL,
            "is_staff": reminder.user.is_staff,
        }
        body = render_to_string(TEMPLATES[reminder.kind], context)
        subject = _subject(reminder)
    return EmailMessage(subject, body, None, [reminder.user.email])


def _send_once(reminder: Reminder, today: datetime.date) -> bool:
    """Record and send in one transaction; False when it was already sent today."""
    keys = ", ".join(item["key"] for item in reminder.items)
    with transaction.atomic():
        _log, created = ReminderLog.objects.get_or_create(
            recipient=reminder.user, kind=reminder.kind, sent_on=today, defaults={"items": keys}
        )
        if not created:
            return False
        # A failed send rolls the log row back, so the next run tries again.
        render_reminder(reminder).send()
    logger.info("reminder %s sent to user %s: %s", reminder.kind, reminder.user.pk, keys)
    return True


def reminders_send(*, today: datetime.date | None = None, dry_run: bool = False) -> ReminderRun:
    """Send today's reminders that were not sent yet; with dry_run, only list them."""
    today = today or timezone.localdate()
    run = ReminderRun()
    for reminder in session_reminders(today) + report_reminders(today):
        if dry_run:
            already = ReminderLog.objects.filter(
                recipient=reminder.user, kind=reminder.kind, sent_on=today
            ).exists()
            if not already:
                run.planned.append(reminder)
            continue
        if _send_once(reminder, today):
            run.sent += 1
        else:
            run.skipped += 1
    return run
