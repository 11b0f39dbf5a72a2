"""Server errors and silent refusals the fuzz tests found, each pinned by a plain example."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from kelurahan import services
from kelurahan.models import OutreachSession, ReportUpdate
from kelurahan.officer.forms import SessionForm
from kelurahan.services.tips import format_receipt

TOO_BIG_ID = str(2**63)  # one more than the largest BigAutoField value


def test_session_form_refuses_an_id_too_large_for_the_database(officer_kebon_kosong):
    """SQLite raised OverflowError (a 500) for such an id in a checkbox list."""
    kelurahan = officer_kebon_kosong.kelurahan
    for field in ("topics", "speakers", "partners"):
        form = SessionForm({field: [TOO_BIG_ID]}, kelurahan=kelurahan)
        assert not form.is_valid()
        assert field in form.errors


def test_session_propose_page_refuses_an_id_too_large_for_the_database(officer_kebon_kosong):
    client = Client()
    client.force_login(officer_kebon_kosong.user)
    data = {"title": "Sosialisasi", "partners": [TOO_BIG_ID, "-" + TOO_BIG_ID]}
    response = client.post(reverse("officer:session_create"), data)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not OutreachSession.objects.exists()


def test_language_switch_survives_a_next_address_that_is_not_a_url(db):
    """urlsplit() raises ValueError for "//[" (an unclosed IPv6 host): it was a 500."""
    for broken in ("//[", "http://[::1", "https://[x]y/"):
        response = Client().post(reverse("set_language"), {"language": "en", "next": broken})
        assert response.status_code == 302
        assert response["Location"] == "/en/"
        response = Client().post(reverse("set_language"), {"language": "en"}, HTTP_REFERER=broken)
        assert response.status_code == 302


def test_information_for_a_closed_tip_is_refused_with_a_message(staff_user):
    """The error was attached to a form the page does not show for closed reports."""
    tip, code = services.tip_submit(observed="Perekrut menawarkan kerja ke luar negeri.")
    services.report_start_review(report=tip, by=staff_user)
    services.report_close(report=tip, by=staff_user)
    data = {"code": format_receipt(code), "message": "Saya melihatnya lagi kemarin."}
    response = Client().post(reverse("public:tip_status"), data)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert not ReportUpdate.objects.filter(report=tip, reporter_message__gt="").exists()


@pytest.mark.parametrize("url", ["officer:login", "admin:login"])
def test_login_refuses_a_username_longer_than_any_account(officer_kebon_kosong, url):
    """Django checked the length in the browser only; axes then failed to store the name."""
    data = {"username": "x" * 300, "password": "wrong-password-123"}
    response = Client().post(reverse(url), data)
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not AccessAttempt.objects.exists()
