"""Officers' proposed changes to public sessions: staff read the diff, then approve or decline."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from kelurahan import services
from kelurahan.admin.audit import AuditHistoryMixin
from kelurahan.admin.base import ScopedAdminMixin, error_text
from kelurahan.models import SessionChange
from kelurahan.selectors.session_changes import change_diff

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

APPROVE, DECLINE = "approve", "decline"
# Both services take change=, by= and staff_note=.
DECISIONS: "dict[str, tuple[Callable[..., SessionChange], StrOrPromise]]" = {
    APPROVE: (services.session_change_approve, _("Change approved: residents now see it.")),
    DECLINE: (services.session_change_decline, _("Change declined: the session stays as it was.")),
}
READ_ONLY = (
    "session_link",
    "kind",
    "diff",
    "office_note",
    "proposed_by",
    "created_at",
    "status",
    "decided_by",
    "decided_at",
)


def _lines(text: str) -> str:
    return linebreaksbr(text, autoescape=True)


class SessionChangeReviewForm(forms.ModelForm):
    """The note for the officer, and which button was pressed (Approve or Decline)."""

    decision = forms.ChoiceField(choices=[(APPROVE, APPROVE), (DECLINE, DECLINE)])

    class Meta:
        model = SessionChange
        fields = ("staff_note",)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("decision") == DECLINE and not cleaned.get("staff_note", "").strip():
            self.add_error("staff_note", _("Tell the officer why the change is declined."))
        return cleaned


@admin.register(SessionChange)
class SessionChangeAdmin(AuditHistoryMixin, ScopedAdminMixin, admin.ModelAdmin):
    kelurahan_path = "session__kelurahan"
    form = SessionChangeReviewForm
    change_form_template = "admin/kelurahan/sessionchange/change_form.html"
    list_display = ("session", "kelurahan_name", "kind", "proposed_by", "created_at", "status")
    list_filter = ("status", "kind")
    list_select_related = ("session__kelurahan", "proposed_by")
    search_fields = ("session__title", "session__kelurahan__name")
    readonly_fields = READ_ONLY
    fields = (*READ_ONLY, "staff_note")

    @admin.display(description=_("kelurahan"), ordering="session__kelurahan__name")
    def kelurahan_name(self, obj):
        return obj.session.kelurahan.name

    @admin.display(description=_("session"))
    def session_link(self, obj):
        url = reverse("admin:kelurahan_outreachsession_change", args=[obj.session_id])
        return format_html('<a href="{}">{}</a>', url, obj.session)

    @admin.display(description=_("change (now → proposed)"))
    def diff(self, obj):
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
            ((row.label, _lines(row.old), _lines(row.new)) for row in change_diff(obj)),
        )
        return format_html(
            '<table class="session-change-diff"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Field"),
            _("Before") if not obj.is_pending else _("Now"),
            _("Proposed"),
            rows,
        )

    def get_queryset(self, request):
        """Scoped changes with their session and kelurahan."""
        return super().get_queryset(request).select_related("session__kelurahan", "proposed_by")

    def has_add_permission(self, request):
        """Only officers propose changes, from their own pages."""
        return False

    def has_delete_permission(self, request, obj=None):
        """A proposal and its decision are kept."""
        return False

    def has_change_permission(self, request, obj=None):
        """A decided change is read-only."""
        if obj is not None and not obj.is_pending:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Approve or decline through the services; the form's instance is never saved itself."""
        decide, _done = DECISIONS[form.cleaned_data["decision"]]
        try:
            decide(change=obj, by=request.user, staff_note=form.cleaned_data["staff_note"])
        except ValidationError as error:
            request.session_change_refused = error_text(error)

    def response_change(self, request, obj):
        """Say what happened; a refused decision goes back to the change."""
        refused = getattr(request, "session_change_refused", None)
        if refused:
            self.message_user(request, refused, messages.WARNING)
            return HttpResponseRedirect(request.path)
        self.message_user(request, DECISIONS[request.POST["decision"]][1], messages.SUCCESS)
        changelist = reverse("admin:kelurahan_sessionchange_changelist")
        return HttpResponseRedirect(f"{changelist}?status__exact=pending")
