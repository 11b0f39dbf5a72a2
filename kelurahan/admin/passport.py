"""Passport service days: staff accept or decline a kelurahan's request, then record results.

Every change goes through kelurahan/services/passport_days.py by the admin's one save seam
(ServiceSaveMixin in kelurahan/admin/base.py): the form only validates, it never saves the row.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext_lazy as _

from kelurahan import services
from kelurahan.admin.audit import AuditHistoryMixin
from kelurahan.admin.base import KecamatanFilter, ScopedAdminMixin, ServiceSaveMixin
from kelurahan.models import PassportServiceDay

Status = PassportServiceDay.Status
REQUEST_FIELDS = (
    "reference",
    "kelurahan",
    "requested_by",
    ("expected_applicants", "vulnerable_group"),
    ("preferred_date", "alternative_date"),
    "contact_name",
    "contact_phone",
    "created_at",
)
DECISION_FIELDS = ("decision", ("starts_at", "ends_at"), "venue", "address", "decline_reason")
DECIDED_FIELDS = ("status", ("starts_at", "ends_at"), "venue", "address", "decided_by")
RESULT_FIELDS = ("applications_served", "applications_delayed")
ACCEPT, DECLINE = "accept", "decline"


class PassportDayForm(forms.ModelForm):
    """The decision on a request (accept with a date, or decline with a reason), then results."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("", _("Not decided yet")),
            (ACCEPT, _("Accept with the date and time below")),
            (DECLINE, _("Decline, with the reason below")),
        ],
        help_text=_("The officer who asked is told either way, by a notice and an e-mail."),
    )

    class Meta:
        model = PassportServiceDay
        fields = ("starts_at", "ends_at", "venue", "address", "decline_reason", *RESULT_FIELDS)
        field_classes = {"starts_at": forms.SplitDateTimeField, "ends_at": forms.SplitDateTimeField}
        widgets = {"starts_at": AdminSplitDateTime, "ends_at": AdminSplitDateTime}

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        decision = cleaned.get("decision")
        if decision == ACCEPT:
            for name in ("starts_at", "ends_at"):
                if not cleaned.get(name):
                    self.add_error(name, _("Give the day and time of the service."))
        elif decision == DECLINE and not (cleaned.get("decline_reason") or "").strip():
            self.add_error("decline_reason", _("Say why the request is declined."))
        results = [cleaned.get(name) for name in RESULT_FIELDS if name in self.fields]
        if any(value is not None for value in results) and None in results:
            raise forms.ValidationError(_("Give both numbers; write 0 when there were none."))
        return cleaned

    def _post_clean(self):
        """Fields the chosen decision does not use are not checked against the model."""
        if self.cleaned_data.get("decision") != ACCEPT:
            for name in ("starts_at", "ends_at"):
                self.cleaned_data.pop(name, None)
        super()._post_clean()  # type: ignore[misc]  # private, not in the stubs


@admin.register(PassportServiceDay)
class PassportServiceDayAdmin(
    ServiceSaveMixin, AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin
):
    kelurahan_path = "kelurahan"
    form = PassportDayForm
    list_display = (
        "reference",
        "kelurahan",
        "status",
        "preferred_date",
        "starts_at",
        "expected_applicants",
        "vulnerable_group",
        "applications_served",
        "applications_delayed",
    )
    list_filter = ("status", "vulnerable_group", ("kelurahan__kecamatan", KecamatanFilter))
    list_select_related = ("kelurahan",)
    search_fields = ("kelurahan__name", "venue")
    date_hierarchy = "preferred_date"
    readonly_fields = (
        "reference",
        "kelurahan",
        "requested_by",
        "expected_applicants",
        "vulnerable_group",
        "preferred_date",
        "alternative_date",
        "contact_name",
        "contact_phone",
        "created_at",
        "status",
        "decided_by",
    )

    @admin.display(description=_("reference"), ordering="pk")
    def reference(self, obj):
        return obj.reference

    def get_fieldsets(self, request, obj=None):
        """The request; then the decision while it waits, or the day and its results after."""
        fieldsets: list[tuple[Any, dict[str, Any]]] = [
            (_("Request from the kelurahan"), {"fields": REQUEST_FIELDS})
        ]
        if obj is None or obj.status == Status.REQUESTED:
            fieldsets.append((_("Decision"), {"fields": DECISION_FIELDS}))
            return fieldsets
        decided = (
            [*DECIDED_FIELDS, "decline_reason"] if obj.status == Status.DECLINED else DECIDED_FIELDS
        )
        fieldsets.append((_("Decision"), {"fields": decided}))
        if obj.status != Status.DECLINED:
            description = _(
                "After the day: applications served, and applications delayed because "
                "non-procedural migration was suspected. Both appear in the recaps and, "
                "counts under 5 hidden, in the open data."
            )
            fieldsets.append((_("Results"), {"fields": RESULT_FIELDS, "description": description}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        """Once decided, the decision is fixed; results only once the day has started."""
        if obj is None or obj.status == Status.REQUESTED:
            return self.readonly_fields
        fixed = (
            *self.readonly_fields,
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "decline_reason",
        )
        return fixed if obj.can_record_results() else (*fixed, *RESULT_FIELDS)

    def get_queryset(self, request):
        """Scoped requests with their kelurahan."""
        return super().get_queryset(request).select_related("kelurahan__kecamatan", "requested_by")

    def has_add_permission(self, request):
        """Requests come from kelurahan officers at /petugas/layanan-paspor/baru/."""
        return False

    def has_delete_permission(self, request, obj=None):
        """A request and its results are a record; only superusers may delete one."""
        return request.user.is_superuser

    def save_through_service(self, request, form, change):
        """Accept, decline or record results through the passport-day services."""
        data, user, day = form.cleaned_data, request.user, form.instance
        if data.get("decision") == ACCEPT:
            return services.passport_day_accept(
                day=day,
                by=user,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data.get("venue", ""),
                address=data.get("address"),
            )
        if data.get("decision") == DECLINE:
            return services.passport_day_decline(day=day, by=user, reason=data["decline_reason"])
        if set(RESULT_FIELDS) & set(form.changed_data):
            return services.passport_day_record_results(
                day=day,
                by=user,
                applications_served=data["applications_served"],
                applications_delayed=data["applications_delayed"],
            )
        return PassportServiceDay.objects.get(pk=day.pk)  # nothing to change: the stored row
