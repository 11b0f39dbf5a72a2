"""Outreach sessions (sosialisasi) and their photos."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kelurahan.files.uploads import (
    CleanPdf,
    PdfField,
    PhotoField,
    random_name,
    validate_pdf,
    validate_photo,
)
from kelurahan.i18n import TranslatedFieldsMixin
from kelurahan.models.content import Topic
from kelurahan.models.fields import user_reference
from kelurahan.models.people import LiaisonOfficer, Partner
from kelurahan.models.wilayah import Kelurahan, Office
from kelurahan.querysets import OutreachSessionQuerySet


class OutreachSession(TranslatedFieldsMixin, models.Model):
    translated_fields = ("title", "description", "summary")
    # The session's plan, what its public page shows besides topics, speakers and partners:
    # what its planner may change (services/sessions.py) or propose once it is public.
    PLAN_FIELDS = (
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

    class Kind(models.TextChoices):
        SOSIALISASI = "sosialisasi", _("Outreach session (sosialisasi)")
        PASSPORT_SERVICE = "layanan_paspor", _("Passport service on site")
        COORDINATION = "rapat_koordinasi", _("Coordination meeting")
        OTHER = "lainnya", _("Other activity")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    kelurahan = models.ForeignKey(
        Kelurahan, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("kelurahan")
    )
    # A stored copy of the kelurahan's office, so an office's lists read this table alone. Set by
    # services.session_propose; the database keeps it equal to kelurahan.office (migration 0020's
    # triggers: a mismatched row is refused, a kelurahan's new office carries to its sessions).
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("office"),
        null=True,
        blank=True,
        editable=False,
        db_index=False,  # led by the (office, ...) indexes below
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.SOSIALISASI
    )
    topics = models.ManyToManyField(Topic, related_name="sessions", verbose_name=_("topics"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("public description"), blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description_en = models.TextField(_("public description in English"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    speakers = models.ManyToManyField(
        LiaisonOfficer, blank=True, related_name="sessions", verbose_name=_("speakers")
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="sessions", verbose_name=_("partner agencies")
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    attendance_men = models.PositiveIntegerField(_("men attending"), null=True, blank=True)
    attendance_women = models.PositiveIntegerField(_("women attending"), null=True, blank=True)
    attendance_total = models.PositiveIntegerField(_("total attending"), null=True, blank=True)
    summary = models.TextField(_("summary of what happened"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    cancel_reason = models.CharField(
        _("reason for cancelling"),
        max_length=300,
        blank=True,
        help_text=_("Shown to residents on the session's public page."),
    )
    cancel_office_note = models.TextField(
        _("note for the office about the cancellation"),
        blank=True,
        help_text=_("Written by the officer for the immigration office; never public."),
    )
    # Results (attendance, summary, photos) are public only once staff have verified them.
    results_verified_at = models.DateTimeField(_("results verified"), null=True, blank=True)
    results_verified_by = user_reference(_("results verified by"))
    is_published = models.BooleanField(_("published"), default=False)

    proposed_by = user_reference(_("proposed by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OutreachSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("outreach session")
        verbose_name_plural = _("outreach sessions")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("The session cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(attendance_total__isnull=True)
                | Q(attendance_total__gte=F("attendance_men") + F("attendance_women"))
                | Q(attendance_men__isnull=True)
                | Q(attendance_women__isnull=True),
                name="session_total_covers_men_and_women",
                violation_error_message=_(
                    "The total cannot be smaller than the men and women together."
                ),
            ),
        ]
        # Which page, filter or ordering uses each index: docs/indexes.md.
        indexes = [
            models.Index(fields=["kelurahan", "status", "starts_at"]),
            models.Index(fields=["is_published", "status", "starts_at"]),
            models.Index(fields=["starts_at"], name="session_starts_idx"),
            models.Index(fields=["status", "starts_at"], name="session_status_starts_idx"),
            models.Index(fields=["kind", "starts_at"], name="session_kind_starts_idx"),
            # Held sessions still without results (the inbox, the coverage alarms): a few
            # percent of the sessions, found without reading the others.
            models.Index(
                fields=["kelurahan", "ends_at"],
                name="session_results_missing_idx",
                condition=Q(status="held") & (Q(attendance_total__isnull=True) | Q(summary="")),
            ),
            # An office's session list and its inbox, on the stored office (migration 0020
            # builds them concurrently on PostgreSQL).
            models.Index(fields=["office", "starts_at"], name="session_office_starts_idx"),
            models.Index(
                fields=["office", "ends_at"],
                name="session_office_missing_idx",
                condition=Q(status="held") & (Q(attendance_total__isnull=True) | Q(summary="")),
            ),
            models.Index(
                fields=["office", "ends_at"],
                name="session_office_unverified_idx",
                condition=Q(status="held", results_verified_at__isnull=True),
            ),
            models.Index(
                fields=["office", "starts_at"],
                name="session_office_proposed_idx",
                condition=Q(status="planned", is_published=False, proposed_by__isnull=False),
            ),
            # A kelurahan's held sessions on the coverage table (last held, this quarter's,
            # residents reached): the attendance is in the index (a key column, as SQLite has no
            # INCLUDE), so no session is read.
            models.Index(
                fields=["kelurahan", "starts_at", "attendance_total"],
                name="session_kelurahan_held_idx",
                condition=Q(status="held"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:session", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The session cannot end before it starts.")
        men, women, total = self.attendance_men, self.attendance_women, self.attendance_total
        if total is not None and men is not None and women is not None and total < men + women:
            errors["attendance_total"] = _(
                "The total cannot be smaller than the men and women together."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_incomplete(self) -> bool:
        """A held session still missing its attendance or summary."""
        return self.is_held and (self.attendance_total is None or not self.summary.strip())

    @property
    def results_are_public(self) -> bool:
        """Held, and the office has verified the results: the public may see them."""
        return self.is_held and self.results_verified_at is not None

    @property
    def results_await_verification(self) -> bool:
        return self.is_held and self.results_verified_at is None

    def offers_attendance_sheet(self) -> bool:
        """A cancelled session has no attendance to record."""
        return not self.is_cancelled

    def can_be_marked_held(self) -> bool:
        return self.is_planned and self.starts_at <= timezone.now()

    def can_be_cancelled(self) -> bool:
        return self.is_planned

    def can_be_edited_by_officer(self) -> bool:
        return not self.is_cancelled


def session_photo_path(instance, filename):
    """A random name: neither the uploaded file's name nor the upload time is kept."""
    return random_name(f"sosialisasi/{instance.session_id}")  # photos are re-encoded to JPEG


