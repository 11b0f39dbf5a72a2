"""Staff onboard kelurahan officers and help them with their accounts, never seeing a password."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse

from kelurahan.models import KelurahanOfficer, LiaisonOfficer
from kelurahan.services.delivery import deliver_due
from tests.support import factories
from tests.support.adminpages import url

NEW_PASSWORD = "kebon-kosong-aman-2025"  # noqa: S105
LINK = re.compile(r"http://\S+/petugas/kata-sandi/atur/\S+/")
OFFICER_LOGIN = "/petugas/masuk/"


def sent() -> list:
    """The e-mails the outbox's worker delivered (one delivery pass first)."""
    deliver_due()
    return mail.outbox


def onboard(client, kelurahan, capture, **fields):
    """Fill in the add form twice, as staff do: the first answer suggests the username."""
    data = {
        "name": "Sari Wulandari",
        "email": "sari@kebonkosong.example",
        "phone": "021-4200001",
        "kelurahan": kelurahan.pk,
        "position": KelurahanOfficer.Position.KASI_PEMERINTAHAN,
        **fields,
    }
    first = client.post(url(KelurahanOfficer, "add"), data)
    if first.status_code != 200:
        return first, None
    suggested = first.context["adminform"].form["username"].value()
    with capture(execute=True):
        second = client.post(url(KelurahanOfficer, "add"), {**data, "username": suggested})
    return second, suggested


def link_in(message) -> str:
    return LINK.search(message.body).group(0)


def set_password(client, link: str, password: str = NEW_PASSWORD):
    """Open the one-time link and choose a password, as the officer does."""
    form_page = client.get(link, follow=True)
    return client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )


def log_in(client, username, password=NEW_PASSWORD):
    client.logout()
    client.post(OFFICER_LOGIN, {"username": username, "password": password})
    return SESSION_KEY in client.session


