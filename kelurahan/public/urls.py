"""Public URLs: printed on posters and in QR codes, so they stay stable and Indonesian."""

from django.urls import path, re_path

from kelurahan.public.cache import public_page
from kelurahan.public.views import calendar as calendar_views
from kelurahan.public.views import (
    directory,
    opendata,
    passport,
    printouts,
    questions,
    tips,
)
from kelurahan.public.views import pages as views
from kelurahan.public.views.feeds import SessionsAtomFeed, SessionsRssFeed
from kelurahan.public.views.renamed import follow_renamed_slug

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("kelurahan/", views.directory, name="directory"),
    path("kelurahan/<slug:slug>/", follow_renamed_slug(views.kelurahan_detail), name="kelurahan"),
    # /k/3171031002 and /k/3171031002/ both work; reverse() gives the form without the slash.
    re_path(r"^k/(?P<kode>[0-9]{10})/?$", views.short_link, name="short"),
    path("sosialisasi/<int:pk>/", views.session_detail, name="session"),
    path("edukasi/", views.article_list, name="articles"),
    path("edukasi/<slug:slug>/", views.article_detail, name="article"),
    path("edukasi/<slug:slug>/cetak/", views.article_print, name="article_print"),
    path("aksesibilitas/", views.accessibility, name="accessibility"),
]

# The directory by region: provinsi, kabupaten/kota, kecamatan (public/views/directory.py).
urlpatterns += [
    path("wilayah/<slug:provinsi>/", directory.provinsi, name="provinsi"),
    path("wilayah/<slug:provinsi>/<slug:kota>/", directory.kota, name="kota"),
    path(
        "wilayah/<slug:provinsi>/<slug:kota>/<slug:kecamatan>/",
        directory.kecamatan,
        name="kecamatan",
    ),
]

# Calendar feeds, posters, QR codes and attendance sheets: printed, so stable too.
urlpatterns += [
    path("jadwal.ics", calendar_views.calendar_feed, name="calendar"),
    path(
        "kelurahan/<slug:slug>/jadwal.ics",
        follow_renamed_slug(calendar_views.kelurahan_calendar),
        name="kelurahan_calendar",
    ),
    path(
        "kelurahan/<slug:slug>/poster.pdf",
        follow_renamed_slug(printouts.kelurahan_poster),
        name="kelurahan_poster",
    ),
    re_path(
        r"^kelurahan/(?P<slug>[-a-zA-Z0-9_]+)/qr\.(?P<fmt>png|svg)$",
        follow_renamed_slug(printouts.kelurahan_qr),
        name="kelurahan_qr",
    ),
    path(
        "sosialisasi/<int:pk>/jadwal.ics", calendar_views.session_calendar, name="session_calendar"
    ),
    re_path(
        r"^sosialisasi/(?P<pk>[0-9]+)/qr\.(?P<fmt>png|svg)$",
        printouts.session_qr,
        name="session_qr",
    ),
    path(
        "sosialisasi/<int:pk>/daftar-hadir.pdf",
        printouts.session_attendance_sheet,
        name="session_attendance_sheet",
    ),
]

# Open data and feeds for residents and journalists.
urlpatterns += [
    path("data/", opendata.opendata_page, name="opendata"),
    path("data/statistik.csv", opendata.statistics_csv, name="opendata_csv"),
    path("data/statistik.json", opendata.statistics_json, name="opendata_json"),
    path("data/laporan.csv", opendata.reports_csv, name="opendata_reports_csv"),
    path("data/datapackage.json", opendata.datapackage_json, name="opendata_datapackage"),
    path("sosialisasi/feed/rss/", public_page(SessionsRssFeed()), name="sessions_rss"),
    path("sosialisasi/feed/atom/", public_page(SessionsAtomFeed()), name="sessions_atom"),
]

# The anonymous tip line and its privacy page (kelurahan/public/views/tips.py).
urlpatterns += [
    path("lapor/", tips.tip_form, name="tip"),
    path("lapor/status/", tips.tip_status, name="tip_status"),
    path("privasi/", tips.privacy, name="privacy"),
]

# Residents' questions (protected like the tip line) and the public answers (questions.py).
urlpatterns += [
    path("tanya/", questions.question_ask, name="question_ask"),
    path("tanya/status/", questions.question_status, name="question_status"),
    path("tanya-jawab/", questions.faq, name="faq"),
    path("tanya-jawab/<int:pk>/", questions.faq_entry, name="faq_entry"),
    path("tanya-jawab/<int:pk>/cetak/", questions.faq_entry_print, name="faq_entry_print"),
]

# Passport service days at the kelurahan, "Eazy Passport" (kelurahan/public/views/passport.py).
urlpatterns += [
    path("layanan-paspor/", passport.passport_days, name="passport_days"),
    path("layanan-paspor/<int:pk>/", passport.passport_day, name="passport_day"),
    path(
        "layanan-paspor/<int:pk>/pengumuman.pdf",
        passport.passport_day_notice,
        name="passport_day_notice",
    ),
]
