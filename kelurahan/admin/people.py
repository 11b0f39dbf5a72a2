"""Office staff, liaison officers (PIMPASA) with their assignments, kelurahan officers, partners."""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from kelurahan import services
from kelurahan.admin.accounts import AccountActionsMixin
from kelurahan.admin.audit import AuditHistoryMixin
from kelurahan.admin.base import (
    HTTPS_URLS,
    KecamatanFilter,
    ScopedAdminMixin,
    ServiceSaveMixin,
    SuperuserEditsMixin,
    changed,
    submitted,
)
from kelurahan.admin.forms import LiaisonAssignmentForm, LiaisonOfficerForm, OfficerOnboardForm
from kelurahan.models import (
    KelurahanOfficer,
    LiaisonAssignment,
    LiaisonOfficer,
    OfficeStaff,
    Partner,
)
from kelurahan.permissions import staff_choices, staff_office, visible_kelurahan
from kelurahan.services import accounts
from kelurahan.services.content import liaison_officer_save

ASSIGNMENT_FIELDS = ("officer", "kelurahan", "start_date", "end_date")


def save_assignment(form, user) -> LiaisonAssignment:
    """A new or corrected assignment (admin form or inline row) through the liaison services."""
    assignment, data = form.instance, form.cleaned_data
    if assignment.pk is None:
        return services.liaison_assign(
            officer=assignment.officer,
            kelurahan=data["kelurahan"],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            by=user,
        )
    corrections = changed(form, ASSIGNMENT_FIELDS)
    return services.liaison_assignment_update(assignment=assignment, by=user, **corrections)


ONBOARD_FIELDS = ("name", "email", "phone", "kelurahan", "position", "username")


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
class LiaisonOfficerAdmin(
    AccountActionsMixin, ServiceSaveMixin, AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin
):
    office_path = "office"
    form = LiaisonOfficerForm  # portraits checked and re-encoded (kelurahan/files/uploads.py)
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
            initial["office"] = str(office.pk)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """The linked account is a staff account of the same office."""
        if db_field.name == "user":
            kwargs["queryset"] = staff_choices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_through_service(self, request, form, change):
        """The profile through liaison_officer_save; assignments below, in save_formset."""
        officer = form.instance if change else None
        return liaison_officer_save(officer=officer, by=request.user, **submitted(form, change))

    def save_formset(self, request, form, formset, change):
        """New and ended assignments go through the liaison services."""
        if formset.model is not LiaisonAssignment:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # fills the instances and the change message
        for inline_form in formset.forms:
            if inline_form.has_changed():
                save_assignment(inline_form, request.user)


@admin.register(LiaisonAssignment)
class LiaisonAssignmentAdmin(
    ServiceSaveMixin, AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin
):
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

    def save_through_service(self, request, form, change):
        """Start, correct and end assignments through the liaison services."""
        return save_assignment(form, request.user)


@admin.register(KelurahanOfficer)
class KelurahanOfficerAdmin(
    AccountActionsMixin, ServiceSaveMixin, AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin
):
    kelurahan_path = "kelurahan"
    list_display = ("user", "full_name", "kelurahan", "position", "account_state")
    list_filter = (("kelurahan__kecamatan", KecamatanFilter), "position", "user__is_active")
    list_select_related = ("user", "kelurahan")
    search_fields = ("user__username", "user__first_name", "user__last_name", "kelurahan__name")
    autocomplete_fields = ("kelurahan",)
    add_fieldsets = (
        (None, {"fields": ("name", "email", "username", "kelurahan", "position", "phone")}),
    )
    fieldsets = (
        (None, {"fields": ("user", "full_name", "email", "account_state")}),
        (None, {"fields": ("kelurahan", "position", "phone")}),
    )
    readonly_fields = ("user", "full_name", "email", "account_state")

    @admin.display(description=_("name"), ordering="user__first_name")
    def full_name(self, obj):
        return obj.user.get_full_name()

    @admin.display(description=_("e-mail"))
    def email(self, obj):
        return obj.user.email

    @admin.display(description=_("account"))
    def account_state(self, obj):
        """Whether the officer can log in; staff never see or set the password itself."""
        if not obj.user.is_active:
            return _("Deactivated")
        if not obj.user.has_usable_password():
            return _("Waiting for the officer to choose a password")
        return _("Active")

    def get_fieldsets(self, request, obj=None):
        """The onboarding form for a new officer; the officer's details afterwards."""
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        """New officers come through the onboarding form: name, e-mail, username, kelurahan."""
        if obj is None:
            kwargs["form"] = OfficerOnboardForm
            kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def save_through_service(self, request, form, change):
        """Onboard a new officer (link by e-mail) or correct one, through the account services."""
        if change:
            fields = changed(form, accounts.OFFICER_FIELDS)
            return accounts.officer_update(officer=form.instance, by=request.user, **fields)
        data = form.cleaned_data
        return accounts.officer_onboard(
            by=request.user, **{field: data[field] for field in ONBOARD_FIELDS}
        )

    def response_add(self, request, obj, post_url_continue=None):
        """Say where the link went, so staff can tell the officer to look for it."""
        self.message_user(
            request,
            _(
                "%(username)s can log in after choosing a password through the link sent "
                "to %(email)s."
            )
            % {"username": obj.user.get_username(), "email": obj.user.email},
        )
        return super().response_add(request, obj, post_url_continue)


@admin.register(Partner)
class PartnerAdmin(AuditHistoryMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ("name", "short_name", "phone", "website")
    search_fields = ("name", "short_name")
