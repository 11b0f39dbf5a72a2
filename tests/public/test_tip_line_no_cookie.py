"""The tip line sets no cookie anywhere, errors included, and leaves a staff session alone."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from kelurahan import services

MISSING = ("/lapor/xyz/", "/en/lapor/xyz/", "/lapor/status/abc/")


def assert_tip_line_answer(response):
    assert not response.cookies, response.cookies
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("path", MISSING)
def test_tip_line_404_sets_no_cookie_and_switches_language_with_links(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert_tip_line_answer(response)
    page = response.content.decode()
    assert "csrfmiddlewaretoken" not in page and "/i18n/setlang/" not in page
    other = 'lang="en"' if not path.startswith("/en/") else 'lang="id"'
    assert 'class="language-switch"' in page and other in page


def test_tip_line_other_errors_are_no_store_and_no_referrer(client, db, monkeypatch):
    assert_tip_line_answer(client.put("/lapor/"))  # 405
    assert_tip_line_answer(client.get("/lapor"))  # redirect to /lapor/

    def broken(code):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "tip_find", broken)
    client.raise_request_exception = False
    failed = client.post("/lapor/status/", {"code": "1234"})
    assert failed.status_code == 500
    assert_tip_line_answer(failed)


def test_officer_404_switches_language_with_links_too(client, db):
    response = client.get("/petugas/tidak-ada/")
    assert response.status_code == 404
    assert not response.cookies and "csrfmiddlewaretoken" not in response.content.decode()


def test_staff_session_is_not_refreshed_by_the_tip_line(client, staff_user):
    client.force_login(staff_user)
    key = client.session.session_key
    expires = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=expires)
    page = client.get("/lapor/")
    stamp = page.content.decode().split('name="stamp" value="')[1].split('"')[0]
    sent = client.post("/lapor/", {"observed": "Ada calo di terminal.", "stamp": stamp})
    for response in (page, sent, client.get("/lapor/status/"), client.get("/lapor/xyz/")):
        assert_tip_line_answer(response)
        assert not response.wsgi_request.user.is_authenticated  # the tip line sees no one
    assert Session.objects.get(session_key=key).expire_date == expires
    # The session itself still works elsewhere.
    assert client.get("/petugas/").wsgi_request.user == staff_user
