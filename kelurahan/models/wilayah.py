"""Offices and the regions they serve: provinsi, kota, kecamatan and desa/kelurahan by kode."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kelurahan.querysets import KelurahanQuerySet

kode_provinsi_validator = RegexValidator(
    r"^\d{2}$", _("Use the Kemendagri format, for example 31.")
)
kode_kota_validator = RegexValidator(
    r"^\d{2}\.\d{2}$", _("Use the Kemendagri format, for example 31.71.")
)
kode_kecamatan_validator = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}$", _("Use the Kemendagri format, for example 31.71.03.")
)
kode_kelurahan_validator = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", _("Use the Kemendagri format, for example 31.71.03.1002.")
)


def whatsapp_url(number: str) -> str:
    """https://wa.me/62… for an Indonesian number such as 0812-3456-7890; "" for none."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"https://wa.me/{digits}" if digits else ""


# Jakarta's cities and regency are administrative ones; nobody says the prefix aloud.
ADMINISTRATIVE_PREFIXES = ("Kota Administrasi ", "Kabupaten Administrasi ")


class Provinsi(models.Model):
    """A province (level 1 of the Kemendagri codes), such as 31 DKI Jakarta."""

    kode = models.CharField(
        _("region code"), max_length=2, unique=True, validators=[kode_provinsi_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    # Set on the directory pages' rows (selectors/regions.py), never stored.
    binaan_count: int

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["kode"]

    def __str__(self):
        return self.name


class Kota(models.Model):
    """A kabupaten or kota (level 2), such as 31.71 Kota Administrasi Jakarta Pusat."""

    provinsi = models.ForeignKey(
        Provinsi, on_delete=models.PROTECT, related_name="kota", verbose_name=_("province")
    )
    kode = models.CharField(
        _("region code"), max_length=5, unique=True, validators=[kode_kota_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # Set on the province page's rows (selectors/regions.py), never stored.
    binaan_count: int

    class Meta:
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")
        ordering = ["kode"]

    def __str__(self):
        return self.name

    @property
    def short_name(self) -> str:
        """The name as people say it: "Jakarta Pusat" for "Kota Administrasi Jakarta Pusat"."""
        for prefix in ADMINISTRATIVE_PREFIXES:
            if self.name.startswith(prefix):
                return self.name.removeprefix(prefix)
        return self.name


class Office(models.Model):
    """A Kantor Imigrasi; it covers whole cities, and so serves their kelurahan."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    office_class = models.CharField(_("class"), max_length=80, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.TextField(
        _("opening hours"),
        blank=True,
        help_text=_("Shown to the public, for example “Monday–Friday 08:00–16:00”."),
    )
    notification_email = models.EmailField(
        _("address for notifications"),
        blank=True,
        help_text=_(
            "New tips and urgent reports are announced to this address (never their content). "
            "Left empty, the public e-mail address above is used."
        ),
    )
    # Kept together with Kelurahan.office by services.office_set_cities only.
    cities = models.ManyToManyField(
        Kota, blank=True, related_name="offices", verbose_name=_("regencies/cities covered")
    )

    class Meta:
        verbose_name = _("immigration office")
        verbose_name_plural = _("immigration offices")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def whatsapp_link(self) -> str:
        return whatsapp_url(self.whatsapp)

    @property
    def notification_address(self) -> str:
        """Where the office is told about new tips and urgent reports."""
        return self.notification_email or self.email


class Kecamatan(models.Model):
    kota = models.ForeignKey(
        Kota, on_delete=models.PROTECT, related_name="kecamatan", verbose_name=_("regency/city")
    )
    kode = models.CharField(
        _("region code"), max_length=8, unique=True, validators=[kode_kecamatan_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    # Set by the coverage dashboard, not a column: residents reached in its held sessions.
    residents: int

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["kode"]

    def __str__(self):
        return self.name


class Kelurahan(models.Model):
    """A desa or kelurahan (level 4); `office` is the office covering its city, if any."""

    class Kind(models.TextChoices):
        KELURAHAN = "kelurahan", _("kelurahan")
        DESA = "desa", _("desa")

    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="kelurahan", verbose_name=_("kecamatan")
    )
    # A stored copy of the office's coverage (Office.cities), kept by services.office_set_cities;
    # stored because staff scoping filters on it on every admin page.
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="kelurahan",
        verbose_name=_("office"),
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.KELURAHAN)
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
    # The rollout plan: the first day of the quarter by which the office means to designate it.
    designation_target = models.DateField(
        _("designation target (quarter)"),
        null=True,
        blank=True,
        help_text=_("The quarter by which the office plans to designate this kelurahan."),
    )

    objects = KelurahanQuerySet.as_manager()
    # Set on the admin dashboard's rows (admin/dashboard.py), never stored.
    steps: list

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
        indexes = [
            models.Index(fields=["office", "is_binaan"]),
            # Search by postal code (the directory); the name search's trigram indexes are
            # PostgreSQL-only and made by migration 0011.
            models.Index(fields=["postal_code"], name="kelurahan_postal_code_idx"),
            # The binaan few among 83,762 (the home page's first ones, in designation order).
            models.Index(
                fields=["binaan_since", "name"],
                condition=Q(is_binaan=True),
                name="kelurahan_binaan_since_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:kelurahan", kwargs={"slug": self.slug})

    @property
    def short_code(self) -> str:
        """The kode wilayah without dots, used in the short permanent URL /k/<kode>."""
        return self.kode.replace(".", "")

    @classmethod
    def kind_for_kode(cls, kode: str) -> str:
        """Kemendagri: the last part starts with 1 for a kelurahan, 2 (3: desa adat) for a desa."""
        village_number = kode.rsplit(".", 1)[-1]
        return cls.Kind.KELURAHAN if village_number.startswith("1") else cls.Kind.DESA

    def get_short_url(self):
        return reverse("public:short", kwargs={"kode": self.short_code})

    def clean(self):
        if self.is_binaan and not self.binaan_since:
            raise ValidationError(
                {"binaan_since": _("A binaan kelurahan needs the designation date.")}
            )


class KelurahanSlugRedirect(models.Model):
    """A kelurahan's former slug: printed posters keep working through a permanent redirect."""

    old_slug = models.SlugField(_("former slug"), max_length=100, unique=True)
    kelurahan = models.ForeignKey(
        Kelurahan,
        on_delete=models.CASCADE,
        related_name="slug_redirects",
        verbose_name=_("kelurahan"),
    )
    created_at = models.DateTimeField(_("renamed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("former kelurahan address")
        verbose_name_plural = _("former kelurahan addresses")
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.kelurahan.slug}"
