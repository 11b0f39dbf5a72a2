"""Officers' changes to a published session, held until office staff approve or decline them."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kelurahan.models.fields import user_reference
from kelurahan.models.outreach import OutreachSession

RELATION_FIELDS = ("topics", "speakers", "partners")
# What an officer may propose for a published session: every field its public page shows.
PROPOSABLE_FIELDS = (*OutreachSession.PLAN_FIELDS, *RELATION_FIELDS)
DATETIME_FIELDS = ("starts_at", "ends_at")


def to_json(field: str, value):
    """A session field's value as stored in SessionChange.proposed / .previous."""
    if field in DATETIME_FIELDS:
        return value.astimezone(datetime.UTC).isoformat()
    if field in RELATION_FIELDS:
        return sorted(getattr(item, "pk", item) for item in value)  # rows or their ids
    return value


def from_json(field: str, value):
    """The value to give the session service (related rows stay lists of ids)."""
    if field in DATETIME_FIELDS:
        return datetime.datetime.fromisoformat(value)
    return value


def snapshot(session: OutreachSession, fields) -> dict:
    """The session's current values of `fields`, as JSON."""
    values = {}
    for field in fields:
        value = getattr(session, field)
        values[field] = to_json(field, value.all() if field in RELATION_FIELDS else value)
    return values


class SessionChangeQuerySet(models.QuerySet["SessionChange"]):
    def pending(self):
        """Changes waiting for staff, oldest first, with their session and kelurahan."""
        return (
            self.filter(status=self.model.Status.PENDING)
            .select_related("session__kelurahan", "proposed_by")
            .order_by("created_at", "pk")
        )


class SessionChange(models.Model):
    """The values an officer proposes for a published session (or its cancellation)."""

    class Kind(models.TextChoices):
        EDIT = "edit", _("Change of details")
        CANCEL = "cancel", _("Cancellation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the office")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Replaced by a newer change")

    session = models.ForeignKey(
        OutreachSession,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.EDIT)
    # Field name -> proposed value, as JSON: datetimes in ISO 8601, related rows as lists of ids.
    proposed = models.JSONField(_("proposed values"), default=dict)
    # The same fields as they were when the change was decided (or proposed, while pending).
    previous = models.JSONField(_("previous values"), default=dict)
    office_note = models.TextField(_("officer's note for the office"), blank=True)
    proposed_by = user_reference(_("proposed by"))
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    staff_note = models.TextField(
        _("note for the officer"),
        blank=True,
        help_text=_("The officer reads this with the decision."),
    )
    decided_by = user_reference(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = SessionChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("session change")
        verbose_name_plural = _("session changes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(status="pending"),
                name="one_pending_change_per_session",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="sessionchange_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.session}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED
