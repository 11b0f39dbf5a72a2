"""Offices, the cities they cover, and regions; the kelurahan list shows each one's activity
in a single query."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kelurahan import services
from kelurahan.admin.audit import AuditHistoryMixin
from kelurahan.admin.base import (
    HTTPS_URLS,
    KecamatanFilter,
    ScopedAdminMixin,
    SuperuserEditsMixin,
    error_text,
)
from kelurahan.admin.rollout import RolloutAdminMixin, RolloutFilter
from kelurahan.models import Kecamatan, Kelurahan, Kota, Office, Provinsi

BINAAN_FIELDS = ("is_binaan", "binaan_since", "sk_number", "binaan_notes")


class OfficeForm(forms.ModelForm):
    """Checks the cities as office_set_cities will, so the save never stops half-way.

    No Meta: the admin builds it for the Office model, with its own field overrides.
    """

    def clean_cities(self):
        cities = self.cleaned_data["cities"]
        services.office_cities_check(office=self.instance, cities=cities)
        return cities


@admin.register(Office)
class OfficeAdmin(AuditHistoryMixin, SuperuserEditsMixin, admin.ModelAdmin):
    form = OfficeForm
    formfield_overrides = HTTPS_URLS
    list_display = ("name", "office_class", "phone", "email")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("cities",)

    def get_queryset(self, request):
        """Staff see only their own office."""
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(staff__user=request.user)

    def save_related(self, request, form, formsets, change):
        """The cities go through office_set_cities, which also moves their kelurahan."""
        cities = form.cleaned_data.pop("cities", None)
        super().save_related(request, form, formsets, change)
        if cities is None:
            return
        try:
            services.office_set_cities(office=form.instance, cities=cities, by=request.user)
        except ValidationError as error:  # a city claimed by another office since the check
            self.message_user(request, error_text(error), messages.ERROR)


class RegionAdmin(SuperuserEditsMixin, admin.ModelAdmin):
    """Regions come from the Kemendagri list (load_wilayah): staff look, superusers correct."""

    search_fields = ("name", "kode")
    prepopulated_fields = {"slug": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        """A stored slug is a public URL printed on posters: it never changes."""
        return ("slug",) if obj else ()

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields


@admin.register(Provinsi)
class ProvinsiAdmin(RegionAdmin):
    list_display = ("name", "kode")


@admin.register(Kota)
class KotaAdmin(RegionAdmin):
    list_display = ("name", "kode", "provinsi", "covering_offices")
    list_filter = ("provinsi",)
    list_select_related = ("provinsi",)
    search_fields = ("name", "kode", "provinsi__name")
    autocomplete_fields = ("provinsi",)

    @admin.display(description=_("offices"))
    def covering_offices(self, obj):
        return ", ".join(office.name for office in obj.offices.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("offices")


@admin.register(Kecamatan)
class KecamatanAdmin(RegionAdmin):
    list_display = ("name", "kode", "kota")
    list_select_related = ("kota",)
    search_fields = ("name", "kode", "kota__name")
    autocomplete_fields = ("kota",)


@admin.register(Kelurahan)
class KelurahanAdmin(RolloutAdminMixin, AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin):
    kelurahan_path = ""
    list_display = (
        "name",
        "kode",
        "kecamatan",
        "is_binaan",
        "binaan_since",
        "target_quarter",
        "sessions_held",
        "open_reports",
    )
    list_filter = (("kecamatan", KecamatanFilter), "is_binaan", RolloutFilter)
    list_select_related = ("kecamatan",)
    search_fields = ("name", "kode", "postal_code", "kecamatan__name")
    autocomplete_fields = ("kecamatan",)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "kode", "kind", "kecamatan", "postal_code", "office")}),
        (
            _("Binaan designation"),
            {
                "fields": BINAAN_FIELDS,
                "description": _(
                    "Tick “designated binaan” and give the designation date (and the SK "
                    "number) to designate this kelurahan; untick it to revoke."
                ),
            },
        ),
        (_("Rollout"), {"fields": ("designation_target", "next_steps")}),
    )

    @admin.display(description=_("sessions held"), ordering="sessions_held")
    def sessions_held(self, obj):
        return obj.sessions_held

    @admin.display(description=_("open reports"), ordering="open_reports")
    def open_reports(self, obj):
        return obj.open_reports

    def get_queryset(self, request):
        """Scoped kelurahan annotated with their sessions held and open reports."""
        # Aggregating queries drop Meta.ordering; autocomplete pagination needs an order.
        return super().get_queryset(request).with_activity().order_by(*Kelurahan._meta.ordering)

    def get_readonly_fields(self, request, obj=None):
        """The office follows the cities offices cover; only superusers change code and kind."""
        if request.user.is_superuser or not obj:
            return ("office", "next_steps")
        return ("office", "kode", "kind", "next_steps")

    def get_list_filter(self, request):
        """Superusers, who see every office, can also filter by office."""
        if request.user.is_superuser:
            return (*self.list_filter, "office")
        return self.list_filter

    def has_add_permission(self, request):
        """Regions come from the Kemendagri data; only superusers add one by hand."""
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        """Only superusers delete a kelurahan."""
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        """Save the kelurahan; a change of designation goes through the designation services."""
        if not change:
            obj.office = obj.kecamatan.kota.offices.first()
        wanted = {field: getattr(obj, field) for field in BINAAN_FIELDS}
        was_binaan = change and Kelurahan.objects.filter(pk=obj.pk, is_binaan=True).exists()
        designate = wanted["is_binaan"] and (
            not was_binaan or bool(set(BINAAN_FIELDS) & set(form.changed_data))
        )
        if was_binaan and not wanted["is_binaan"]:
            services.kelurahan_revoke_designation(kelurahan=obj, by=request.user)
        elif designate:
            self._keep_stored_designation(obj, change)
        super().save_model(request, obj, form, change)
        if designate:
            designated = services.kelurahan_designate(
                kelurahan=obj,
                since=wanted["binaan_since"],
                sk_number=wanted["sk_number"],
                notes=wanted["binaan_notes"],
                by=request.user,
            )
            for field in BINAAN_FIELDS:
                setattr(obj, field, getattr(designated, field))

    @staticmethod
    def _keep_stored_designation(obj, change) -> None:
        """Put back the stored designation so the plain save leaves it to the service."""
        if not change:
            obj.is_binaan = False
            return
        stored = Kelurahan.objects.only(*BINAAN_FIELDS).get(pk=obj.pk)
        for field in BINAAN_FIELDS:
            setattr(obj, field, getattr(stored, field))
