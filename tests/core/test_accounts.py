"""Accounts: login lockout (django-axes), staff two-factor (django-otp), passwords, sessions."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.support import factories

OFFICE_IP = "192.0.2.10"
OTHER_IP = "192.0.2.99"
WRONG_PASSWORD = "WRONG-PASSWORD-MARKER-7731"  # noqa: S105
OFFICER_LOGIN = "/petugas/masuk/"
ADMIN = "/" + settings.ADMIN_URL
ADMIN_LOGIN = ADMIN + "login/"


def attempt(client, url, username, password=factories.PASSWORD, ip=OFFICE_IP):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail_five_times(client, url, username, ip=OFFICE_IP):
    """Five wrong passwords: the first four show the form again, the fifth locks."""
    statuses = [attempt(client, url, username, WRONG_PASSWORD, ip).status_code for _ in range(5)]
    assert statuses[:4] == [200] * 4
    return statuses[4]


def is_logged_in(client) -> bool:
    return SESSION_KEY in client.session


def totp_token(device) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


# Lockout: 5 failures for one username from one address


@pytest.mark.parametrize("url", [OFFICER_LOGIN, ADMIN_LOGIN])
def test_lockout_refuses_the_right_password_after_five_failures(client, url, staff_user):
    assert fail_five_times(client, url, "staf.jakpus") == 429
    response = attempt(client, url, "staf.jakpus")
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert not is_logged_in(client)


@pytest.mark.parametrize("url", [OFFICER_LOGIN, ADMIN_LOGIN])
def test_lockout_same_username_from_another_address_still_logs_in(client, url, staff_user):
    fail_five_times(client, url, "staf.jakpus")
    response = attempt(client, url, "staf.jakpus", ip=OTHER_IP)
    assert response.status_code == 302
    assert is_logged_in(client)


@pytest.mark.parametrize("url", [OFFICER_LOGIN, ADMIN_LOGIN])
def test_lockout_other_user_behind_the_same_address_is_not_locked(client, url, staff_user):
    factories.staff(username="staf.kedua")
    fail_five_times(client, url, "staf.jakpus")
    response = attempt(client, url, "staf.kedua")
    assert response.status_code == 302
    assert is_logged_in(client)


def test_lockout_page_says_how_long_to_wait(client, officer_kebon_kosong):
    fail_five_times(client, OFFICER_LOGIN, "petugas.kebonkosong")
    response = attempt(client, OFFICER_LOGIN, "petugas.kebonkosong")
    page = response.content.decode()
    assert response.context["minutes"] == 15 and "15" in page
    assert f'href="{OFFICER_LOGIN}"' in page
    assert '<html lang="id">' in page  # the portal's own page, not axes' plain text


def test_lockout_ends_after_the_cool_off(client, officer_kebon_kosong):
    fail_five_times(client, OFFICER_LOGIN, "petugas.kebonkosong")
    assert attempt(client, OFFICER_LOGIN, "petugas.kebonkosong").status_code == 429
    later = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=later)
    response = attempt(client, OFFICER_LOGIN, "petugas.kebonkosong")
    assert response.status_code == 302 and response.url == reverse("officer:dashboard")


def test_lockout_success_before_the_limit_resets_the_count(client, officer_kebon_kosong):
    for _ in range(4):
        attempt(client, OFFICER_LOGIN, "petugas.kebonkosong", WRONG_PASSWORD)
    assert attempt(client, OFFICER_LOGIN, "petugas.kebonkosong").status_code == 302
    assert not AccessAttempt.objects.exists()


def test_lockout_each_failure_is_logged_once_without_the_password(client, caplog, staff_user):
    caplog.set_level(logging.INFO)
    for number in range(1, 4):
        attempt(client, ADMIN_LOGIN, "staf.jakpus", WRONG_PASSWORD)
        failures = [r for r in caplog.records if "login failure by" in r.getMessage()]
        assert len(failures) == number
    assert len([r for r in caplog.records if r.name.startswith("axes")]) == 3
    assert WRONG_PASSWORD not in caplog.text
    assert OFFICE_IP not in caplog.text  # axes masks the address and username in its logs


def test_lockout_tables_never_hold_the_password(client, officer_kebon_kosong):
    fail_five_times(client, OFFICER_LOGIN, "petugas.kebonkosong")
    attempt(client, OFFICER_LOGIN, "petugas.kebonkosong")
    stored = AccessAttempt.objects.get()
    assert stored.failures_since_start == 6
    assert WRONG_PASSWORD not in stored.post_data
    assert factories.PASSWORD not in stored.post_data
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump = repr(cursor.fetchall())
            assert WRONG_PASSWORD not in dump and factories.PASSWORD not in dump, table


def test_lockout_successful_logins_leave_no_access_log(client, officer_kebon_kosong):
    attempt(client, OFFICER_LOGIN, "petugas.kebonkosong")
    assert is_logged_in(client)
    assert not AccessLog.objects.exists()
    assert not AccessFailureLog.objects.exists()


# Staff two-factor


@pytest.fixture
def otp_required(settings):
    settings.STAFF_OTP_REQUIRED = True


def test_otp_is_off_by_default_in_tests(client, staff_user):
    assert settings.STAFF_OTP_REQUIRED is False
    client.force_login(staff_user)
    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db  # the users come from getfixturevalue, unseen when tests are ordered
@pytest.mark.parametrize("who", ["staff_user", "superuser"])
def test_otp_password_alone_sends_staff_to_enrolment(client, otp_required, request, who):
    user = request.getfixturevalue(who)
    assert attempt(client, ADMIN_LOGIN, user.username).status_code == 302
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:otp_enrol"))
    assert response.status_code == 200
    assert client.get(ADMIN + "kelurahan/awarenessreport/").status_code == 302


def test_otp_enrolment_shows_qr_code_and_key(client, otp_required, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("accounts:otp_enrol"))
    device = TOTPDevice.objects.get(user=staff_user)
    assert not device.confirmed
    page = response.content.decode()
    assert 'src="data:image/svg+xml' in page
    assert response.context["secret"].replace(" ", "") in device.config_url
    assert device.config_url.startswith("otpauth://totp/")
    again = client.get(reverse("accounts:otp_enrol"))
    assert again.context["secret"] == response.context["secret"]  # same key on reload


def test_otp_enrolment_with_the_right_code_opens_the_admin(client, otp_required, staff_user):
    client.force_login(staff_user)
    client.get(reverse("accounts:otp_enrol"))
    device = TOTPDevice.objects.get(user=staff_user)
    response = client.post(
        reverse("accounts:otp_enrol") + f"?next={ADMIN}", {"token": totp_token(device)}
    )
    assert response.status_code == 302 and response.url == ADMIN
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(ADMIN).status_code == 200


def test_otp_enrolment_refuses_a_wrong_code(client, otp_required, staff_user):
    client.force_login(staff_user)
    client.get(reverse("accounts:otp_enrol"))
    device = TOTPDevice.objects.get(user=staff_user)
    wrong = f"{(int(totp_token(device)) + 500_000) % 1_000_000:06d}"
    response = client.post(reverse("accounts:otp_enrol"), {"token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert 'class="invalid-feedback"' in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(ADMIN).status_code == 302


def test_otp_code_with_letters_is_refused(client, otp_required, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("accounts:otp_enrol"), {"token": "12ab56"})
    assert response.context["form"].errors["token"]


def test_otp_enrolled_staff_type_a_code_after_the_password(client, otp_required, staff_user):
    device = TOTPDevice.objects.create(user=staff_user, name="Phone", confirmed=True)
    attempt(client, ADMIN_LOGIN, "staf.jakpus")
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:otp_verify"))
    # A second device cannot be added with the password alone.
    enrol = client.get(reverse("accounts:otp_enrol"))
    assert enrol.status_code == 302 and enrol.url.startswith(reverse("accounts:otp_verify"))
    assert TOTPDevice.objects.filter(user=staff_user).count() == 1
    response = client.post(
        reverse("accounts:otp_verify") + f"?next={ADMIN}", {"token": totp_token(device)}
    )
    assert response.status_code == 302 and response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_otp_verify_refuses_a_wrong_code(client, otp_required, staff_user):
    device = TOTPDevice.objects.create(user=staff_user, name="Phone", confirmed=True)
    client.force_login(staff_user)
    wrong = f"{(int(totp_token(device)) + 500_000) % 1_000_000:06d}"
    response = client.post(reverse("accounts:otp_verify"), {"token": wrong})
    assert response.status_code == 200 and response.context["form"].errors["token"]
    assert client.get(ADMIN).status_code == 302


def test_otp_next_address_must_stay_on_the_site(client, otp_required, staff_user):
    device = TOTPDevice.objects.create(user=staff_user, name="Phone", confirmed=True)
    client.force_login(staff_user)
    response = client.post(
        reverse("accounts:otp_verify") + "?next=https://evil.example/",
        {"token": totp_token(device)},
    )
    assert response.url == ADMIN


def test_otp_pages_need_a_logged_in_staff_member(client, otp_required, officer_kebon_kosong):
    anonymous = client.get(reverse("accounts:otp_enrol"))
    assert anonymous.status_code == 302 and anonymous.url.startswith(OFFICER_LOGIN)
    client.force_login(officer_kebon_kosong.user)
    assert client.get(reverse("accounts:otp_enrol")).status_code == 403
    assert client.get(reverse("accounts:otp_verify")).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_otp_is_not_asked_of_kelurahan_officers(client, otp_required, officer_kebon_kosong):
    response = attempt(client, OFFICER_LOGIN, "petugas.kebonkosong")
    assert response.url == reverse("officer:dashboard")
    assert client.get(reverse("officer:dashboard")).status_code == 200
    assert client.get(reverse("officer:report_list")).status_code == 200


# Passwords and sessions


def test_password_change_refuses_fewer_than_12_characters(client, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)
    short = "Kbn-Ksg-7x!"  # 11 characters, otherwise strong
    response = client.post(
        reverse("officer:password_change"),
        {"old_password": factories.PASSWORD, "new_password1": short, "new_password2": short},
    )
    assert response.status_code == 200
    assert "password_too_short" in [
        e.code for e in response.context["form"].errors.as_data()["new_password2"]
    ]
    officer_kebon_kosong.user.refresh_from_db()
    assert officer_kebon_kosong.user.check_password(factories.PASSWORD)


def test_staff_session_expires_after_idle_time(client, staff_user):
    attempt(client, ADMIN_LOGIN, "staf.jakpus")
    assert client.session.get_expiry_age() == settings.STAFF_IDLE_SECONDS == 1800
    stored = Session.objects.get(session_key=client.session.session_key)
    assert stored.expire_date <= timezone.now() + timedelta(seconds=1800)
    # Each request moves the end forward...
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=60))
    assert client.get(ADMIN).status_code == 200
    stored.refresh_from_db()
    assert stored.expire_date > timezone.now() + timedelta(seconds=1700)
    # ...and after the idle time the server no longer knows the session.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(ADMIN)
    assert response.status_code == 302 and response.url.startswith(ADMIN_LOGIN)


def test_officer_session_keeps_the_normal_age(client, officer_kebon_kosong):
    attempt(client, OFFICER_LOGIN, "petugas.kebonkosong")
    client.get(reverse("officer:dashboard"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_public_page_starts_no_session(client, db):
    response = client.get(reverse("public:home"))
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("login_url", "logout_url", "username"),
    [
        (OFFICER_LOGIN, "/petugas/keluar/", "petugas.kebonkosong"),
        (ADMIN_LOGIN, ADMIN + "logout/", "staf.jakpus"),
    ],
)
def test_logout_deletes_the_session_on_the_server(
    client, officer_kebon_kosong, staff_user, login_url, logout_url, username
):
    attempt(client, login_url, username)
    old_key = client.session.session_key
    assert SessionStore().exists(old_key)
    client.post(logout_url)
    assert not SessionStore().exists(old_key)
    assert not Session.objects.filter(session_key=old_key).exists()
