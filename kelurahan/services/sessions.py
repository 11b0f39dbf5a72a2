"""Outreach sessions: propose, edit, mark held, record and verify results, cancel, publish.

An officer's change to a published session goes through services/session_changes.py; these
functions refuse it, so no view can publish it unchecked.
"""

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from kelurahan.files.images import reencode_photo
from kelurahan.files.thumbnails import delete_thumbnails, make_thumbnails
from kelurahan.models import (
    Kelurahan,
    LiaisonOfficer,
    OutreachSession,
    Partner,
    SessionPhoto,
    Topic,
)
from kelurahan.permissions import changes_need_review
from kelurahan.services.notifications import notify_session_declined, notify_session_published

logger = logging.getLogger(__name__)

# Fields a session's planner may change; status and publication have their own services.
EDITABLE_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "title_en",
    "description_en",
)
RESULT_FIELDS = ("attendance_men", "attendance_women", "attendance_total", "summary", "summary_en")


def _locked(session: OutreachSession) -> OutreachSession:
    return OutreachSession.objects.select_for_update().get(pk=session.pk)


def _refuse_unreviewed(session: OutreachSession, by: User | None) -> None:
    """What residents already see changes only through the office's review."""
    if session.is_published and changes_need_review(by):
        raise ValidationError(
            _("This session is public: your change goes to the immigration office for review.")
        )


def _results_changed(session: OutreachSession, by: User | None) -> None:
    """Results an officer changes are hidden from residents until staff verify them again."""
    if changes_need_review(by):
        session.results_verified_at = None
        session.results_verified_by = None


def _log(action: str, session: OutreachSession, by: User | None) -> None:
    logger.info("session %s %s by user %s", session.pk, action, getattr(by, "pk", None))


def _set_relations(
    session: OutreachSession,
    *,
    topics: Iterable[Topic] | None = None,
    speakers: Iterable[LiaisonOfficer] | None = None,
    partners: Iterable[Partner] | None = None,
) -> None:
    if topics is not None:
        session.topics.set(topics)
    if speakers is not None:
        session.speakers.set(speakers)
    if partners is not None:
        session.partners.set(partners)


@transaction.atomic
def session_propose(
    *,
    kelurahan: Kelurahan,
    proposed_by: User | None,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: str,
    kind: str = OutreachSession.Kind.SOSIALISASI,
    description: str = "",
    address: str = "",
    title_en: str = "",
    description_en: str = "",
    topics: Iterable = (),
    speakers: Iterable = (),
    partners: Iterable = (),
) -> OutreachSession:
    """Plan a new session; it stays unpublished until staff publish it."""
    session = OutreachSession(
        kelurahan=kelurahan,
        office_id=kelurahan.office_id,  # the database refuses any other
        proposed_by=proposed_by,
        title=title,
        kind=kind,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        address=address,
        title_en=title_en,
        description_en=description_en,
    )
    session.full_clean()
    session.save()
    _set_relations(session, topics=topics, speakers=speakers, partners=partners)
    _log("proposed", session, proposed_by)
    return session


