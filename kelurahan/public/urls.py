"""Public URLs: printed on posters and in QR codes, so they stay stable and Indonesian."""

from django.urls import path, re_path

from kelurahan.public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("kelurahan/", views.directory, name="directory"),
    path("kelurahan/<slug:slug>/", views.kelurahan_detail, name="kelurahan"),
    # /k/3171031002 and /k/3171031002/ both work; reverse() gives the form without the slash.
    re_path(r"^k/(?P<kode>[0-9]{10})/?$", views.short_link, name="short"),
    path("sosialisasi/<int:pk>/", views.session_detail, name="session"),
    path("edukasi/", views.article_list, name="articles"),
    path("edukasi/<slug:slug>/", views.article_detail, name="article"),
]
