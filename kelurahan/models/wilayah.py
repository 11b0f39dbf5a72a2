"""Offices and the regions they serve: kecamatan and kelurahan with Kemendagri codes."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kelurahan.querysets import KelurahanQuerySet

kode_kecamatan_validator = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}$", _("Use the Kemendagri format, for example 31.71.03.")
)
kode_kelurahan_validator = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", _("Use the Kemendagri format, for example 31.71.03.1002.")
)


class Office(models.Model):
    """A Kantor Imigrasi; every kelurahan is served by exactly one."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    office_class = models.CharField(_("class"), max_length=80, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("immigration office")
        verbose_name_plural = _("immigration offices")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Kecamatan(models.Model):
    kode = models.CharField(
        _("region code"), max_length=8, unique=True, validators=[kode_kecamatan_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["kode"]

    def __str__(self):
        return self.name


class Kelurahan(models.Model):
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="kelurahan", verbose_name=_("kecamatan")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="kelurahan", verbose_name=_("office")
    )
    kode = models.CharField(
        _("region code"), max_length=13, unique=True, validators=[kode_kelurahan_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)

    is_binaan = models.BooleanField(_("designated binaan"), default=False)
    binaan_since = models.DateField(_("binaan since"), null=True, blank=True)
    sk_number = models.CharField(_("decree (SK) number"), max_length=120, blank=True)
    binaan_notes = models.TextField(_("designation notes"), blank=True)

    objects = KelurahanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")
        ordering = ["kecamatan__kode", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_binaan=False) | Q(binaan_since__isnull=False),
                name="kelurahan_binaan_has_date",
                violation_error_message=_("A binaan kelurahan needs the designation date."),
            ),
        ]
        indexes = [models.Index(fields=["office", "is_binaan"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:kelurahan", kwargs={"slug": self.slug})

    @property
    def short_code(self) -> str:
        """The kode wilayah without dots, used in the short permanent URL /k/<kode>."""
        return self.kode.replace(".", "")

    def get_short_url(self):
        return reverse("public:short", kwargs={"kode": self.short_code})

    def clean(self):
        if self.is_binaan and not self.binaan_since:
            raise ValidationError(
                {"binaan_since": _("A binaan kelurahan needs the designation date.")}
            )
