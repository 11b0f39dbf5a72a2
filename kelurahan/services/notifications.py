"""Who is told what, and the one way to queue a message.

Everything here writes rows only: an OutgoingMessage per recipient (delivered later by
`manage.py deliver_notifications`, see kelurahan/services/delivery.py) and, for kelurahan
officers, a Notice on their dashboard. Called inside the service's transaction, so the message
exists exactly when the change does. A message says what happened, a reference number and a
link that needs a login: never a report's text, a place's detail, a victim or a reporter.
"""

import datetime
import logging
from collections.abc import Iterable
from typing import TypeGuard

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kelurahan.models import (
    AwarenessReport,
    Notice,
    Office,
    OutgoingMessage,
    OutreachSession,
    PassportServiceDay,
    Question,
    ReportUpdate,
)

logger = logging.getLogger(__name__)

Kind = Notice.Kind


@transaction.atomic
def queue_email(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    kind: str = "",
    office: Office | None = None,
) -> list[OutgoingMessage]:
    """Queue one e-mail per address, in the caller's transaction; return the queued rows.

    Empty and repeated addresses are dropped. `office` lets that office's staff see the
    message (and retry it) in the admin; without it only superusers do. Never put report
    text or anything identifying a person other than the recipient into `subject` or `body`.
    """
    kind = str(kind)[:40]  # a Notice.Kind member logs and stores as its plain value
    addresses: dict[str, str] = {}
    for address in to:
        address = (address or "").strip()
        if address:
            addresses.setdefault(address.lower(), address)
    messages = [
        OutgoingMessage(
            channel=OutgoingMessage.Channel.EMAIL,
            recipient=address,
            subject=subject[:255],
            body=body,
            kind=kind,
            office=office,
        )
        for address in addresses.values()
    ]
    created = OutgoingMessage.objects.bulk_create(messages)
    if created:
        logger.info("queued %s e-mail(s) of kind %r", len(created), kind)
    return created


def _link(name: str, *args: object) -> str:
    """An absolute link for an e-mail; it opens a page that asks for a login."""
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _signature() -> str:
    return f"\n\n-- \n{settings.SITE_NAME}\n{settings.SITE_URL}\n"


def _reachable(user: User | None) -> TypeGuard[User]:
    return bool(user and user.is_active and user.email)


def _notify_user(
    user: User, *, kind: str, reference: str, pk: int, office_id: int | None, status: str = ""
) -> None:
    """A dashboard notice for an officer, and an e-mail to them if they have an address."""
    notice = Notice.objects.create(
        user=user, kind=kind, reference=reference[:200], status=status, object_id=pk
    )
    if not _reachable(user):
        return
    with translation.override(settings.LANGUAGE_CODE):
        sentence = notice.message()
        link = settings.SITE_URL.rstrip("/") + notice.get_absolute_url()
        body = f"{sentence}.\n\n" + _("Open it after logging in: %(link)s") % {"link": link}
        queue_email(
            to=[user.email],
            subject=f"[{settings.SITE_NAME}] {sentence}",
            body=body + _signature(),
            kind=kind,
            office=Office.objects.filter(pk=office_id).first() if office_id else None,
        )


# --- Reports and tips ------------------------------------------------------------------------


