"""Awareness reports (laporan kewaspadaan TPPO/TPPM) and their timeline of updates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kelurahan.models.people import Partner
from kelurahan.models.wilayah import Kelurahan
from kelurahan.querysets import AwarenessReportQuerySet


class AwarenessReport(models.Model):
    class Category(models.TextChoices):
        TPPO = "tppo", _("Indication of human trafficking (TPPO)")
        TPPM = "tppm", _("Indication of people smuggling (TPPM)")
        NON_PROCEDURAL_PMI = "pmi_nonprosedural", _("Non-procedural migrant-worker recruitment")
        FOREIGNER = "wna", _("Suspicious foreigner activity")
        OTHER = "lainnya", _("Other")

    class Urgency(models.IntegerChoices):
        NORMAL = 1, _("Normal")
        URGENT = 2, _("Urgent")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        REFERRED = "referred", _("Referred")
        CLOSED = "closed", _("Closed")
        NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")

    # Which status may follow which: the single source for every transition guard.
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.UNDER_REVIEW},
        Status.UNDER_REVIEW: {Status.REFERRED, Status.CLOSED, Status.NOT_SUBSTANTIATED},
        Status.REFERRED: {Status.CLOSED},
        Status.CLOSED: set(),
        Status.NOT_SUBSTANTIATED: set(),
    }
    OPEN_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.REFERRED)

    kelurahan = models.ForeignKey(
        Kelurahan, on_delete=models.PROTECT, related_name="reports", verbose_name=_("kelurahan")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="filed_reports",
        verbose_name=_("filed by"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    observed = models.TextField(
        _("what was observed"),
        blank=True,
        help_text=_("What happened, who was involved and why it seems suspicious."),
    )
    observed_on = models.DateField(_("when it was observed"), null=True, blank=True)
    location_rt_rw = models.CharField(_("RT/RW"), max_length=20, blank=True)
    location_street = models.CharField(_("street or place"), max_length=200, blank=True)
    people_at_risk = models.PositiveIntegerField(
        _("number of people at risk"), null=True, blank=True
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    referred_to = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_reports",
        verbose_name=_("referred to"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_reports",
        verbose_name=_("assigned to"),
        limit_choices_to={"is_staff": True},
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AwarenessReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("awareness report")
        verbose_name_plural = _("awareness reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="report_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="referred") | Q(referred_to__isnull=False),
                name="report_referred_has_partner",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-urgency", "submitted_at"]),
            models.Index(fields=["kelurahan", "status"]),
        ]

    def __str__(self):
        return f"{self.reference} — {self.get_category_display()}"

    @property
    def reference(self) -> str:
        return f"LAP-{self.pk:05d}" if self.pk else "LAP-baru"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    @property
    def is_editable_by_officer(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ReportUpdate(models.Model):
    """One entry in a report's timeline: a status change, a note for the officer, or both."""

    report = models.ForeignKey(
        AwarenessReport,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("report"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=AwarenessReport.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=20, choices=AwarenessReport.Status.choices, blank=True
    )
    note_for_officer = models.TextField(_("note for the kelurahan officer"), blank=True)
    internal_note = models.TextField(
        _("internal note (staff only)"),
        blank=True,
        help_text=_("Never shown to kelurahan officers."),
    )

    class Meta:
        verbose_name = _("report update")
        verbose_name_plural = _("report updates")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.report.reference} @ {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    @property
    def is_status_change(self) -> bool:
        return bool(self.to_status) and self.to_status != self.from_status
