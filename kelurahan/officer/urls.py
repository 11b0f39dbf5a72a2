"""Officer URLs at /petugas/: Indonesian, human-readable paths."""

from django.urls import path

from kelurahan.officer import views

app_name = "officer"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("masuk/", views.OfficerLoginView.as_view(), name="login"),
    path("keluar/", views.OfficerLogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.OfficerPasswordChangeView.as_view(), name="password_change"),
    path(
        "kata-sandi/selesai/",
        views.OfficerPasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("kata-sandi/lupa/", views.OfficerPasswordResetView.as_view(), name="password_reset"),
    path(
        "kata-sandi/lupa/terkirim/",
        views.OfficerPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "kata-sandi/atur/<uidb64>/<token>/",
        views.OfficerPasswordSetView.as_view(),
        name="password_set",
    ),
    path(
        "kata-sandi/atur/selesai/",
        views.OfficerPasswordSetDoneView.as_view(),
        name="password_set_done",
    ),
    path("sosialisasi/", views.SessionListView.as_view(), name="session_list"),
    path("sosialisasi/baru/", views.SessionProposeView.as_view(), name="session_create"),
    path("sosialisasi/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("sosialisasi/<int:pk>/ubah/", views.SessionEditView.as_view(), name="session_edit"),
    path("sosialisasi/<int:pk>/terlaksana/", views.SessionHeldView.as_view(), name="session_held"),
    path("sosialisasi/<int:pk>/batal/", views.SessionCancelView.as_view(), name="session_cancel"),
    path("layanan-paspor/", views.PassportDayListView.as_view(), name="passport_list"),
    path("layanan-paspor/baru/", views.PassportDayRequestView.as_view(), name="passport_create"),
    path("laporan/", views.ReportListView.as_view(), name="report_list"),
    path("laporan/baru/", views.ReportCreateView.as_view(), name="report_create"),
    path("laporan/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("laporan/<int:pk>/ubah/", views.ReportEditView.as_view(), name="report_edit"),
    path("laporan/<int:pk>/kirim/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("pertanyaan/", views.QuestionListView.as_view(), name="question_list"),
    path("pertanyaan/baru/", views.QuestionRelayView.as_view(), name="question_create"),
    path("pertanyaan/<int:pk>/", views.QuestionDetailView.as_view(), name="question_detail"),
]
