"""Outreach sessions: planning in the form, every status change through an action and a service."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from kelurahan import services
from kelurahan.admin.audit import AuditHistoryMixin
from kelurahan.admin.base import (
    KecamatanFilter,
    ScopedAdminMixin,
    ServiceSaveMixin,
    changed,
    run_action,
)
from kelurahan.admin.content import english_fieldset
from kelurahan.admin.forms import CancelSessionsForm, SessionMaterialForm, SessionPhotoForm
from kelurahan.admin.inbox import SessionInboxFilter
from kelurahan.admin.paginator import LargeListAdminMixin
from kelurahan.models import OutreachSession, SessionMaterial, SessionPhoto
from kelurahan.services.sessions import EDITABLE_FIELDS, RESULT_FIELDS
from kelurahan.thumbnails import delete_thumbnails

Status = OutreachSession.Status
PLAN_FIELDS = (
    "kelurahan",
    "kind",
    "title",
    "description",
    ("starts_at", "ends_at"),
    "venue",
    "address",
    "topics",
    "speakers",
    "partners",
)
ENGLISH_FIELDS = ("title_en", "description_en")
RELATIONS = ("topics", "speakers", "partners")
STATUS_FIELDS = ("status", "is_published", "cancel_reason", "proposed_by", "created_at")


class CompletenessFilter(admin.SimpleListFilter):
    title = _("results")
    parameter_name = "results"

    def lookups(self, request, model_admin):
        return (("incomplete", _("Held, results missing")),)

    def queryset(self, request, queryset):
        if self.value() == "incomplete":
            return queryset.incomplete()
        return queryset


class SessionPhotoInline(admin.TabularInline):
    model = SessionPhoto
    form = SessionPhotoForm
    fields = ("image", "caption", "uploaded_at")
    readonly_fields = ("uploaded_at",)
    extra = 0

    def has_add_permission(self, request, obj=None):
        """A cancelled session gets no photos."""
        if obj is not None and obj.status == Status.CANCELLED:
            return False
        return super().has_add_permission(request, obj)


class SessionMaterialInline(admin.TabularInline):
    """Handouts and slides (PDF), listed on the public session page."""

    model = SessionMaterial
    form = SessionMaterialForm
    fields = ("title", "file", "uploaded_at")
    readonly_fields = ("uploaded_at",)
    extra = 0


@admin.register(OutreachSession)
class OutreachSessionAdmin(
    ServiceSaveMixin, LargeListAdminMixin, AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin
):
    kelurahan_path = "kelurahan"
    list_display = (
        "title",
        "kelurahan",
        "kind",
        "starts_at",
        "status",
        "is_published",
        "incomplete",
    )
    list_filter = (
        "status",
        "is_published",
        CompletenessFilter,
        "kind",
        ("kelurahan__kecamatan", KecamatanFilter),
        "topics",
        SessionInboxFilter,
    )
    list_select_related = ("kelurahan",)
    search_fields = ("title", "venue", "kelurahan__name")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("kelurahan", "topics", "speakers", "partners")
    readonly_fields = STATUS_FIELDS
    inlines = (SessionPhotoInline, SessionMaterialInline)
    actions = ("publish", "unpublish", "mark_held", "cancel")

    @admin.display(description=_("results missing"), boolean=True)
    def incomplete(self, obj):
        return obj.is_incomplete

    @admin.action(description=_("Publish the selected sessions"), permissions=["change"])
    def publish(self, request, queryset):
        run_action(
            self, request, queryset, lambda s: services.session_publish(session=s, by=request.user)
        )

    @admin.action(description=_("Unpublish the selected sessions"), permissions=["change"])
    def unpublish(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            lambda s: services.session_unpublish(session=s, by=request.user),
        )

    @admin.action(description=_("Mark the selected sessions as held"), permissions=["change"])
    def mark_held(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            lambda s: services.session_mark_held(session=s, by=request.user),
        )

    @admin.action(description=_("Cancel the selected sessions"), permissions=["change"])
    def cancel(self, request, queryset):
        form = CancelSessionsForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            run_action(
                self,
                request,
                queryset,
                lambda s: services.session_cancel(session=s, by=request.user, reason=reason),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Cancel sessions"),
            "opts": self.opts,
            "form": form,
            "sessions": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/kelurahan/outreachsession/cancel_sessions.html", context
        )

    def get_queryset(self, request):
        """Scoped sessions with their kelurahan."""
        return super().get_queryset(request).select_related("kelurahan__kecamatan")

    def get_fieldsets(self, request, obj=None):
        """Plan and its English version always; status once saved; results once held."""
        held = obj is not None and obj.status == Status.HELD
        english = (*ENGLISH_FIELDS, "summary_en") if held else ENGLISH_FIELDS
        fieldsets = [(None, {"fields": PLAN_FIELDS}), english_fieldset(*english)]
        if obj is not None:
            fieldsets.append((_("Status"), {"fields": STATUS_FIELDS}))
        if held:
            results = tuple(field for field in RESULT_FIELDS if field not in english)
            fieldsets.append((_("Results"), {"fields": results}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        """Status is changed by actions; a saved session keeps its kelurahan; cancelled is final."""
        if obj is None:
            return self.readonly_fields
        if obj.status == Status.CANCELLED:
            return (*STATUS_FIELDS, *flatten(PLAN_FIELDS), *ENGLISH_FIELDS)
        return (*self.readonly_fields, "kelurahan")

    def save_through_service(self, request, form, change):
        """Propose, update and record results through the session services."""
        data, session = form.cleaned_data, form.instance
        if not change:
            fields = ("kelurahan", *EDITABLE_FIELDS, *RELATIONS)
            return services.session_propose(
                proposed_by=request.user, **{field: data[field] for field in fields}
            )
        plan = changed(form, (*EDITABLE_FIELDS, *RELATIONS))
        if plan:
            session = services.session_update(session=session, by=request.user, **plan)
        results = changed(form, RESULT_FIELDS)
        if results:
            session = services.session_record_result(session=session, by=request.user, **results)
        return session

    def save_formset(self, request, form, formset, change):
        """New photos are added through the session service; a removed material takes its file."""
        if formset.model is SessionMaterial:
            formset.save()  # each new file was checked by the model's validator
            for material in formset.deleted_objects:
                material.file.delete(save=False)
            return
        formset.save(commit=False)  # fills the instances and the change message
        for photo in formset.deleted_objects:
            delete_thumbnails(photo.image)
            photo.image.delete(save=False)  # the published file goes with its row
            photo.delete()
        for photo, changed_fields in formset.changed_objects:
            if "image" in changed_fields:  # a new file: re-encoded, the old one and its copies go
                services.session_replace_photo(
                    photo=photo, by=request.user, image=photo.image.file, caption=photo.caption
                )
            else:
                photo.save()
        for photo in formset.new_objects:
            services.session_add_photo(
                session=form.instance,
                by=request.user,
                image=photo.image.file,
                caption=photo.caption,
            )
