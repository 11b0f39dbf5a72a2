"""The report triage queue: urgent and oldest first, every transition through a service.

Officer reports and residents' tips share the queue; a tip's photo is streamed by a staff-only
view of this admin, never through a media URL.
"""

import re
from collections.abc import Callable

from django.contrib import admin
from django.contrib.admin.utils import flatten, unquote
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kelurahan import audit, services
from kelurahan.admin.audit import AuditHistoryMixin
from kelurahan.admin.base import KecamatanFilter, ScopedAdminMixin, ServiceSaveMixin, run_action
from kelurahan.admin.forms import TriageForm
from kelurahan.admin.inbox import ReportInboxFilter
from kelurahan.admin.paginator import LargeListAdminMixin
from kelurahan.models import AwarenessReport, ReportUpdate
from kelurahan.permissions import staff_choices

Status = AwarenessReport.Status
Source = AwarenessReport.Source
REPORT_FIELDS = (
    "reference",
    "source",
    "kelurahan_name",
    "filed_by",
    "category",
    "urgency",
    "observed",
    "observed_on",
    ("location_rt_rw", "location_street"),
    "people_at_risk",
)
# Shown only when the report has them: a tip's contact (if the resident gave one) and photo.
OPTIONAL_FIELDS = ("reporter_contact", "photo_link")
STATUS_FIELDS = (
    "status",
    "referred_to",
    "submitted_at",
    "closed_at",
    "expires_on",
    "updated_at",
)
TRIAGE_FIELDS = ("assigned_to", "next_step", "refer_to", "note_for_reporter", "internal_note")
# What each step of the triage form calls; every one is the same service the rest uses.
STEP_SERVICES: dict[str, Callable[..., AwarenessReport]] = {
    Status.UNDER_REVIEW: services.report_start_review,
    Status.REFERRED: services.report_refer,
    Status.CLOSED: services.report_close,
    Status.NOT_SUBSTANTIATED: services.report_mark_not_substantiated,
}
REFERENCE = re.compile(r"^\s*LAP-?0*(\d+)\s*$", re.IGNORECASE)
# Short names of the sources for the queue's column and filter.
SOURCE_LABELS = {
    Source.OFFICER: _("Officer"),
    Source.TIP_LINE: _("Tip line"),
    Source.ASSISTED: _("Assisted"),
}
UNKNOWN_KELURAHAN = _("unknown")
CATEGORY_SHORT = {
    AwarenessReport.Category.TPPO: "TPPO",
    AwarenessReport.Category.TPPM: "TPPM",
    AwarenessReport.Category.NON_PROCEDURAL_PMI: _("PMI"),
    AwarenessReport.Category.FOREIGNER: _("WNA"),
    AwarenessReport.Category.OTHER: _("Other"),
}

# The author of timeline entries the resident wrote with their receipt code.
REPORTER_AUTHOR = _("Reporter (receipt code)")


