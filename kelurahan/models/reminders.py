"""A record of each reminder e-mail sent, so a daily run never sends the same one twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderLog(models.Model):
    """One reminder e-mail of one kind to one user on one day; the unique key makes it once."""

    class Kind(models.TextChoices):
        SESSION_INCOMPLETE = "session_incomplete", _("Held sessions without results")
        REPORT_OPEN = "report_open", _("Reports open too long")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_logs",
        verbose_name=_("recipient"),
    )
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # Session ids or report references (LAP-00012) only: never any content.
    items = models.TextField(_("items listed"), blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "sent_on"], name="reminder_once_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient_id} ({self.sent_on})"
