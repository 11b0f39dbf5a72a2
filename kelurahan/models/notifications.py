"""Notifications: the outbox of messages to deliver, and the notices officers see on /petugas/.

An OutgoingMessage row is written in the same transaction as the change it tells about, so a
change that is saved always has its message, and a message is never sent for a change that was
rolled back. `manage.py deliver_notifications` sends the rows and retries with back-off.
Messages name what happened and a reference number only: never a report's text or a person.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kelurahan.models.reports import AwarenessReport
from kelurahan.models.wilayah import Office


class OutgoingMessage(models.Model):
    """One message to one recipient over one channel, kept until it is sent or gives up."""

    class Channel(models.TextChoices):
        # Only e-mail has a sender (kelurahan/services/notifications.py SENDERS). A WhatsApp or
        # SMS gateway would add a choice here and a sender there; nothing else changes.
        EMAIL = "email", _("E-mail")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL
    )
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    kind = models.CharField(
        _("kind"), max_length=40, blank=True, help_text=_("What the message is about.")
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office"),
        help_text=_("Whose staff see the message in the admin; empty: superusers only."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The delivery command's one query: due messages, oldest first.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status="pending"),
                name="outbox_due_idx",
            ),
            models.Index(fields=["office", "status", "-created_at"], name="outbox_office_idx"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject}"


class Notice(models.Model):
    """A line on an officer's dashboard: something the office did about their work.

    Only the kind, a reference (LAP-00011, a session's title) and the object's id are kept; the
    sentence and the link are made when the page is shown, in the reader's language.
    """

    class Kind(models.TextChoices):
        REPORT_ANSWERED = "report_answered", _("The office answered a report")
        REPORT_STATUS = "report_status", _("A report's status changed")
        SESSION_PUBLISHED = "session_published", _("A session was published")
        SESSION_DECLINED = "session_declined", _("A proposed session was declined")
        CHANGE_APPROVED = "change_approved", _("A change was approved")
        CHANGE_DECLINED = "change_declined", _("A change was declined")
        QUESTION_ANSWERED = "question_answered", _("The office answered a question")
        PASSPORT_ACCEPTED = "passport_accepted", _("A passport service day was accepted")
        PASSPORT_DECLINED = "passport_declined", _("A passport service day was declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=200)
    status = models.CharField(_("status"), max_length=40, blank=True)
    # The report's or the session's id: the link is made when shown, in the reader's language.
    object_id = models.PositiveBigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    seen_at = models.DateTimeField(_("seen at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notice_user_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.reference}"

    def get_absolute_url(self) -> str:
        """The officer's page of the report, question, passport day or session (needs a login)."""
        if self.kind in PASSPORT_KINDS:
            return reverse("officer:passport_list") + f"#psp-{self.object_id}"
        if self.kind in REPORT_KINDS:
            page = "officer:report_detail"
        elif self.kind == Notice.Kind.QUESTION_ANSWERED:
            page = "officer:question_detail"
        else:
            page = "officer:session_detail"
        return reverse(page, args=[self.object_id])

    def message(self) -> str:
        """The sentence in the active language, e.g. "Kantor membalas laporan LAP-00011"."""
        status = self.status
        if status in AwarenessReport.Status.values:
            status = str(AwarenessReport.Status(status).label)
        text = NOTICE_TEXT[Notice.Kind(self.kind)]
        return str(text) % {"reference": self.reference, "status": status}


REPORT_KINDS = (Notice.Kind.REPORT_ANSWERED, Notice.Kind.REPORT_STATUS)
PASSPORT_KINDS = (Notice.Kind.PASSPORT_ACCEPTED, Notice.Kind.PASSPORT_DECLINED)


NOTICE_TEXT = {
    Notice.Kind.REPORT_ANSWERED: _("The office answered report %(reference)s"),
    Notice.Kind.REPORT_STATUS: _("Report %(reference)s is now: %(status)s"),
    Notice.Kind.SESSION_PUBLISHED: _("The office published your session “%(reference)s”"),
    Notice.Kind.SESSION_DECLINED: _("The office declined your proposed session “%(reference)s”"),
    Notice.Kind.CHANGE_APPROVED: _("The office approved your change to “%(reference)s”"),
    Notice.Kind.CHANGE_DECLINED: _("The office declined your change to “%(reference)s”"),
    Notice.Kind.QUESTION_ANSWERED: _("The office answered question %(reference)s"),
    Notice.Kind.PASSPORT_ACCEPTED: _(
        "The office accepted passport service day request %(reference)s"
    ),
    Notice.Kind.PASSPORT_DECLINED: _(
        "The office declined passport service day request %(reference)s"
    ),
}
