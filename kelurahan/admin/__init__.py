"""The staff admin: every model, scoped to the user's office (superusers see all)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kelurahan.admin import (
    audit,
    content,
    notifications,
    outreach,
    passport,
    people,
    questions,
    reports,
    session_changes,
    wilayah,
)

admin.site.site_header = _("Desa/Kelurahan Binaan Portal — Kanim Jakarta Pusat")
admin.site.site_title = _("Desa/Kelurahan Binaan")
admin.site.index_title = _("Programme administration")

__all__ = [
    "audit",
    "content",
    "notifications",
    "outreach",
    "passport",
    "people",
    "questions",
    "reports",
    "session_changes",
    "wilayah",
]
