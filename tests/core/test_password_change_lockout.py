"""A wrong old password on a password-change form counts as a failed login.

Both forms (the officer's /petugas/kata-sandi/ and the admin's own) used to accept wrong old
passwords without limit: a stolen session was a password oracle. Now the fifth wrong one ends
the session and pauses the account for that address, as five wrong logins do.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client

from tests.support import factories

OFFICE_IP = "192.0.2.10"
OTHER_IP = "192.0.2.99"
WRONG = "WRONG-OLD-PASSWORD-4471"  # noqa: S105
NEW = "kata-sandi-baru-yang-panjang-2025"  # noqa: S105
OFFICER_PAGE = "/petugas/kata-sandi/"
ADMIN_PAGE = "/" + settings.ADMIN_URL + "password_change/"
FORMS = [
    pytest.param("officer", OFFICER_PAGE, "/petugas/masuk/", id="officer"),
    pytest.param("staff", ADMIN_PAGE, "/" + settings.ADMIN_URL + "login/", id="admin"),
]


@pytest.fixture
def account(request, db):
    """Who changes the password on each form: a kelurahan officer, or office staff."""
    if request.param == "officer":
        return factories.kelurahan_officer(username="petugas.ganti").user
    return factories.staff(username="staf.ganti")


def change(client, page, old, ip=OFFICE_IP):
    data = {"old_password": old, "new_password1": NEW, "new_password2": NEW}
    return client.post(page, data, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


@pytest.mark.parametrize(("account", "page", "login"), FORMS, indirect=["account"])
def test_password_change_fifth_wrong_old_password_ends_the_session(client, account, page, login):
    client.force_login(account)

    statuses = [change(client, page, WRONG).status_code for _ in range(5)]

    assert statuses[:4] == [200] * 4
    assert statuses[4] == 429
    assert not logged_in(client)
    assert AccessAttempt.objects.get(username=account.username).failures_since_start == 5
    # The old password still works: it was never changed.
    account.refresh_from_db()
    assert account.check_password(factories.PASSWORD)


@pytest.mark.parametrize(("account", "page", "login"), FORMS, indirect=["account"])
def test_password_change_lockout_page_links_to_the_login(client, account, page, login):
    client.force_login(account)
    for _ in range(4):
        change(client, page, WRONG)

    response = change(client, page, WRONG)

    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert f'href="{login}"' in response.content.decode()


@pytest.mark.parametrize(("account", "page", "login"), FORMS, indirect=["account"])
def test_password_change_lockout_pauses_the_login_too(client, account, page, login):
    client.force_login(account)
    for _ in range(5):
        change(client, page, WRONG)

    right = {"username": account.username, "password": factories.PASSWORD}
    paused = client.post(login, right, REMOTE_ADDR=OFFICE_IP)
    elsewhere = client.post(login, right, REMOTE_ADDR=OTHER_IP)

    assert paused.status_code == 429
    assert elsewhere.status_code == 302  # username AND address, as for the login pages


@pytest.mark.parametrize(("account", "page", "login"), FORMS, indirect=["account"])
def test_password_change_paused_account_is_not_asked_again(client, account, page, login):
    """Another session of the same account, from the same address, is ended on its next try."""
    other = Client()
    other.force_login(account)
    client.force_login(account)
    for _ in range(5):
        change(client, page, WRONG)

    response = change(other, page, factories.PASSWORD)

    assert response.status_code == 429
    assert not logged_in(other)
    account.refresh_from_db()
    assert account.check_password(factories.PASSWORD)


@pytest.mark.parametrize(("account", "page", "login"), FORMS, indirect=["account"])
def test_password_change_right_old_password_still_changes_it(client, account, page, login):
    client.force_login(account)
    for _ in range(3):
        change(client, page, WRONG)

    response = change(client, page, factories.PASSWORD)

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password(NEW)
