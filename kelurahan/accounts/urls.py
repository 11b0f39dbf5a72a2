"""Account pages at /akun/: staff two-factor enrolment and the code step."""

from django.urls import path

from kelurahan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dua-langkah/", views.OtpEnrolView.as_view(), name="otp_enrol"),
    path("dua-langkah/kode/", views.OtpVerifyView.as_view(), name="otp_verify"),
]
