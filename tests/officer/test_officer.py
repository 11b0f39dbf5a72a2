"""Officer pages at /petugas/: logging in, the dashboard, and who may open what."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kelurahan import services
from kelurahan.models import AwarenessReport, OutreachSession
from tests.support import factories
from tests.support.officerpages import logged_in
from tests.support.publicpages import text

pytestmark = pytest.mark.django_db


# Logging in and out


def test_officer_urls_are_indonesian_paths():
    assert reverse("officer:login") == "/petugas/masuk/"
    assert reverse("officer:logout") == "/petugas/keluar/"
    assert reverse("officer:dashboard") == "/petugas/"
    assert reverse("officer:password_change") == "/petugas/kata-sandi/"
    assert reverse("officer:session_held", args=[7]) == "/petugas/sosialisasi/7/terlaksana/"
    assert reverse("officer:report_submit", args=[7]) == "/petugas/laporan/7/kirim/"


def test_login_page_renders_and_officer_lands_on_dashboard(client, officer_kebon_kosong):
    page = client.get(reverse("officer:login"))
    assert page.status_code == 200
    assert 'name="username"' in text(page)
    assert "css/officer.css" in text(page)

    response = client.post(
        reverse("officer:login"),
        {"username": "petugas.kebonkosong", "password": factories.PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("officer:dashboard")
    assert "Kebon Kosong" in text(response)


def test_login_with_wrong_password_stays_on_login(client, officer_kebon_kosong):
    response = client.post(
        reverse("officer:login"), {"username": "petugas.kebonkosong", "password": "salah"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_logout_works_by_post_only(client, officer_kebon_kosong):
    logged_in(client, officer_kebon_kosong)
    assert client.get(reverse("officer:logout")).status_code == 405
    response = client.post(reverse("officer:logout"))
    assert response.status_code == 302
    after = client.get(reverse("officer:dashboard"))
    assert after.status_code == 302
    assert after.url.startswith(reverse("officer:login"))


def test_password_change_works(client, officer_kebon_kosong):
    logged_in(client, officer_kebon_kosong)
    assert client.get(reverse("officer:password_change")).status_code == 200
    new_password = "kata-sandi-baru-2024!"
    response = client.post(
        reverse("officer:password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("officer:password_change_done")
    assert client.get(response.url).status_code == 200
    officer_kebon_kosong.user.refresh_from_db()
    assert officer_kebon_kosong.user.check_password(new_password)


# Dashboard


def test_dashboard_shows_own_sessions_and_reports_only(
    client, kebon_kosong, gambir, officer_kebon_kosong, officer_gambir
):
    factories.session(kebon_kosong, title="Sosialisasi Kebon Kosong")
    factories.session(gambir, title="Sosialisasi Gambir")
    mine = factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user)
    draft = factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user, submit=False)
    theirs = factories.report(gambir, filed_by=officer_gambir.user)

    response = logged_in(client, officer_kebon_kosong).get(reverse("officer:dashboard"))

    page = text(response)
    assert "Sosialisasi Kebon Kosong" in page
    assert "Sosialisasi Gambir" not in page
    assert mine.reference in page and draft.reference in page
    assert theirs.reference not in page
    assert list(response.context["reports"]) == [draft, mine]  # drafts first
    assert response.context["kelurahan"] == kebon_kosong


def test_dashboard_shows_binaan_status(client, kebon_kosong, officer_kebon_kosong, staff_user):
    services.kelurahan_designate(
        kelurahan=kebon_kosong, by=staff_user, since=datetime.date(2024, 6, 12), sk_number="SK-1"
    )
    response = logged_in(client, officer_kebon_kosong).get(reverse("officer:dashboard"))
    assert response.context["kelurahan"].is_binaan
    assert "2024" in text(response)


def test_incomplete_held_session_shows_on_dashboard_with_link(
    client, kebon_kosong, officer_kebon_kosong
):
    session = factories.held_session(kebon_kosong, summary="", attendance_total=None)
    assert session.attendance_total == 45  # computed from men and women
    response = logged_in(client, officer_kebon_kosong).get(reverse("officer:dashboard"))
    assert list(response.context["incomplete_sessions"]) == [session]
    assert reverse("officer:session_held", args=[session.pk]) in text(response)


def test_past_planned_session_asks_for_results(client, kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, days_from_now=-2)
    response = logged_in(client, officer_kebon_kosong).get(reverse("officer:dashboard"))
    assert list(response.context["awaiting_result"]) == [session]
    assert reverse("officer:session_held", args=[session.pk]) in text(response)


# Who may open what


def _kebon_kosong_urls(kebon_kosong, officer) -> list[str]:
    planned = factories.session(kebon_kosong, days_from_now=-1)
    draft = factories.report(kebon_kosong, filed_by=officer.user, submit=False)
    return [
        reverse("officer:session_detail", args=[planned.pk]),
        reverse("officer:session_edit", args=[planned.pk]),
        reverse("officer:session_held", args=[planned.pk]),
        reverse("officer:session_cancel", args=[planned.pk]),
        reverse("officer:report_detail", args=[draft.pk]),
        reverse("officer:report_edit", args=[draft.pk]),
        reverse("officer:report_submit", args=[draft.pk]),
    ]


OFFICER_PAGES = [
    "officer:dashboard",
    "officer:password_change",
    "officer:password_change_done",
    "officer:session_list",
    "officer:session_create",
    "officer:report_list",
    "officer:report_create",
]


def test_officer_pages_use_our_stylesheets_and_no_bootstrap(client, officer_kebon_kosong):
    pages = [client.get(reverse("officer:login"))]
    logged_in(client, officer_kebon_kosong)
    pages += [client.get(reverse(name)) for name in OFFICER_PAGES]
    # A form sent with a mistake: the field's error is marked for our stylesheet to show.
    pages.append(client.post(reverse("officer:report_create"), {"people_at_risk": "many"}))

    for page in pages:
        assert page.status_code == 200
        html = text(page)
        assert "css/site.css" in html and "css/officer.css" in html
        assert "bootstrap" not in html.lower()
    form = text(pages[-1])
    assert "form-control is-invalid" in form and 'class="invalid-feedback"' in form


def test_other_kelurahan_officer_gets_404_everywhere(
    client, kebon_kosong, officer_kebon_kosong, officer_gambir
):
    urls = _kebon_kosong_urls(kebon_kosong, officer_kebon_kosong)
    logged_in(client, officer_gambir)
    for url in urls:
        assert client.get(url).status_code == 404, url
        post = client.post(url, {"cancel_reason": "x", "category": "tppo", "action": "submit"})
        assert post.status_code == 404, url
    assert OutreachSession.objects.get().status == OutreachSession.Status.PLANNED
    assert AwarenessReport.objects.get().status == AwarenessReport.Status.DRAFT


def test_anonymous_is_sent_to_login_everywhere(client, kebon_kosong, officer_kebon_kosong):
    urls = [reverse(name) for name in OFFICER_PAGES]
    urls += _kebon_kosong_urls(kebon_kosong, officer_kebon_kosong)
    login = reverse("officer:login")
    for url in urls:
        for response in (client.get(url), client.post(url, {"cancel_reason": "x"})):
            assert response.status_code == 302, url
            assert response.url == f"{login}?next={url}"


def test_staff_without_officer_profile_gets_403(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    urls = [reverse(name) for name in OFFICER_PAGES]
    urls += _kebon_kosong_urls(kebon_kosong, officer_kebon_kosong)
    client.force_login(staff_user)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "officer/forbidden.html" in [t.name for t in response.templates]
        assert reverse("admin:index") in text(response)


def test_user_without_any_profile_gets_403(client):
    client.force_login(get_user_model().objects.create_user("warga", password="x" * 12))
    response = client.get(reverse("officer:dashboard"))
    assert response.status_code == 403
    assert reverse("admin:index") not in text(response)
