"""The report triage queue: urgent and oldest first, every transition through a service."""

import re

from django.contrib import admin
from django.contrib.admin.utils import flatten
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kelurahan import services
from kelurahan.admin.base import KecamatanFilter, ScopedAdminMixin, run_action, staff_choices
from kelurahan.admin.forms import TriageForm
from kelurahan.models import AwarenessReport, ReportUpdate

Status = AwarenessReport.Status
REPORT_FIELDS = (
    "reference",
    "kelurahan",
    "filed_by",
    "category",
    "urgency",
    "observed",
    "observed_on",
    ("location_rt_rw", "location_street"),
    "people_at_risk",
)
STATUS_FIELDS = ("status", "referred_to", "submitted_at", "updated_at")
TRIAGE_FIELDS = ("assigned_to", "next_step", "refer_to", "note_for_reporter", "internal_note")
# What each step of the triage form calls; every one is the same service the rest uses.
STEP_SERVICES = {
    Status.UNDER_REVIEW: services.report_start_review,
    Status.REFERRED: services.report_refer,
    Status.CLOSED: services.report_close,
    Status.NOT_SUBSTANTIATED: services.report_mark_not_substantiated,
}
REFERENCE = re.compile(r"^\s*LAP-?0*(\d+)\s*$", re.IGNORECASE)


class StatusFilter(admin.SimpleListFilter):
    """Status choices without "draft": drafts are the officer's private work."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(s.value, s.label) for s in Status if s != Status.DRAFT]

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class AssignedFilter(admin.SimpleListFilter):
    title = _("assigned to")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return (("me", _("Me")), ("nobody", _("Nobody")))

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class ReportUpdateInline(admin.TabularInline):
    """The report's timeline: read-only, nobody adds, edits or deletes an entry here."""

    model = ReportUpdate
    fields = (
        "created_at",
        "author",
        "from_status",
        "to_status",
        "note_for_reporter",
        "internal_note",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("timeline")

    def get_queryset(self, request):
        """Entries oldest first, with their authors."""
        return super().get_queryset(request).select_related("author").order_by("created_at", "pk")

    def has_add_permission(self, request, obj=None):
        """Entries are written by the triage services only."""
        return False

    def has_change_permission(self, request, obj=None):
        """Nobody edits the timeline."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Nobody deletes from the timeline."""
        return False

    def has_view_permission(self, request, obj=None):
        """Whoever may see the report sees its timeline."""
        return request.user.has_perm("kelurahan.view_awarenessreport") or request.user.has_perm(
            "kelurahan.change_awarenessreport"
        )


@admin.register(AwarenessReport)
class AwarenessReportAdmin(ScopedAdminMixin, admin.ModelAdmin):
    kelurahan_path = "kelurahan"
    form = TriageForm
    change_form_template = "admin/kelurahan/awarenessreport/triage_form.html"
    ordering = ("-urgency", "submitted_at")
    list_display = (
        "reference",
        "kelurahan",
        "category",
        "urgency",
        "status",
        "submitted_at",
        "assigned_to",
        "age_in_days",
    )
    list_filter = (
        StatusFilter,
        "category",
        "urgency",
        ("kelurahan__kecamatan", KecamatanFilter),
        AssignedFilter,
        "submitted_at",
    )
    list_select_related = ("kelurahan", "assigned_to")
    search_fields = ("kelurahan__name", "location_street", "location_rt_rw")
    date_hierarchy = "submitted_at"
    readonly_fields = (*flatten(REPORT_FIELDS), *STATUS_FIELDS)
    fieldsets = (
        (_("Report from the kelurahan"), {"fields": REPORT_FIELDS}),
        (_("Where it stands"), {"fields": STATUS_FIELDS}),
        (
            _("Triage"),
            {
                "fields": TRIAGE_FIELDS,
                "classes": ("triage",),
                "description": _(
                    "Each step is recorded in the timeline. The officer who filed the "
                    "report sees the status and the note for the officer, never the internal note."
                ),
            },
        ),
    )
    inlines = (ReportUpdateInline,)
    actions = ("assign_to_me", "start_review")

    @admin.display(description=_("reference"), ordering="pk")
    def reference(self, obj):
        return obj.reference

    @admin.display(description=_("age (days)"), ordering="-submitted_at")
    def age_in_days(self, obj):
        return (timezone.now() - obj.submitted_at).days if obj.submitted_at else None

    @admin.action(description=_("Assign the selected reports to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        user = request.user
        run_action(
            self,
            request,
            queryset,
            lambda report: services.report_assign(report=report, by=user, assignee=user),
        )

    @admin.action(description=_("Start reviewing the selected reports"), permissions=["change"])
    def start_review(self, request, queryset):
        user = request.user
        run_action(
            self,
            request,
            queryset,
            lambda report: services.report_start_review(report=report, by=user),
        )

    def get_queryset(self, request):
        """Scoped reports without drafts, which stay the officer's private work."""
        return super().get_queryset(request).exclude(status=Status.DRAFT)

    def get_search_results(self, request, queryset, search_term):
        """A reference such as LAP-00012 finds that report."""
        match = REFERENCE.match(search_term)
        if match:
            return queryset.filter(pk=int(match.group(1))), False
        return super().get_search_results(request, queryset, search_term)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Reports are assigned to staff of the user's own office."""
        if db_field.name == "assigned_to":
            kwargs["queryset"] = staff_choices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        """Reports are filed by kelurahan officers, not in the admin."""
        return False

    def has_delete_permission(self, request, obj=None):
        """A report and its timeline are a record; only superusers may delete one."""
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        """Assign, move and annotate the report through the triage services."""
        if "assigned_to" in form.changed_data:
            services.report_assign(
                report=obj, by=request.user, assignee=form.cleaned_data["assigned_to"]
            )
        step, notes = form.cleaned_data["next_step"], form.notes
        if step == Status.REFERRED:
            partner = form.cleaned_data["refer_to"]
            services.report_refer(report=obj, by=request.user, partner=partner, **notes)
        elif step:
            STEP_SERVICES[step](report=obj, by=request.user, **notes)
        elif any(note.strip() for note in notes.values()):
            services.report_add_note(report=obj, by=request.user, **notes)
        obj.refresh_from_db()
