"""Collective passport service days ("Eazy Passport") that a kelurahan asks the office for.

No applicant's personal data is kept here: the request gives how many people are expected and
which group they belong to; the list of applicants goes to the office by its usual channel.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kelurahan.models.fields import user_reference
from kelurahan.models.people import phone_validator
from kelurahan.models.wilayah import Kelurahan


class PassportDayQuerySet(models.QuerySet):
    def public(self):
        """Accepted days and days already held: what residents may see."""
        return self.filter(status__in=PassportServiceDay.PUBLIC_STATUSES)

    def upcoming(self):
        return self.filter(
            status=PassportServiceDay.Status.ACCEPTED, ends_at__gte=timezone.now()
        ).order_by("starts_at", "pk")


class PassportServiceDay(models.Model):
    """A kelurahan's request for a passport service day, and the day once the office accepts."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        HELD = "held", _("Held, results recorded")

    class Group(models.TextChoices):
        GENERAL = "", _("General public (the usual minimum applies)")
        CHILDREN = "children_under_5", _("Children under 5")
        ELDERLY = "elderly_over_60", _("People over 60")
        DISABILITY = "disabilities", _("People with disabilities")

    PUBLIC_STATUSES = (Status.ACCEPTED, Status.HELD)

    kelurahan = models.ForeignKey(
        Kelurahan,
        on_delete=models.PROTECT,
        related_name="passport_days",
        verbose_name=_("kelurahan"),
    )
    requested_by = user_reference(_("requested by"))
    expected_applicants = models.PositiveIntegerField(_("expected number of applicants"))
    vulnerable_group = models.CharField(
        _("vulnerable group"), max_length=20, choices=Group.choices, blank=True, default=""
    )
    preferred_date = models.DateField(_("preferred date"))
    alternative_date = models.DateField(_("alternative date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, validators=[phone_validator]
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    decided_by = user_reference(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    applications_served = models.PositiveIntegerField(
        _("applications served"), null=True, blank=True
    )
    applications_delayed = models.PositiveIntegerField(
        _("applications delayed (suspected non-procedural migration)"),
        null=True,
        blank=True,
        help_text=_(
            "Applications put on hold because the applicant was suspected of leaving to work "
            "abroad outside the official procedure."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PassportDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("passport service day")
        verbose_name_plural = _("passport service days")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=F("starts_at")),
                name="passport_day_ends_after_start",
                violation_error_message=_("The service cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="passport_status_starts_idx"),
            models.Index(fields=["kelurahan", "status"], name="passport_kelurahan_idx"),
        ]

    def __str__(self):
        return f"{self.reference} · {self.kelurahan}"

    def get_absolute_url(self):
        return reverse("public:passport_day", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        """A short reference for messages and the officer's list, e.g. PSP-00012."""
        return f"PSP-{self.pk:05d}" if self.pk else "PSP-?"

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The service cannot end before it starts.")
        if self.alternative_date and self.alternative_date == self.preferred_date:
            errors["alternative_date"] = _("Give a different date, or leave it empty.")
        if errors:
            raise ValidationError(errors)

    def can_be_decided(self) -> bool:
        return self.status == self.Status.REQUESTED

    def can_record_results(self) -> bool:
        started = self.starts_at is not None and self.starts_at <= timezone.now()
        return self.status in self.PUBLIC_STATUSES and started