def test_onboarding_staff_create_officer_who_sets_a_password_by_link(
    client, staff_user, kebon_kosong, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    response, username = onboard(client, kebon_kosong, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert username == "petugas.kebonkosong"
    user = get_user_model().objects.get(username=username)
    assert not user.has_usable_password() and not user.is_staff
    assert user.kelurahan_officer.kelurahan == kebon_kosong
    assert user.get_full_name() == "Sari Wulandari"
    assert not log_in(client, username, "")  # no password works before the officer sets one

    [message] = sent()
    assert message.to == ["sari@kebonkosong.example"]
    assert username in message.body
    client.logout()
    assert set_password(client, link_in(message)).status_code == 302
    assert log_in(client, username)


def test_onboarding_suggests_a_free_username(
    client, staff_user, kebon_kosong, django_capture_on_commit_callbacks
):
    factories.kelurahan_officer(kebon_kosong, username="petugas.kebonkosong")
    client.force_login(staff_user)
    response, username = onboard(client, kebon_kosong, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert username == "petugas.kebonkosong.sari"


def test_onboarding_records_who_created_the_account(
    client, staff_user, kebon_kosong, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    _response, username = onboard(client, kebon_kosong, django_capture_on_commit_callbacks)
    user = get_user_model().objects.get(username=username)
    entries = LogEntry.objects.get_for_object(user)
    assert entries.filter(action=LogEntry.Action.CREATE, actor=staff_user).exists()
    events = [str(entry.changes) for entry in entries.filter(actor=staff_user)]
    assert any("password link sent" in event for event in events)
    # The password is masked in the trail and never typed by staff.
    assert all("pbkdf2" not in str(entry.changes) for entry in entries)


def test_onboarding_offers_only_kelurahan_of_the_staff_members_office(
    client, staff_user, kebon_kosong
):
    elsewhere = factories.kelurahan(office=factories.office(), name="Kelurahan Lain")
    client.force_login(staff_user)
    page = client.get(url(KelurahanOfficer, "add"))
    choices = page.context["adminform"].form.fields["kelurahan"].queryset
    assert kebon_kosong in choices and elsewhere not in choices
    response = client.post(
        url(KelurahanOfficer, "add"),
        {"name": "X", "email": "x@example.test", "username": "x.y", "kelurahan": elsewhere.pk},
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="x.y").exists()


def test_onboarding_refuses_an_email_address_already_in_use(client, staff_user, kebon_kosong):
    factories.user("lama", email="sari@kebonkosong.example")
    client.force_login(staff_user)
    response = client.post(
        url(KelurahanOfficer, "add"),
        {
            "name": "Sari",
            "email": "SARI@kebonkosong.example",
            "username": "petugas.baru",
            "kelurahan": kebon_kosong.pk,
            "position": KelurahanOfficer.Position.STAFF,
        },
    )
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors


def test_onboarding_link_works_once_and_for_three_days(
    client, staff_user, kebon_kosong, django_capture_on_commit_callbacks, monkeypatch
):
    client.force_login(staff_user)
    onboard(client, kebon_kosong, django_capture_on_commit_callbacks)
    link = link_in(sent()[0])
    client.logout()
    later = datetime.datetime.now() + datetime.timedelta(days=3, minutes=1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    expired = client.get(link, follow=True)
    assert expired.context["validlink"] is False
    monkeypatch.undo()
    assert set_password(client, link).status_code == 302
    used = client.get(link, follow=True)
    assert used.context["validlink"] is False
    assert "tidak berlaku lagi" in used.content.decode()


def act(client, model, action, rows):
    return client.post(
        url(model, "changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [row.pk for row in rows], "index": 0},
    )


def test_staff_resend_the_password_link(
    client, staff_user, officer_kebon_kosong, django_capture_on_commit_callbacks
):
    user = officer_kebon_kosong.user
    user.email = "petugas@kebonkosong.example"
    user.save()
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        act(client, KelurahanOfficer, "send_password_link", [officer_kebon_kosong])
    [message] = sent()
    assert message.to == ["petugas@kebonkosong.example"]
    client.logout()
    set_password(client, link_in(message))
    assert log_in(client, user.username)
    assert not log_in(client, user.username, factories.PASSWORD)  # the old one is gone


def test_staff_deactivate_an_officer(client, staff_user, officer_kebon_kosong):
    client.force_login(staff_user)
    act(client, KelurahanOfficer, "deactivate_account", [officer_kebon_kosong])
    user = get_user_model().objects.get(pk=officer_kebon_kosong.user_id)
    assert not user.is_active
    client.logout()
    assert not log_in(client, user.username, factories.PASSWORD)
    entry = LogEntry.objects.get_for_object(user).latest("timestamp")
    assert entry.actor == staff_user and "is_active" in entry.changes_dict


def test_staff_lift_an_officers_lockout(client, staff_user, officer_kebon_kosong):
    username = officer_kebon_kosong.user.username
    for _ in range(5):
        client.post(
            OFFICER_LOGIN, {"username": username, "password": "salah"}, REMOTE_ADDR="192.0.2.5"
        )
    locked = client.post(
        OFFICER_LOGIN,
        {"username": username, "password": factories.PASSWORD},
        REMOTE_ADDR="192.0.2.5",
    )
    assert locked.status_code == 429
    AccessAttempt.objects.create(
        username="orang.lain",
        ip_address="192.0.2.6",
        user_agent="t",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    client.force_login(staff_user)
    act(client, KelurahanOfficer, "lift_lockout", [officer_kebon_kosong])
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["orang.lain"]
    client.logout()
    client.post(
        OFFICER_LOGIN,
        {"username": username, "password": factories.PASSWORD},
        REMOTE_ADDR="192.0.2.5",
    )
    assert SESSION_KEY in client.session
    events = [str(entry.changes) for entry in LogEntry.objects.filter(actor=staff_user)]
    assert any("login lockout lifted" in event for event in events)


def test_staff_cannot_help_another_offices_officer(
    client, other_office_staff, officer_kebon_kosong
):
    client.force_login(other_office_staff)
    act(client, KelurahanOfficer, "deactivate_account", [officer_kebon_kosong])
    assert get_user_model().objects.get(pk=officer_kebon_kosong.user_id).is_active


def test_staff_cannot_create_staff_accounts(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("admin:auth_user_add")).status_code == 403
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "staf.baru", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="staf.baru").exists()


@pytest.fixture
def pimpasa(db):
    """A liaison officer whose staff account a superuser created without a password."""
    account = get_user_model().objects.create_user(
        "rizky.pimpasa", email="rizky@imigrasi.example", is_staff=True
    )
    return factories.liaison_officer(name="Rizky Pratama", user=account)


def test_pimpasa_account_gets_the_same_link_from_staff(
    client, staff_user, pimpasa, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        act(client, LiaisonOfficer, "send_password_link", [pimpasa])
    [message] = sent()
    assert message.to == ["rizky@imigrasi.example"]
    client.logout()
    set_password(client, link_in(message))
    assert get_user_model().objects.get(username="rizky.pimpasa").check_password(NEW_PASSWORD)