class SessionPhoto(models.Model):
    session = models.ForeignKey(
        OutreachSession,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("session"),
    )
    # Re-encoded whenever it is stored (PhotoField), new or replaced, by any path.
    image = PhotoField(_("photo"), upload_to=session_photo_path, validators=[validate_photo])
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("session photo")
        verbose_name_plural = _("session photos")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.caption or self.image.name


def session_material_path(instance, filename):
    """A random name ending .pdf: the uploaded file's name may name a person or a place."""
    return random_name(f"materi/{instance.session_id}", extension="pdf")


def validate_material(value) -> None:
    """Model-field validator: a new upload must be a real PDF within the size limit."""
    if getattr(value, "_committed", False):
        return  # a file stored earlier was checked when it was uploaded
    if isinstance(getattr(value, "file", None), CleanPdf):
        return  # rewritten by strip_pdf_metadata, which checked it first
    validate_pdf(value)


class SessionMaterial(models.Model):
    """A handout or slide deck of a session (PDF), public with the session page."""

    session = models.ForeignKey(
        OutreachSession,
        on_delete=models.CASCADE,
        related_name="materials",
        verbose_name=_("session"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = PdfField(  # stored without its author, creator and title metadata
        _("PDF file"),
        upload_to=session_material_path,
        validators=[validate_material],
        help_text=_("A PDF document of at most 10 MB."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("session material")
        verbose_name_plural = _("session materials")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.title