def _office_addresses(report: AwarenessReport) -> list[str]:
    """The office's notification address, the extra addresses, and the report's assignee."""
    addresses = [report.office.notification_address, *settings.TIP_NOTIFY_EMAILS]
    if report.assigned_to_id and _reachable(report.assigned_to):
        addresses.append(report.assigned_to.email)
    if not any(addresses):
        # Nobody set the office's address yet: its staff hear of it rather than nobody.
        addresses = list(
            report.office.staff.filter(user__is_active=True, user__is_staff=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    if not addresses:
        logger.warning("report %s: nobody to notify; set the office's e-mail address", report.pk)
    return addresses


def notify_report_received(*, report: AwarenessReport) -> None:
    """Tell the office at once of every new tip and of an urgent report from an officer."""
    is_tip = report.source == AwarenessReport.Source.TIP_LINE
    urgent = report.urgency == AwarenessReport.Urgency.URGENT
    if not (is_tip or urgent):
        return  # other reports wait in the office's inbox and the daily reminders
    with translation.override(settings.LANGUAGE_CODE):
        place = report.kelurahan.name if report.kelurahan else _("unknown kelurahan")
        values = {"reference": report.reference, "place": place}
        if is_tip:
            subject = _("New tip %(reference)s for Kel. %(place)s") % values
            what = _("A new tip is waiting in the triage queue")
        else:
            subject = _("Urgent report %(reference)s from Kel. %(place)s") % values
            what = _("An urgent report from a kelurahan officer is waiting in the triage queue")
        if urgent and is_tip:
            subject = _("%(subject)s, urgent") % {"subject": subject}
        link = _link("admin:kelurahan_awarenessreport_change", report.pk)
        body = _("%(what)s: %(link)s") % {"what": what, "link": link}
        queue_email(
            to=_office_addresses(report),
            subject=f"[{settings.SITE_NAME}] {subject}",
            body=body + _signature(),
            kind="report_received",
            office=report.office,
        )


def notify_report_assigned(*, report: AwarenessReport, by: User) -> None:
    """Tell a staff member that a report was given to them (not when they took it themselves)."""
    assignee = report.assigned_to
    if not _reachable(assignee) or assignee.pk == getattr(by, "pk", None):
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Report %(reference)s was assigned to you") % {"reference": report.reference}
        link = _link("admin:kelurahan_awarenessreport_change", report.pk)
        body = _("%(what)s: %(link)s") % {"what": subject, "link": link}
        queue_email(
            to=[assignee.email],
            subject=f"[{settings.SITE_NAME}] {subject}",
            body=body + _signature(),
            kind="report_assigned",
            office=report.office,
        )


def notify_report_update(*, update: ReportUpdate) -> None:
    """Tell the officer who filed a report that the office answered it or changed its status.

    Internal notes are never mentioned; the officer's own updates and tips (no filer) tell
    nobody.
    """
    report = update.report
    filer = report.filed_by
    if filer is None or filer.is_staff or update.author_id == filer.pk:
        return
    if update.note_for_reporter:
        kind = Kind.REPORT_ANSWERED
    elif update.is_status_change:
        kind = Kind.REPORT_STATUS
    else:
        return
    _notify_user(
        filer,
        kind=kind,
        reference=report.reference,
        pk=report.pk,
        office_id=report.office_id,
        status=report.status,
    )


# --- Sessions and officers' changes ----------------------------------------------------------


def _session_officer(session: OutreachSession, by: User | None) -> User | None:
    """The kelurahan officer who proposed the session, unless they act themselves."""
    proposer = session.proposed_by
    if proposer is None or proposer.is_staff or proposer.pk == getattr(by, "pk", None):
        return None
    return proposer


def _notify_about_session(user: User, session: OutreachSession, kind: str) -> None:
    _notify_user(
        user,
        kind=kind,
        reference=session.title,
        pk=session.pk,
        office_id=session.kelurahan.office_id,
    )


def notify_session_published(*, session: OutreachSession, by: User | None) -> None:
    """Call before the flag is set: tells the proposer only when it was not public yet."""
    officer = _session_officer(session, by)
    if officer is not None and not session.is_published:
        _notify_about_session(officer, session, Kind.SESSION_PUBLISHED)


def notify_session_declined(*, session: OutreachSession, by: User | None) -> None:
    """Tell the proposer the office declined their proposed session (the note stays on the page)."""
    officer = _session_officer(session, by)
    if officer is not None:
        _notify_about_session(officer, session, Kind.SESSION_DECLINED)


def notify_change_decided(
    *, session: OutreachSession, officer_user: User | None, approved: bool
) -> None:
    """Tell the officer whose change to a published session the office approved or declined."""
    if officer_user is None or officer_user.is_staff:
        return
    kind = Kind.CHANGE_APPROVED if approved else Kind.CHANGE_DECLINED
    _notify_about_session(officer_user, session, kind)


def notify_question_answered(*, question: Question) -> None:
    """Tell the officer who relayed a resident's question that the office answered it."""
    officer = question.relayed_by
    if officer is None or officer.is_staff:
        return  # a resident's own question: they read the answer with their receipt code
    _notify_user(
        officer,
        kind=Kind.QUESTION_ANSWERED,
        reference=question.reference,
        pk=question.pk,
        office_id=question.office_id,
    )


# --- Passport service days ------------------------------------------------------------------


def _notify_about_passport_day(day: PassportServiceDay, kind: str) -> None:
    """Tell the officer who asked for the day what the office decided (nothing else of it)."""
    requester = day.requested_by
    if requester is None or requester.is_staff:
        return
    _notify_user(
        requester,
        kind=kind,
        reference=day.reference,
        pk=day.pk,
        office_id=day.kelurahan.office_id,
    )


def notify_passport_day_accepted(*, day: PassportServiceDay) -> None:
    """The office accepted a kelurahan's passport service day: its date is on the officer's list."""
    _notify_about_passport_day(day, Kind.PASSPORT_ACCEPTED)


def notify_passport_day_declined(*, day: PassportServiceDay) -> None:
    """The office declined a request: the reason is on the officer's list, not in the message."""
    _notify_about_passport_day(day, Kind.PASSPORT_DECLINED)


def notices_mark_seen(*, user: User, before: datetime.datetime) -> int:
    """The officer saw their dashboard: what was new until `before` is no longer new."""
    return Notice.objects.filter(user=user, seen_at__isnull=True, created_at__lte=before).update(
        seen_at=timezone.now()
    )
