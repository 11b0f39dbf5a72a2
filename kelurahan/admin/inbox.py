"""Changelist filters behind the inbox's counts: each shows exactly the rows a count counts.

The filters apply the same queryset methods as kelurahan.selectors.inbox, to the changelist's
own (already office-scoped) queryset.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kelurahan.selectors.inbox import PARAMETER, REPORT_SECTIONS, SESSION_SECTIONS


class InboxFilter(admin.SimpleListFilter):
    title = _("waiting in the inbox")
    parameter_name = PARAMETER
    sections: dict = {}

    def lookups(self, request, model_admin):
        return [(key, title) for key, (title, _method) in self.sections.items()]

    def queryset(self, request, queryset):
        if self.value() not in self.sections:
            return queryset
        _title, method = self.sections[self.value()]
        return getattr(queryset, method)()


class ReportInboxFilter(InboxFilter):
    sections = REPORT_SECTIONS


class SessionInboxFilter(InboxFilter):
    sections = SESSION_SECTIONS