@transaction.atomic
def session_update(
    *,
    session: OutreachSession,
    by: User | None,
    topics: Iterable[Topic] | None = None,
    speakers: Iterable[LiaisonOfficer] | None = None,
    partners: Iterable[Partner] | None = None,
    **changes: Any,
) -> OutreachSession:
    """Change a session's plan; a cancelled session can no longer be edited."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"session_update cannot change {sorted(unknown)}")
    session = _locked(session)
    if not session.can_be_edited_by_officer():
        raise ValidationError(_("A cancelled session can no longer be changed."))
    _refuse_unreviewed(session, by)
    for field, value in changes.items():
        setattr(session, field, value)
    session.full_clean()
    session.save()
    _set_relations(session, topics=topics, speakers=speakers, partners=partners)
    _log("updated", session, by)
    return session


def _apply_results(session: OutreachSession, results: dict) -> None:
    for field in RESULT_FIELDS:
        if field in results:
            setattr(session, field, results[field])
    if session.summary is None:
        session.summary = ""
    if session.summary_en is None:
        session.summary_en = ""
    men, women = session.attendance_men, session.attendance_women
    if session.attendance_total is None and men is not None and women is not None:
        session.attendance_total = men + women


@transaction.atomic
def session_mark_held(
    *, session: OutreachSession, by: User | None, photos: Iterable = (), **results: Any
) -> OutreachSession:
    """Record that a planned session took place, with whatever results are known yet."""
    session = _locked(session)
    if session.status != OutreachSession.Status.PLANNED:
        raise ValidationError(_("Only a planned session can be marked as held."))
    if not session.can_be_marked_held():
        raise ValidationError(_("A session cannot be marked as held before it has started."))
    session.status = OutreachSession.Status.HELD
    _apply_results(session, results)
    session.full_clean()
    session.save()
    _add_photos(session, photos, by)
    _log("marked held", session, by)
    return session


@transaction.atomic
def session_record_result(
    *, session: OutreachSession, by: User | None, photos: Iterable = (), **results: Any
) -> OutreachSession:
    """Complete or correct the attendance and summary of a held session."""
    session = _locked(session)
    if session.status != OutreachSession.Status.HELD:
        raise ValidationError(_("Results can only be recorded for a session that was held."))
    _apply_results(session, results)
    _results_changed(session, by)
    session.full_clean()
    session.save()
    _add_photos(session, photos, by)
    _log("results recorded", session, by)
    return session


def check_cancellable(session: OutreachSession, reason: str) -> None:
    if not session.can_be_cancelled():
        raise ValidationError(_("Only a planned session can be cancelled."))
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Say why the session is cancelled.")})


@transaction.atomic
def session_cancel(
    *, session: OutreachSession, by: User | None, reason: str, office_note: str = ""
) -> OutreachSession:
    """Cancel a planned session: `reason` is public, `office_note` is for the office only."""
    session = _locked(session)
    check_cancellable(session, reason)
    _refuse_unreviewed(session, by)
    if not session.is_published:  # a proposal the office turns down: its proposer is told
        notify_session_declined(session=session, by=by)
    session.status = OutreachSession.Status.CANCELLED
    session.cancel_reason = reason.strip()
    session.cancel_office_note = office_note.strip()
    session.save(update_fields=["status", "cancel_reason", "cancel_office_note", "updated_at"])
    _log("cancelled", session, by)
    return session


@transaction.atomic
def session_publish(
    *, session: OutreachSession, by: User | None, refuse_if_started: bool = False
) -> OutreachSession:
    """Show the session to residents; with refuse_if_started, not one that should be held."""
    session = _locked(session)
    if refuse_if_started and session.can_be_marked_held():
        raise ValidationError(
            _(
                "This session has already started: record it as held instead, "
                "or publish it anyway from its page."
            ),
            code="started",
        )
    notify_session_published(session=session, by=by)  # before the flag: tells only once
    session.is_published = True
    session.save(update_fields=["is_published", "updated_at"])
    _log("published", session, by)
    return session


@transaction.atomic
def session_verify_results(*, session: OutreachSession, by: User | None) -> OutreachSession:
    """Staff have checked a held session's attendance, summary and photos: show them."""
    session = _locked(session)
    if session.status != OutreachSession.Status.HELD:
        raise ValidationError(_("Only the results of a held session can be verified."))
    if session.results_verified_at is not None:
        raise ValidationError(_("These results are already verified."))
    session.results_verified_at = timezone.now()
    session.results_verified_by = by
    session.save(update_fields=["results_verified_at", "results_verified_by", "updated_at"])
    _log("results verified", session, by)
    return session


@transaction.atomic
def session_unpublish(*, session: OutreachSession, by: User | None) -> OutreachSession:
    session = _locked(session)
    session.is_published = False
    session.save(update_fields=["is_published", "updated_at"])
    _log("unpublished", session, by)
    return session


def _add_photos(session: OutreachSession, photos: Iterable, by: User | None) -> None:
    for item in photos:
        image, caption = item if isinstance(item, tuple) else (item, "")
        session_add_photo(session=session, by=by, image=image, caption=caption)


@transaction.atomic
def session_add_photo(
    *, session: OutreachSession, by: User | None, image: File, caption: str = ""
) -> SessionPhoto:
    if session.status == OutreachSession.Status.CANCELLED:
        raise ValidationError(_("A cancelled session cannot get photos."))
    # Published photos keep no camera, time or GPS metadata: only their pixels.
    photo = SessionPhoto(session=session, image=reencode_photo(image), caption=caption)
    photo.full_clean()
    photo.save()
    if changes_need_review(by) and session.results_verified_at is not None:
        session = _locked(session)
        _results_changed(session, by)
        session.save(update_fields=["results_verified_at", "results_verified_by", "updated_at"])
    make_thumbnails(photo.image)  # 480 and 960 px copies for srcset
    _log("photo added", session, by)
    return photo


@transaction.atomic
def session_replace_photo(
    *, photo: SessionPhoto, by: User | None, image: File, caption: str
) -> SessionPhoto:
    """A new file for a photo: re-encoded like a new one; the old file and its copies go."""
    stored = SessionPhoto.objects.select_for_update().get(pk=photo.pk)
    old_image = stored.image
    stored.image, stored.caption = reencode_photo(image), caption
    stored.full_clean()
    stored.save()
    # Only once the row points at the new file: a failed save keeps the old one.
    transaction.on_commit(lambda: _drop_file(old_image))
    make_thumbnails(stored.image)
    _log("photo replaced", stored.session, by)
    return stored


def _drop_file(field_file: FieldFile) -> None:
    delete_thumbnails(field_file)
    if field_file.name:  # a photo always has its file; the check is for the type checker
        field_file.storage.delete(field_file.name)
