"""Office staff, liaison officers (PIMPASA) with their assignments, kelurahan officers, partners."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from kelurahan import services
from kelurahan.admin.audit import AuditHistoryMixin
from kelurahan.admin.base import (
    HTTPS_URLS,
    KecamatanFilter,
    ScopedAdminMixin,
    SuperuserEditsMixin,
    adopt,
    staff_choices,
)
from kelurahan.admin.forms import LiaisonAssignmentForm, LiaisonOfficerForm
from kelurahan.models import (
    KelurahanOfficer,
    LiaisonAssignment,
    LiaisonOfficer,
    OfficeStaff,
    Partner,
)
from kelurahan.permissions import staff_office, visible_kelurahan


def save_assignment(assignment: LiaisonAssignment, changed: list[str], user) -> LiaisonAssignment:
    """Start and end assignments through the liaison services; other corrections save as usual."""
    end_date = assignment.end_date if "end_date" in changed else None
    if end_date:
        assignment.end_date = None  # ended below, by the service
    if assignment.pk is None:
        assignment = services.liaison_assign(
            officer=assignment.officer,
            kelurahan=assignment.kelurahan,
            start_date=assignment.start_date,
            by=user,
        )
    else:
        assignment.save()
    if end_date:
        assignment = services.liaison_end_assignment(
            assignment=assignment, end_date=end_date, by=user
        )
    return assignment


@admin.register(OfficeStaff)
class OfficeStaffAdmin(AuditHistoryMixin, SuperuserEditsMixin, ScopedAdminMixin, admin.ModelAdmin):
    office_path = "office"
    list_display = ("user", "full_name", "office")
    list_filter = ("office",)
    list_select_related = ("user", "office")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user", "office")

    @admin.display(description=_("name"), ordering="user__first_name")
    def full_name(self, obj):
        return obj.user.get_full_name()


class LiaisonAssignmentInline(admin.TabularInline):
    model = LiaisonAssignment
    form = LiaisonAssignmentForm
    fields = ("kelurahan", "start_date", "end_date")
    autocomplete_fields = ("kelurahan",)
    extra = 0
    can_delete = False
    verbose_name_plural = _("assignments (ended ones are kept as history)")

    def get_queryset(self, request):
        """Every assignment, current and ended, newest first."""
        return super().get_queryset(request).select_related("kelurahan").order_by("-start_date")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Only kelurahan of the user's office can be chosen."""
        if db_field.name == "kelurahan":
            kwargs["queryset"] = visible_kelurahan(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(LiaisonOfficer)
class LiaisonOfficerAdmin(AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin):
    office_path = "office"
    form = LiaisonOfficerForm  # portraits checked and re-encoded (kelurahan/uploads.py)
    list_display = ("name", "nip", "position", "current_kelurahan", "phone", "is_active")
    list_filter = ("is_active", ("assignments__kelurahan__kecamatan", KecamatanFilter))
    list_select_related = ("office",)
    search_fields = ("name", "nip", "position")
    inlines = (LiaisonAssignmentInline,)

    @admin.display(description=_("kelurahan now"))
    def current_kelurahan(self, obj):
        return ", ".join(a.kelurahan.name for a in obj.current_assignments) or "—"

    def get_queryset(self, request):
        """Scoped officers with their current assignments fetched in one extra query."""
        current = LiaisonAssignment.objects.current().select_related("kelurahan")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("assignments", current, to_attr="current_assignments"))
        )

    def get_list_filter(self, request):
        """Superusers can also filter by office."""
        if request.user.is_superuser:
            return (*self.list_filter, "office")
        return self.list_filter

    def get_changeform_initial_data(self, request):
        """A new officer belongs to the user's own office."""
        initial = super().get_changeform_initial_data(request)
        office = staff_office(request.user)
        if office and "office" not in initial:
            initial["office"] = office.pk
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """The linked account is a staff account of the same office."""
        if db_field.name == "user":
            kwargs["queryset"] = staff_choices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        """New and ended assignments go through the liaison services."""
        if formset.model is not LiaisonAssignment:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # fills the instances and the change message
        for inline_form in formset.forms:
            if inline_form.has_changed():
                save_assignment(inline_form.instance, inline_form.changed_data, request.user)


@admin.register(LiaisonAssignment)
class LiaisonAssignmentAdmin(AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin):
    kelurahan_path = "kelurahan"
    form = LiaisonAssignmentForm
    list_display = ("officer", "kelurahan", "start_date", "end_date")
    list_filter = (
        ("kelurahan__kecamatan", KecamatanFilter),
        ("end_date", admin.EmptyFieldListFilter),
    )
    list_select_related = ("officer", "kelurahan")
    search_fields = ("officer__name", "officer__nip", "kelurahan__name")
    autocomplete_fields = ("officer", "kelurahan")
    date_hierarchy = "start_date"

    def save_model(self, request, obj, form, change):
        """Start and end assignments through the liaison services."""
        adopt(obj, save_assignment(obj, form.changed_data, request.user))


@admin.register(KelurahanOfficer)
class KelurahanOfficerAdmin(AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin):
    kelurahan_path = "kelurahan"
    list_display = ("user", "full_name", "kelurahan", "position", "phone")
    list_filter = (("kelurahan__kecamatan", KecamatanFilter), "position")
    list_select_related = ("user", "kelurahan")
    search_fields = ("user__username", "user__first_name", "user__last_name", "kelurahan__name")
    autocomplete_fields = ("kelurahan",)

    @admin.display(description=_("name"), ordering="user__first_name")
    def full_name(self, obj):
        return obj.user.get_full_name()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer non-staff accounts that are free or already belong to a visible kelurahan."""
        if db_field.name == "user":
            free_or_ours = Q(kelurahan_officer__isnull=True) | Q(
                kelurahan_officer__kelurahan__in=visible_kelurahan(request.user)
            )
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_staff=False)
                .filter(free_or_ours)
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Partner)
class PartnerAdmin(AuditHistoryMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ("name", "short_name", "phone", "website")
    search_fields = ("name", "short_name")
