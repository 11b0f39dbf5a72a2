"""The programme's data: regions, people, outreach sessions, awareness reports, articles."""

from kelurahan.models.content import Article, Topic
from kelurahan.models.outreach import OutreachSession, SessionMaterial, SessionPhoto
from kelurahan.models.people import (
    KelurahanOfficer,
    LiaisonAssignment,
    LiaisonOfficer,
    OfficeStaff,
    Partner,
)
from kelurahan.models.reminders import ReminderLog
from kelurahan.models.reports import AwarenessReport, ReportUpdate
from kelurahan.models.wilayah import (
    Kecamatan,
    Kelurahan,
    KelurahanSlugRedirect,
    Kota,
    Office,
    Provinsi,
)

__all__ = [
    "Article",
    "AwarenessReport",
    "Kecamatan",
    "Kelurahan",
    "KelurahanOfficer",
    "KelurahanSlugRedirect",
    "Kota",
    "LiaisonAssignment",
    "LiaisonOfficer",
    "Office",
    "OfficeStaff",
    "OutreachSession",
    "Partner",
    "Provinsi",
    "ReminderLog",
    "ReportUpdate",
    "SessionMaterial",
    "SessionPhoto",
    "Topic",
]
