"""Officers' changes to a published session: proposed, then approved or declined by staff.

Until staff approve, nothing is written to the session, so its public page, calendar feeds,
RSS/Atom, sitemap and poster keep showing the approved version.
"""

import logging
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kelurahan.models import OutreachSession, SessionChange
from kelurahan.models.session_changes import (
    DATETIME_FIELDS,
    PROPOSABLE_FIELDS,
    RELATION_FIELDS,
    from_json,
    snapshot,
    to_json,
)
from kelurahan.permissions import changes_need_review
from kelurahan.services.notifications import notify_change_decided
from kelurahan.services.sessions import check_cancellable, session_cancel, session_update

logger = logging.getLogger(__name__)
Kind = SessionChange.Kind
CANCEL_FIELDS = ("status", "cancel_reason")


def change_goes_to_review(*, session: OutreachSession, by: User | None) -> bool:
    """An officer's edit or cancellation of a published session waits for the office."""
    return session.is_published and changes_need_review(by)


def _differences(session: OutreachSession, changes: dict) -> dict:
    unknown = set(changes) - set(PROPOSABLE_FIELDS)
    if unknown:
        raise TypeError(f"session_change_propose cannot change {sorted(unknown)}")
    current = {field: _comparable(field, getattr(session, field)) for field in changes}
    return {
        field: to_json(field, value)
        for field, value in changes.items()
        if _comparable(field, value) != current[field]
    }


def _comparable(field: str, value: Any) -> Any:
    """Forms give times to the minute: a time within the same minute is no change."""
    if field in DATETIME_FIELDS:
        return value.replace(second=0, microsecond=0) if value else value
    if field in RELATION_FIELDS:
        return to_json(field, value.all() if hasattr(value, "all") else value)
    return value


def _check_values(session: OutreachSession, proposed: dict) -> None:
    """Validate the proposal on the locked copy, which is never saved."""
    for field, value in proposed.items():
        if field not in RELATION_FIELDS:
            setattr(session, field, from_json(field, value))
    session.full_clean(exclude=["kelurahan"])


def _proposal(
    session: OutreachSession, kind: str, changes: dict, cancel_reason: str
) -> tuple[dict, dict]:
    """(proposed, previous) values of an edit or a cancellation, checked."""
    if kind == Kind.CANCEL:
        check_cancellable(session, cancel_reason)
        reason = cancel_reason.strip()
        proposed = {"status": OutreachSession.Status.CANCELLED, "cancel_reason": reason}
        return proposed, snapshot(session, CANCEL_FIELDS)
    if not session.can_be_edited_by_officer():
        raise ValidationError(_("A cancelled session can no longer be changed."))
    proposed = _differences(session, changes)
    if not proposed:
        raise ValidationError(_("Nothing was changed."))
    previous = snapshot(session, proposed)
    _check_values(session, proposed)
    return proposed, previous


@transaction.atomic
def session_change_propose(
    *,
    session: OutreachSession,
    by: User,
    kind: str = Kind.EDIT,
    changes: dict | None = None,
    cancel_reason: str = "",
    office_note: str = "",
) -> SessionChange:
    """Hold an officer's edit (`changes`) or cancellation of a published session for review.

    A newer proposal replaces one still waiting.
    """
    session = OutreachSession.objects.select_for_update().get(pk=session.pk)
    if not session.is_published:
        raise ValidationError(_("This session is not public yet: change it directly."))
    proposed, previous = _proposal(session, kind, changes or {}, cancel_reason)
    for waiting in SessionChange.objects.select_for_update().filter(
        session=session, status=SessionChange.Status.PENDING
    ):
        waiting.status = SessionChange.Status.WITHDRAWN
        waiting.save(update_fields=["status"])
    change = SessionChange.objects.create(
        session=session,
        kind=kind,
        proposed=proposed,
        previous=previous,
        office_note=office_note.strip(),
        proposed_by=by,
    )
    logger.info("session %s change %s proposed by user %s", session.pk, change.pk, _pk(by))
    return change


def _pk(user: User | None) -> int | None:
    return getattr(user, "pk", None)


def _locked_pending(change: SessionChange, by: User) -> SessionChange:
    """The change, locked after its session (the order session_change_propose locks them in)."""
    if changes_need_review(by):
        raise ValidationError(_("Only the immigration office decides on a change."))
    OutreachSession.objects.select_for_update().filter(pk=change.session_id).first()
    change = SessionChange.objects.select_for_update().get(pk=change.pk)
    if not change.is_pending:
        raise ValidationError(_("This change has already been decided."))
    return change


def _decide(change: SessionChange, *, by: User, status: str, staff_note: str) -> None:
    change.status = status
    change.staff_note = staff_note.strip()
    change.decided_by = by
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "staff_note", "decided_by", "decided_at", "previous"])
    logger.info("session change %s %s by user %s", change.pk, status, _pk(by))


@transaction.atomic
def session_change_approve(
    *, change: SessionChange, by: User, staff_note: str = ""
) -> SessionChange:
    """Write the proposed values to the session (or cancel it): now the public sees them."""
    change = _locked_pending(change, by)
    session = change.session
    if change.kind == Kind.CANCEL:
        change.previous = snapshot(session, CANCEL_FIELDS)
        session_cancel(
            session=session,
            by=by,
            reason=change.proposed["cancel_reason"],
            office_note=change.office_note,
        )
    else:
        change.previous = snapshot(session, change.proposed)
        values = {field: from_json(field, value) for field, value in change.proposed.items()}
        session_update(session=session, by=by, **values)
    _decide(change, by=by, status=SessionChange.Status.APPROVED, staff_note=staff_note)
    notify_change_decided(session=change.session, officer_user=change.proposed_by, approved=True)
    return change


@transaction.atomic
def session_change_decline(*, change: SessionChange, by: User, staff_note: str) -> SessionChange:
    """Keep the session as it is; the officer reads why in `staff_note`."""
    change = _locked_pending(change, by)
    if not staff_note.strip():
        raise ValidationError({"staff_note": _("Tell the officer why the change is declined.")})
    change.previous = snapshot(
        change.session, change.proposed if change.kind == Kind.EDIT else CANCEL_FIELDS
    )
    _decide(change, by=by, status=SessionChange.Status.DECLINED, staff_note=staff_note)
    notify_change_decided(session=change.session, officer_user=change.proposed_by, approved=False)
    return change
