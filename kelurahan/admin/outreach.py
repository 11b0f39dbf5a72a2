"""Outreach sessions: planning in the form, every status change through an action and a service."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kelurahan import services
from kelurahan.admin.audit import AuditHistoryMixin
from kelurahan.admin.base import (
    KecamatanFilter,
    ScopedAdminMixin,
    ServiceSaveMixin,
    changed,
    error_text,
    run_action,
)
from kelurahan.admin.content import english_fieldset
from kelurahan.admin.forms import CancelSessionsForm, SessionMaterialForm, SessionPhotoForm
from kelurahan.admin.inbox import SessionInboxFilter
from kelurahan.admin.paginator import LargeListAdminMixin
from kelurahan.files.thumbnails import delete_thumbnails
from kelurahan.models import OutreachSession, SessionChange, SessionMaterial, SessionPhoto
from kelurahan.services.sessions import EDITABLE_FIELDS, RESULT_FIELDS

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
STATUS_FIELDS = (
    "status",
    "is_published",
    "cancel_reason",
    "cancel_office_note",
    "proposed_by",
    "created_at",
)
VERIFY_FIELDS = ("results_verified_at", "results_verified_by")
# Buttons of the session page: each calls one service, after the form is saved.
BUTTONS = {
    "_publish": (
        lambda s, by: services.session_publish(session=s, by=by, refuse_if_started=True),
        _("The session is published."),
    ),
    "_publish_anyway": (
        lambda s, by: services.session_publish(session=s, by=by),
        _("The session is published."),
    ),
    "_unpublish": (
        lambda s, by: services.session_unpublish(session=s, by=by),
        _("The session is no longer public."),
    ),
    "_mark_held": (
        lambda s, by: services.session_mark_held(session=s, by=by),
        _("The session is marked as held. Record its results below."),
    ),
    "_verify_results": (
        lambda s, by: services.session_verify_results(session=s, by=by),
        _("The results are verified: residents now see them."),
    ),
}


class CompletenessFilter(admin.SimpleListFilter):
    title = _("results")
    parameter_name = "results"

    def lookups(self, request, model_admin):
        return (
            ("incomplete", _("Held, results missing")),
            ("unverified", _("Held, results not verified yet")),
        )

    def queryset(self, request, queryset):
        if self.value() == "incomplete":
            return queryset.incomplete()
        if self.value() == "unverified":
            return queryset.results_awaiting_verification()
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
        "state",
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
    actions = ("publish", "unpublish", "mark_held", "verify_results", "cancel")
    change_form_template = "admin/kelurahan/outreachsession/change_form.html"

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        """Status, publication and results in one column, so the list fits 1280 px."""
        public = _("public") if obj.is_published else _("not public")
        return format_html(
            "{}<br><small>{}</small>", obj.get_status_display(), ", ".join(self._facts(obj, public))
        )

    @staticmethod
    def _facts(obj, public) -> list:
        facts = [str(public)] if obj.status != Status.CANCELLED else []
        if obj.status == Status.HELD:
            if obj.is_incomplete:
                facts.append(str(_("results missing")))
            elif not obj.results_are_public:
                facts.append(str(_("results to verify")))
        return facts

    @admin.action(description=_("Publish the selected sessions"), permissions=["change"])
    def publish(self, request, queryset):
        """Sessions that have already started are left for staff to record as held."""
        run_action(
            self,
            request,
            queryset,
            lambda s: services.session_publish(session=s, by=request.user, refuse_if_started=True),
        )

    @admin.action(description=_("Mark the results as verified"), permissions=["change"])
    def verify_results(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            lambda s: services.session_verify_results(session=s, by=request.user),
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
            fieldsets.append((_("Results"), {"fields": (*results, *VERIFY_FIELDS)}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        """Status is changed by actions; a saved session keeps its kelurahan; cancelled is final."""
        if obj is None:
            return self.readonly_fields
        if obj.status == Status.CANCELLED:
            return (*STATUS_FIELDS, *flatten(PLAN_FIELDS), *ENGLISH_FIELDS)
        return (*self.readonly_fields, *VERIFY_FIELDS, "kelurahan")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The session's buttons and the officer's change waiting for review, if any."""
        if obj is not None:
            context["pending_change"] = SessionChange.objects.filter(
                session=obj, status=SessionChange.Status.PENDING
            ).first()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        """After saving, run the service of the button pressed (publish, mark held, ...)."""
        pressed = next((name for name in BUTTONS if name in request.POST), None)
        if pressed is None:
            return super().response_change(request, obj)
        service, done = BUTTONS[pressed]
        try:
            service(obj, request.user)
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.WARNING)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(request.path)

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
