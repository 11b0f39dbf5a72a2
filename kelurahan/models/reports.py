"""Awareness reports (laporan kewaspadaan TPPO/TPPM) and their timeline of updates."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kelurahan.encryption import EncryptedCharField, EncryptedTextField
from kelurahan.files.storage import private_storage
from kelurahan.files.uploads import PhotoField, validate_photo
from kelurahan.models.people import Partner
from kelurahan.models.wilayah import Kelurahan, Office
from kelurahan.querysets import AwarenessReportQuerySet


def report_photo_path(instance, filename):
    """A random name: the original file name may identify the person who sent it."""
    return f"laporan/{uuid.uuid4().hex}.jpg"


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
    FINAL_STATUSES = (Status.CLOSED, Status.NOT_SUBSTANTIATED)

    class Source(models.TextChoices):
        OFFICER = "officer", _("Kelurahan officer")
        TIP_LINE = "tip_line", _("Resident, through the tip line")
        ASSISTED = "assisted", _("Resident, assisted by a kelurahan officer")

    # Reports from residents: they get a receipt code and are deleted after retention.
    RESIDENT_SOURCES = (Source.TIP_LINE, Source.ASSISTED)

    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.OFFICER
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="reports", verbose_name=_("office")
    )
    kelurahan = models.ForeignKey(
        Kelurahan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("kelurahan"),
        help_text=_("Empty when a resident did not know the kelurahan."),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="filed_reports",
        verbose_name=_("filed by"),
        help_text=_("Empty for anonymous tips."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    # Free text that may name victims, suspects or the reporter: encrypted at rest.
    observed = EncryptedTextField(
        _("what was observed"),
        blank=True,
        help_text=_("What happened, who was involved and why it seems suspicious."),
    )
    observed_on = models.DateField(_("when it was observed"), null=True, blank=True)
    location_rt_rw = EncryptedCharField(_("RT/RW"), max_length=20, blank=True)
    location_street = EncryptedCharField(_("street or place"), max_length=200, blank=True)
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
    reporter_contact = EncryptedCharField(
        _("reporter's contact"),
        max_length=200,
        blank=True,
        help_text=_("Given by the resident only if they want to be contacted."),
    )
    photo = PhotoField(
        _("photo"),
        upload_to=report_photo_path,
        storage=private_storage,
        blank=True,
        validators=[validate_photo],
    )
    # The receipt code is lookup (6 digits, not secret) + secret (10 digits, stored hashed).
    receipt_lookup = models.CharField(
        _("receipt lookup"), max_length=6, unique=True, null=True, blank=True, editable=False
    )
    receipt_hash = models.CharField(_("receipt hash"), max_length=256, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
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
            models.CheckConstraint(
                condition=Q(source="tip_line") | Q(filed_by__isnull=False, kelurahan__isnull=False),
                name="report_from_officer_has_filer_and_kelurahan",
            ),
            models.CheckConstraint(
                condition=~Q(source="tip_line") | Q(filed_by__isnull=True),
                name="report_tip_is_anonymous",
            ),
        ]
        # Which page, filter or ordering uses each index: docs/indexes.md. The triage queue is
        # ordered by (-urgency, submitted_at); staff see their office's reports only.
        indexes = [
            models.Index(fields=["status", "-urgency", "submitted_at"]),
            models.Index(fields=["kelurahan", "status"]),
            models.Index(fields=["source", "closed_at"]),
            models.Index(fields=["-urgency", "submitted_at"], name="report_queue_idx"),
            models.Index(
                fields=["source", "-urgency", "submitted_at"], name="report_source_queue_idx"
            ),
            models.Index(fields=["submitted_at"], name="report_submitted_idx"),
            models.Index(
                fields=["office", "-urgency", "submitted_at"], name="report_office_queue_idx"
            ),
            models.Index(
                fields=["office", "status", "-urgency", "submitted_at"],
                name="report_office_status_idx",
            ),
            models.Index(
                fields=["office", "source", "-urgency", "submitted_at"],
                name="report_office_source_idx",
            ),
            models.Index(
                fields=["office", "category", "-urgency", "submitted_at"],
                name="report_office_category_idx",
            ),
            models.Index(
                fields=["office", "assigned_to", "-urgency", "submitted_at"],
                name="report_office_assigned_idx",
            ),
            models.Index(fields=["office", "submitted_at"], name="report_office_submitted_idx"),
            # The inbox's "nobody has taken it up": its count and its first rows, per office.
            models.Index(
                fields=["office", "-urgency", "submitted_at"],
                condition=models.Q(status="submitted", assigned_to__isnull=True),
                name="report_office_untaken_idx",
            ),
            # A kelurahan's open and overdue reports on the coverage table, counted from the
            # index alone (the statuses are OPEN_STATUSES).
            models.Index(
                fields=["kelurahan", "submitted_at"],
                name="report_kelurahan_open_idx",
                condition=models.Q(status__in=["submitted", "under_review", "referred"]),
            ),
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

    @property
    def is_from_resident(self) -> bool:
        return self.source in self.RESIDENT_SOURCES

    @property
    def expires_at(self):
        """When a closed resident report is deleted; None while it is kept."""
        if not (self.is_from_resident and self.closed_at):
            return None
        return self.closed_at + datetime.timedelta(days=settings.TIP_RETENTION_DAYS)


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
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
        help_text=_("Empty when the resident wrote it with their receipt code."),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=AwarenessReport.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=20, choices=AwarenessReport.Status.choices, blank=True
    )
    # The timeline's text is encrypted at rest like the report's.
    note_for_reporter = EncryptedTextField(
        _("message to the reporter"),
        blank=True,
        help_text=_("Shown to whoever filed the report: the kelurahan officer or the resident."),
    )
    reporter_message = EncryptedTextField(_("information added by the reporter"), blank=True)
    internal_note = EncryptedTextField(
        _("internal note (staff only)"),
        blank=True,
        help_text=_("Never shown to the reporter or to kelurahan officers."),
    )

    class Meta:
        verbose_name = _("report update")
        verbose_name_plural = _("report updates")
        ordering = ["created_at", "pk"]
        indexes = [
            # The inbox's "reporter added information": the few entries without a status
            # change, per report and in time order (docs/indexes.md).
            models.Index(
                fields=["report", "created_at"],
                name="reportupdate_added_idx",
                condition=Q(to_status=""),
            ),
        ]

    def __str__(self):
        return f"{self.report.reference} @ {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    @property
    def is_status_change(self) -> bool:
        return bool(self.to_status) and self.to_status != self.from_status
