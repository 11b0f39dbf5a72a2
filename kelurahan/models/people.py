"""The people of the programme: office staff, liaison officers (PIMPASA), kelurahan officers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kelurahan.files.uploads import PhotoField, random_name, validate_photo
from kelurahan.models.wilayah import Kelurahan, Office, whatsapp_url
from kelurahan.querysets import LiaisonAssignmentQuerySet

nip_validator = RegexValidator(r"^\d{18}$", _("A NIP has 18 digits, without spaces."))
phone_validator = RegexValidator(
    r"^[0-9+()\- ]{6,20}$", _("Use digits, spaces, + or - only, for example 021-4250025.")
)


class OfficeStaff(models.Model):
    """Ties a staff user to the office whose data they manage in the admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="office_staff",
        verbose_name=_("user"),
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="staff", verbose_name=_("office")
    )

    class Meta:
        verbose_name = _("office staff member")
        verbose_name_plural = _("office staff")

    def __str__(self):
        return f"{self.user} — {self.office}"


def liaison_photo_path(instance, filename):
    """A random name, never the uploaded file's (the admin re-encodes portraits to JPEG)."""
    return random_name("pimpasa")


class LiaisonOfficer(models.Model):
    """A PIMPASA: an immigration officer who fosters one or more kelurahan."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="liaison_officers", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=150)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        unique=True,
        validators=[nip_validator],
        help_text=_("Civil servant number, 18 digits."),
    )
    position = models.CharField(_("position"), max_length=150)
    phone = models.CharField(
        _("office phone"),
        max_length=20,
        blank=True,
        validators=[phone_validator],
        help_text=_("Shown to the public. Use an office number, never a private one."),
    )
    whatsapp = models.CharField(
        _("office WhatsApp"),
        max_length=20,
        blank=True,
        validators=[phone_validator],
        help_text=_("Shown to the public. Use an office number, never a private one."),
    )
    photo = PhotoField(
        _("photo"), upload_to=liaison_photo_path, blank=True, validators=[validate_photo]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="liaison_officer",
        verbose_name=_("staff account"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("liaison officer (PIMPASA)")
        verbose_name_plural = _("liaison officers (PIMPASA)")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def whatsapp_link(self) -> str:
        return whatsapp_url(self.whatsapp)


class LiaisonAssignment(models.Model):
    """A liaison officer's duty for a kelurahan over a period; ended ones are kept as history."""

    officer = models.ForeignKey(
        LiaisonOfficer,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("liaison officer"),
    )
    kelurahan = models.ForeignKey(
        Kelurahan,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("kelurahan"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    objects = LiaisonAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.officer} — {self.kelurahan}"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        # A form whose officer or kelurahan is invalid leaves it unset: the field error says so.
        # A kelurahan no office covers (office None) belongs to no officer's office either.
        if not (self.officer_id and self.kelurahan_id):
            return
        if self.officer.office_id != self.kelurahan.office_id:
            raise ValidationError(
                _("A liaison officer can only be assigned to a kelurahan of their own office.")
            )


class KelurahanOfficer(models.Model):
    """A kelurahan's own officer (perangkat kelurahan) with an account for /petugas/."""

    class Position(models.TextChoices):
        LURAH = "lurah", _("Lurah")
        SEKRETARIS = "sekretaris", _("Kelurahan secretary (Sekretaris Kelurahan)")
        KASI_PEMERINTAHAN = "kasi_pemerintahan", _("Head of government section (Kasi Pemerintahan)")
        KASI_KESRA = "kasi_kesra", _("Head of welfare section (Kasi Kesra)")
        KASI_EKBANG = "kasi_ekbang", _("Head of economy section (Kasi Ekbang)")
        STAFF = "staf", _("Kelurahan staff")
        OTHER = "lainnya", _("Other")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="kelurahan_officer",
        verbose_name=_("user account"),
    )
    kelurahan = models.ForeignKey(
        Kelurahan, on_delete=models.PROTECT, related_name="officers", verbose_name=_("kelurahan")
    )
    position = models.CharField(_("position"), max_length=30, choices=Position.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])

    class Meta:
        verbose_name = _("kelurahan officer")
        verbose_name_plural = _("kelurahan officers")
        ordering = ["kelurahan__name", "user__username"]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.kelurahan})"

    def clean(self):
        if self.user_id and self.user.is_staff:
            raise ValidationError(
                {"user": _("Kelurahan officers use a non-staff account; this one is staff.")}
            )


class Partner(models.Model):
    """A partner agency of the programme (Pemkot, Kejaksaan, Kodim, Bea Cukai, Polres, ...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    description = models.TextField(_("role in the programme"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("partner agency")
        verbose_name_plural = _("partner agencies")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name
