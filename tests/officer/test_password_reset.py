"""Officers reset a forgotten password from /petugas/masuk/: same answer for every address."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from kelurahan.services.delivery import deliver_due
from tests.support import factories

RESET = "/petugas/kata-sandi/lupa/"
DONE = "/petugas/kata-sandi/lupa/terkirim/"


def sent() -> list:
    """The e-mails the outbox's worker delivered (one delivery pass first)."""
    deliver_due()
    return mail.outbox


@pytest.fixture
def officer_with_email(officer_kebon_kosong):
    user = officer_kebon_kosong.user
    user.email = "petugas@kebonkosong.example"
    user.save()
    return user


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def ask(client, email, ip="192.0.2.20"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip, follow=True)


def test_password_reset_login_page_links_to_it(client, db):
    page = client.get("/petugas/masuk/").content.decode()
    assert f'href="{RESET}"' in page


def test_password_reset_same_answer_whether_the_address_exists_or_not(client, officer_with_email):
    known = ask(client, "PETUGAS@kebonkosong.example")
    unknown = ask(client, "tidak.ada@example.test")
    assert known.redirect_chain == unknown.redirect_chain == [(DONE, 302)]
    assert without_csrf(known) == without_csrf(unknown)
    [message] = sent()
    assert message.to == ["petugas@kebonkosong.example"]
    assert "/petugas/kata-sandi/atur/" in message.body


def test_password_reset_is_rate_limited_per_address_and_email(client, officer_with_email, settings):
    settings.PASSWORD_RESET_RATE_LIMIT_PER_HOUR = 3
    answers = [ask(client, officer_with_email.email).redirect_chain for _ in range(5)]
    assert answers == [[(DONE, 302)]] * 5  # held-back requests look the same
    assert len(sent()) == 3
    ask(client, officer_with_email.email, ip="192.0.2.21")  # another client is not held back
    assert len(sent()) == 4


def test_password_reset_never_mails_superusers_or_plain_staff(client, db):
    factories.superuser("akar")
    get_user_model().objects.filter(username="akar").update(email="akar@example.test")
    factories.staff(username="staf.x", email="staf@example.test")
    ask(client, "akar@example.test")
    ask(client, "staf@example.test")
    assert sent() == []


def test_password_reset_never_mails_a_deactivated_officer(client, officer_with_email):
    officer_with_email.is_active = False
    officer_with_email.save()
    ask(client, officer_with_email.email)
    assert sent() == []