class SourceFilter(admin.SimpleListFilter):
    title = _("source")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return list(SOURCE_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(source=self.value()) if self.value() else queryset


class ReportKecamatanFilter(KecamatanFilter):
    """The kecamatan filter plus "unknown" for tips whose kelurahan the resident did not know."""

    include_empty_choice = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = _("Unknown kelurahan")  # type: ignore[assignment]  # lazy text


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
        "written_by",
        "from_status",
        "to_status",
        "note_for_reporter",
        "reporter_message",
        "internal_note",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("timeline")

    @admin.display(description=_("author"))
    def written_by(self, obj):
        """Staff or officer; an entry without author came from the resident's receipt code."""
        return obj.author if obj.author_id else REPORTER_AUTHOR

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
class AwarenessReportAdmin(
    ServiceSaveMixin, LargeListAdminMixin, AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin
):
    kelurahan_path = "kelurahan"
    form = TriageForm
    change_form_template = "admin/kelurahan/awarenessreport/triage_form.html"
    ordering = ("-urgency", "submitted_at")
    # Short cells, so the queue fits a 1280 px screen beside its filters.
    list_display = (
        "reference",
        "source_label",
        "kelurahan_name",
        "category_short",
        "urgency",
        "status",
        "submitted",
        "assigned_to",
        "expires_on",
    )
    list_filter = (
        StatusFilter,
        SourceFilter,
        "category",
        "urgency",
        ("kelurahan__kecamatan", ReportKecamatanFilter),
        AssignedFilter,
        "submitted_at",
        ReportInboxFilter,
    )
    list_select_related = ("kelurahan", "assigned_to")
    # The report's text and place are encrypted, so SQL cannot search them: search finds a
    # reference (LAP-00012, see get_search_results) or the kelurahan's name.
    search_fields = ("kelurahan__name",)
    date_hierarchy = "submitted_at"
    readonly_fields = (*flatten(REPORT_FIELDS), *OPTIONAL_FIELDS, *STATUS_FIELDS)
    inlines = (ReportUpdateInline,)
    actions = ("assign_to_me", "start_review")

    class Media:
        css = {"all": ("css/admin-lists.css",)}

    @admin.display(description=_("reference"), ordering="pk")
    def reference(self, obj):
        return obj.reference

    @admin.display(description=_("source"), ordering="source")
    def source_label(self, obj):
        return SOURCE_LABELS.get(obj.source, obj.source)

    @admin.display(description=_("kelurahan"), ordering="kelurahan__name")
    def kelurahan_name(self, obj):
        return obj.kelurahan.name if obj.kelurahan_id else UNKNOWN_KELURAHAN

    @admin.display(description=_("expires on"))
    def expires_on(self, obj):
        """The day a closed resident report is deleted; empty while it is kept."""
        expires = obj.expires_at
        if expires is None:
            return self.get_empty_value_display()
        return formats.localize(timezone.localdate(expires))

    @admin.display(description=_("photo"))
    def photo_link(self, obj):
        url = reverse("admin:kelurahan_awarenessreport_photo", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the photo"))

    @admin.display(description=_("category"), ordering="category")
    def category_short(self, obj):
        """TPPO, TPPM, PMI, WNA or Other; the full label shows on hover."""
        short = CATEGORY_SHORT.get(obj.category, obj.category)
        return format_html('<span title="{}">{}</span>', obj.get_category_display(), short)

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted(self, obj):
        """The day it was sent and how many days ago."""
        if obj.submitted_at is None:
            return self.get_empty_value_display()
        day = formats.date_format(timezone.localtime(obj.submitted_at), "j M Y")
        days = (timezone.now() - obj.submitted_at).days
        age = ngettext("%(days)d day ago", "%(days)d days ago", days) % {"days": days}
        return format_html("{}<br><small>{}</small>", day, age)

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

    def changelist_view(self, request, extra_context=None):
        """The queue takes the screen's width: no app sidebar beside its filters."""
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_fieldsets(self, request, obj=None):
        """The report, where it stands, then triage; tips show their contact and photo."""
        return (
            (_report_title(obj), {"fields": _report_fields(obj)}),
            (_("Where it stands"), {"fields": STATUS_FIELDS}),
            (
                _("Triage"),
                {
                    "fields": TRIAGE_FIELDS,
                    "classes": ("triage",),
                    "description": _(
                        "Each step is recorded in the timeline. Whoever filed the report (the "
                        "kelurahan officer, or the resident with their receipt code) sees the "
                        "status and the message to the reporter, never the internal note."
                    ),
                },
            ),
        )

    def get_urls(self):
        """The change-form URLs plus <pk>/photo/, which streams a report's photo to staff."""
        photo = path(
            "<path:object_id>/photo/",
            self.admin_site.admin_view(self.photo_view),
            name="kelurahan_awarenessreport_photo",
        )
        return [photo, *super().get_urls()]

    def photo_view(self, request, object_id):
        """The photo of a report within the user's scope, never cached, shown inline."""
        report = self.get_object(request, unquote(object_id))
        if report is None or not report.photo:
            raise Http404
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        try:
            photo = report.photo.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        audit.record_access(report, part="photo")
        response = FileResponse(
            photo, content_type="image/jpeg", filename=f"{report.reference}.jpg"
        )
        response["Cache-Control"] = "no-store"
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The triage form; each time staff open a report, the audit trail records who read it."""
        if obj is not None and request.method == "GET":
            audit.record_access(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

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

    def save_through_service(self, request, form, change):
        """Assign, move and annotate the report through the triage services."""
        report, by = form.instance, request.user
        if "assigned_to" in form.changed_data:
            assignee = form.cleaned_data["assigned_to"]
            report = services.report_assign(report=report, by=by, assignee=assignee)
        step, notes = form.cleaned_data["next_step"], form.notes
        if step == Status.REFERRED:
            partner = form.cleaned_data["refer_to"]
            report = services.report_refer(report=report, by=by, partner=partner, **notes)
        elif step:
            report = STEP_SERVICES[step](report=report, by=by, **notes)
        elif any(note.strip() for note in notes.values()):
            services.report_add_note(report=report, by=by, **notes)
        return report

    def delete_model(self, request, obj):
        """A deleted report takes its photo file with it."""
        super().delete_model(request, obj)
        _delete_photos([obj])

    def delete_queryset(self, request, queryset):
        """Bulk deletion also removes the photo files."""
        reports = list(queryset)
        super().delete_queryset(request, queryset)
        _delete_photos(reports)


def _delete_photos(reports) -> None:
    for report in reports:
        if report.photo:
            report.photo.delete(save=False)


def _report_title(obj):
    if obj is not None and obj.is_from_resident:
        return _("Report from a resident")
    return _("Report from the kelurahan")


def _report_fields(obj) -> tuple:
    """The report's fields; the filer only when there is one, contact and photo when given."""
    fields = list(REPORT_FIELDS)
    if obj is None or obj.source == Source.TIP_LINE:
        fields.remove("filed_by")
    if obj is not None and obj.reporter_contact:
        fields.append("reporter_contact")
    if obj is not None and obj.photo:
        fields.append("photo_link")
    return tuple(fields)
