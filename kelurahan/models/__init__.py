"""The programme's data: regions, people, outreach sessions, awareness reports, articles."""

from kelurahan.models.content import Article, Topic
from kelurahan.models.notifications import Notice, OutgoingMessage
from kelurahan.models.outreach import OutreachSession, SessionMaterial, SessionPhoto
from kelurahan.models.passport import PassportServiceDay
from kelurahan.models.people import (
    KelurahanOfficer,
    LiaisonAssignment,
    LiaisonOfficer,
    OfficeStaff,
    Partner,
)
from kelurahan.models.questions import FaqEntry, Question
from kelurahan.models.ratecount import RateCount
from kelurahan.models.reminders import ReminderLog
from kelurahan.models.reports import AwarenessReport, ReportUpdate
from kelurahan.models.session_changes import SessionChange
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
    "FaqEntry",
    "Kecamatan",
    "Kelurahan",
    "KelurahanOfficer",
    "KelurahanSlugRedirect",
    "Kota",
    "LiaisonAssignment",
    "LiaisonOfficer",
    "Notice",
    "Office",
    "OfficeStaff",
    "OutgoingMessage",
    "OutreachSession",
    "Partner",
    "PassportServiceDay",
    "Provinsi",
    "Question",
    "RateCount",
    "ReminderLog",
    "ReportUpdate",
    "SessionChange",
    "SessionMaterial",
    "SessionPhoto",
    "Topic",
]
