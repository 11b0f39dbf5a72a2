"""Views for kelurahan officers at /petugas/, split by what they handle."""

from kelurahan.officer.views.account import (
    DashboardView,
    OfficerLoginView,
    OfficerLogoutView,
    OfficerPasswordChangeDoneView,
    OfficerPasswordChangeView,
)
from kelurahan.officer.views.passport import PassportDayListView, PassportDayRequestView
from kelurahan.officer.views.password import (
    OfficerPasswordResetDoneView,
    OfficerPasswordResetView,
    OfficerPasswordSetDoneView,
    OfficerPasswordSetView,
)
from kelurahan.officer.views.questions import (
    QuestionDetailView,
    QuestionListView,
    QuestionRelayView,
)
from kelurahan.officer.views.reports import (
    ReportCreateView,
    ReportDetailView,
    ReportEditView,
    ReportListView,
    ReportSubmitView,
)
from kelurahan.officer.views.sessions import (
    SessionCancelView,
    SessionDetailView,
    SessionEditView,
    SessionHeldView,
    SessionListView,
    SessionProposeView,
)

__all__ = [
    "DashboardView",
    "OfficerLoginView",
    "OfficerLogoutView",
    "OfficerPasswordChangeDoneView",
    "OfficerPasswordChangeView",
    "OfficerPasswordResetDoneView",
    "OfficerPasswordResetView",
    "OfficerPasswordSetDoneView",
    "OfficerPasswordSetView",
    "PassportDayListView",
    "PassportDayRequestView",
    "QuestionDetailView",
    "QuestionListView",
    "QuestionRelayView",
    "ReportCreateView",
    "ReportDetailView",
    "ReportEditView",
    "ReportListView",
    "ReportSubmitView",
    "SessionCancelView",
    "SessionDetailView",
    "SessionEditView",
    "SessionHeldView",
    "SessionListView",
    "SessionProposeView",
]
