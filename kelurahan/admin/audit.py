"""The audit trail in the admin: each record's History page, and a read-only global log.

The History button of an audited record lists its django-auditlog entries (changes, with
masked values shown masked, and staff reads) instead of Django's own admin log. The global
LogEntry list is for superusers only; staff see history per record, through the office-scoped
ModelAdmin. Nobody, superusers included, can add, change or delete an entry.
"""

import copy

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kelurahan.admin.base import ModelAdminMixinBase
from kelurahan.models import AwarenessReport, LiaisonOfficer, OutreachSession

Action = LogEntry.Action
ACTION_LABELS = {
    Action.CREATE: gettext_lazy("Created"),
    Action.UPDATE: gettext_lazy("Changed"),
    Action.DELETE: gettext_lazy("Deleted"),
    Action.ACCESS: gettext_lazy("Viewed"),
}
# What a read entry says when staff opened one part of a record.
PART_LABELS = {"photo": gettext_lazy("Viewed the photo")}
NO_ACCOUNT = gettext_lazy("No account (resident or automatic task)")
# A record's history also shows its parts that are edited along with it.
RELATED_HISTORY = {
    AwarenessReport: ("updates",),
    LiaisonOfficer: ("assignments",),
    OutreachSession: ("photos", "changes"),
}
PER_PAGE = 50


def entries_for(obj):
    """Audit entries of a record and of its parts (a report's timeline), newest first."""
    records = Q(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    for name in RELATED_HISTORY.get(type(obj), ()):
        related = getattr(obj, name).all()
        records |= Q(
            content_type=ContentType.objects.get_for_model(related.model),
            object_id__in=related.values("pk"),
        )
    return (
        LogEntry.objects.filter(records)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def entry_changes(entry) -> list[tuple[str, str, str]]:
    """(field, before, after) rows, with choices and related rows by name; masks stay masked."""
    plain, rows = {}, []
    model = entry.content_type.model_class()
    for field, change in entry.changes_dict.items():
        if model is not None and field == model._meta.pk.name:
            continue
        if isinstance(change, dict):  # many-to-many: objects added or removed
            label = str(model._meta.get_field(field).verbose_name) if model else field
            listed = ", ".join(change.get("objects", []))
            before, after = ("", listed) if change.get("operation") == "add" else (listed, "")
            rows.append((label, before, after))
        else:
            plain[field] = change
    shown = copy.copy(entry)
    shown.changes = plain
    rows += [(str(label), *values) for label, values in shown.changes_display_dict.items()]
    rows = [(capfirst(field), _blank(before), _blank(after)) for field, before, after in rows]
    return [row for row in rows if row[1] or row[2]]


def _blank(value) -> str:
    """auditlog stores an empty value as "None"."""
    return "" if value in (None, "None") else str(value)


def history_row(entry, obj) -> dict:
    action = ACTION_LABELS.get(entry.action, entry.get_action_display())
    if entry.action == Action.ACCESS:
        action = PART_LABELS.get((entry.additional_data or {}).get("part", ""), action)
    is_part = (entry.content_type.model_class(), entry.object_id) != (type(obj), obj.pk)
    return {
        "entry": entry,
        "actor": entry.actor or entry.actor_email or NO_ACCOUNT,
        "action": action,
        "record": entry.object_repr if is_part else "",
        "changes": [] if entry.action == Action.ACCESS else entry_changes(entry),
    }


class AuditHistoryMixin(ModelAdminMixinBase):
    """A ModelAdmin whose History page shows the record's audit trail."""

    audit_history_template = "admin/audit_history.html"

    def history_view(self, request, object_id, extra_context=None):
        """The record's audit entries, for whoever may see the record."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)  # type: ignore[attr-defined]
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        paginator = self.get_paginator(request, entries_for(obj), PER_PAGE)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change history: %s") % obj,
            "subtitle": None,
            "entries": page,
            "rows": [history_row(entry, obj) for entry in page],
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.count > PER_PAGE,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": obj,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.audit_history_template, context)


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogEntryAdmin(LogEntryAdmin):
    """auditlog's entry list, for superusers only and read-only for everyone."""

    def has_module_permission(self, request):
        """Superusers only; staff read history per record."""
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        """Superusers only."""
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        """Entries are written by the audit trail only."""
        return False

    def has_change_permission(self, request, obj=None):
        """Nobody edits the trail."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Nobody deletes from the trail."""
        return False
