"""Offices, the cities they cover, and regions; the kelurahan list shows each one's activity
in a single query."""

from typing import ClassVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kelurahan import services
from kelurahan.admin.audit import AuditHistoryMixin
from kelurahan.admin.base import (
    HTTPS_URLS,
    KecamatanFilter,
    ScopedAdminMixin,
    ServiceSaveMixin,
    SuperuserEditsMixin,
    changed,
    error_text,
)
from kelurahan.admin.rename import rename_kelurahan
from kelurahan.admin.rollout import RolloutAdminMixin, RolloutFilter
from kelurahan.models import Kecamatan, Kelurahan, KelurahanSlugRedirect, Kota, Office, Provinsi
from kelurahan.permissions import can_edit_office, office_choices
from kelurahan.services.wilayah import KELURAHAN_DETAILS, OFFICE_FIELDS

BINAAN_FIELDS = ("is_binaan", "binaan_since", "sk_number", "binaan_notes")


class OfficeForm(forms.ModelForm):
    """Checks the cities as office_set_cities will, so the save never stops half-way.

    No Meta: the admin builds it for the Office model, with its own field overrides.
    """

    def clean_cities(self):
        cities = self.cleaned_data["cities"]
        services.office_cities_check(office=self.instance, cities=cities)
        return cities


class KelurahanForm(forms.ModelForm):
    """A new kelurahan never takes a slug that still redirects to another one.

    No Meta: the admin builds it for the Kelurahan model.
    """

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if KelurahanSlugRedirect.objects.filter(old_slug=slug).exists():
            raise forms.ValidationError(_("This address is or was used by another kelurahan."))
        return slug


@admin.register(Office)
class OfficeAdmin(ServiceSaveMixin, AuditHistoryMixin, admin.ModelAdmin):
    form = OfficeForm
    formfield_overrides = HTTPS_URLS
    list_display = ("name", "office_class", "phone", "email")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("cities",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "office_class")}),
        (
            _("Public contact details"),
            {
                "fields": ("address", "phone", "whatsapp", "email", "website", "opening_hours"),
                "description": _(
                    "Shown on the public pages wherever residents are told to contact the "
                    "office: kelurahan pages, the tip line and its status page, privacy and "
                    "accessibility."
                ),
            },
        ),
        (_("Notifications"), {"fields": ("notification_email",)}),
        (_("Area covered"), {"fields": ("cities",)}),
    )

    def get_queryset(self, request):
        """Superusers see every office, staff only their own (permissions.office_choices)."""
        offices = office_choices(request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=offices)

    def get_readonly_fields(self, request, obj=None):
        """Staff edit their office's public details; its name and area are superusers' to set."""
        if request.user.is_superuser:
            return ()
        return ("name", "slug", "office_class", "cities")

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser and obj is None else {}

    def has_add_permission(self, request):
        """Superusers only."""
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        """Superusers, and staff allowed to change offices for their own office."""
        if request.user.is_superuser:
            return True
        allowed = super().has_change_permission(request, obj)
        return allowed and can_edit_office(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        """Superusers only."""
        return request.user.is_superuser

    def save_through_service(self, request, form, change):
        """Details through office_save; the cities through office_set_cities."""
        fields = OFFICE_FIELDS if not change else form.changed_data
        details = {f: form.cleaned_data[f] for f in OFFICE_FIELDS if f in fields}
        office = form.instance if change else None
        office = services.office_save(office=office, by=request.user, **details)
        cities = form.cleaned_data.get("cities")
        if cities is None or (change and "cities" not in form.changed_data):
            return office
        try:
            services.office_set_cities(office=office, cities=cities, by=request.user)
        except ValidationError as error:  # a city claimed by another office since the check
            self.message_user(request, error_text(error), messages.ERROR)
        return office


class RegionAdmin(SuperuserEditsMixin, admin.ModelAdmin):
    """Regions come from the Kemendagri list (load_wilayah): staff look, superusers correct."""

    search_fields: ClassVar[tuple[str, ...]] = ("name", "kode")
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
class KelurahanAdmin(
    ServiceSaveMixin, RolloutAdminMixin, AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin
):
    kelurahan_path = ""
    form = KelurahanForm
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
        return (
            super().get_queryset(request).with_activity().order_by(*Kelurahan._meta.ordering or ())
        )

    def get_readonly_fields(self, request, obj=None):
        """The office follows its city; slug and kode are printed on posters, so never change.

        A rename that must happen is the superusers' "change the address" page, which keeps
        the old address as a permanent redirect.
        """
        if not obj:
            return ("office", "next_steps")
        if request.user.is_superuser:
            return ("office", "slug_rename", "kode", "next_steps")
        return ("office", "slug_link", "kode", "kind", "next_steps")

    def get_fieldsets(self, request, obj=None):
        """The stored slug is shown as the public address, with the superusers' rename link."""
        if obj is None:
            return self.fieldsets
        first = self.fieldsets[0][1]["fields"]
        shown = "slug_rename" if request.user.is_superuser else "slug_link"
        fields = tuple(shown if field == "slug" else field for field in first)
        return ((None, {"fields": fields}), *self.fieldsets[1:])

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields

    @admin.display(description=_("public address"))
    def slug_link(self, obj):
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())

    @admin.display(description=_("public address"))
    def slug_rename(self, obj):
        rename = reverse("admin:kelurahan_kelurahan_rename", args=[obj.pk])
        return format_html(
            '{} · <a href="{}">{}</a>', self.slug_link(obj), rename, _("Change the address")
        )

    def get_urls(self):
        """<pk>/ganti-alamat/: the superusers' rename of the public address."""
        rename = path(
            "<path:object_id>/ganti-alamat/",
            self.admin_site.admin_view(self.rename_view),
            name="kelurahan_kelurahan_rename",
        )
        return [rename, *super().get_urls()]

    def rename_view(self, request, object_id):
        """Superusers give a kelurahan a new slug; the old one keeps redirecting (301)."""
        return rename_kelurahan(self, request, object_id)

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

    def save_through_service(self, request, form, change):
        """Details through kelurahan_create/_update; the designation through its services."""
        data, by = form.cleaned_data, request.user
        if change:
            details = changed(form, KELURAHAN_DETAILS)
            kelurahan = form.instance
            if details:
                kelurahan = services.kelurahan_update(kelurahan=kelurahan, by=by, **details)
        else:
            fields = ("kecamatan", "kode", "name", "slug", *KELURAHAN_DETAILS)
            kelurahan = services.kelurahan_create(by=by, **{f: data[f] for f in set(fields)})
        was_binaan = bool(change and form.initial.get("is_binaan"))
        return save_designation(form, kelurahan, by, was_binaan=was_binaan)


def save_designation(form, kelurahan: Kelurahan, by, *, was_binaan: bool) -> Kelurahan:
    """Designate, change the designation, or revoke it, as the form's binaan fields say."""
    wanted = {field: form.cleaned_data[field] for field in BINAAN_FIELDS}
    if was_binaan and not wanted["is_binaan"]:
        return services.kelurahan_revoke_designation(kelurahan=kelurahan, by=by)
    if wanted["is_binaan"] and (not was_binaan or set(BINAAN_FIELDS) & set(form.changed_data)):
        return services.kelurahan_designate(
            kelurahan=kelurahan,
            since=wanted["binaan_since"],
            sk_number=wanted["sk_number"],
            notes=wanted["binaan_notes"],
            by=by,
        )
    return kelurahan
