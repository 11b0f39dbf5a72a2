"""Reads about officers' proposed session changes: the diff staff review, what the officer sees."""

from dataclasses import dataclass

from django.db.models import Field
from django.utils import formats, timezone

from kelurahan.models import LiaisonOfficer, OutreachSession, Partner, SessionChange, Topic
from kelurahan.models.session_changes import DATETIME_FIELDS, from_json, snapshot

RELATED_MODELS: dict[str, type[Topic | LiaisonOfficer | Partner]] = {
    "topics": Topic,
    "speakers": LiaisonOfficer,
    "partners": Partner,
}
EMPTY = "—"


@dataclass(frozen=True)
class FieldDiff:
    """One field of a change: its label, the value now and the proposed value."""

    label: str
    old: str
    new: str


def _label(field: str) -> str:
    model_field = OutreachSession._meta.get_field(field)
    assert isinstance(model_field, Field)  # a proposed change names the session's own fields
    return str(model_field.verbose_name).capitalize()


def _shown(field: str, value) -> str:
    """A JSON value as a person reads it."""
    if value in (None, "", []):
        return EMPTY
    if field in DATETIME_FIELDS:
        moment = timezone.localtime(from_json(field, value))
        return formats.date_format(moment, "j F Y, H:i") + " WIB"
    if field in RELATED_MODELS:
        rows = RELATED_MODELS[field].objects.filter(pk__in=value)
        return ", ".join(sorted(str(row) for row in rows)) or EMPTY
    if field == "kind":
        return str(OutreachSession.Kind(value).label)
    if field == "status":
        return str(OutreachSession.Status(value).label)
    return str(value)


def change_diff(change: SessionChange) -> list[FieldDiff]:
    """Old → new per field: against the session as it is now while the change waits."""
    pending = change.is_pending
    old_values = snapshot(change.session, change.proposed) if pending else change.previous
    return [
        FieldDiff(_label(field), _shown(field, old_values.get(field)), _shown(field, new))
        for field, new in change.proposed.items()
    ]


def session_review_state(session: OutreachSession) -> dict:
    """The change of a session still waiting for the office, and the office's last decision."""
    changes = SessionChange.objects.filter(session=session).select_related("decided_by")
    pending = changes.filter(status=SessionChange.Status.PENDING).first()
    decided = (
        changes.filter(status__in=[SessionChange.Status.APPROVED, SessionChange.Status.DECLINED])
        .order_by("-decided_at", "-pk")
        .first()
    )
    return {
        "pending_change": pending,
        "pending_diff": change_diff(pending) if pending else [],
        "last_decision": decided,
        "last_decision_diff": change_diff(decided) if decided else [],
    }


def pending_edit_values(session: OutreachSession) -> dict:
    """The values of the session's edit waiting for the office, as form initial data."""
    pending = SessionChange.objects.pending().filter(session=session).first()
    if pending is None or pending.kind != SessionChange.Kind.EDIT:
        return {}
    return {field: from_json(field, value) for field, value in pending.proposed.items()}
