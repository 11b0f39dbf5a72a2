"""Fuzzing the staff's two-step login code (django-otp), and a wrong or missing CSRF token on
the login forms, the language switch and the code form.

The code form: DIRECT_EXAMPLES (800) inputs through TokenForm as the view uses it, and
VIEW_EXAMPLES (200) posted to /akun/dua-langkah/kode/ with STAFF_OTP_REQUIRED on; the current
code of the authenticator app is among the inputs, so valid codes are tried too.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given
from hypothesis import strategies as st

from kelurahan.accounts.forms import TokenForm
from tests.fuzz.harness import (
    INPUTS,
    assert_form_kept,
    assert_kept,
    changed_tables,
    page_text,
    record,
    rolled_back,
    send,
    shows_error,
    table_counts,
    typed,
)
from tests.fuzz.strategies import (
    DIRECT_EXAMPLES,
    FUZZ_CSRF,
    FUZZ_DIRECT,
    FUZZ_VIEWS,
    any_text,
    encodings,
    form_data,
    number_text,
    querydict,
)

pytestmark = pytest.mark.fuzz
KEY = "login: staff two-step code"


@pytest.fixture
def device(staff_user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=staff_user, name="Authenticator app", confirmed=True)


def _totp(device) -> TOTP:
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)


def _current_code(device) -> str:
    return f"{_totp(device).token():06d}"


def _code_data(device):
    def typed_code(spacing: str) -> str:  # the code the app shows now, as typed
        code = _current_code(device)
        return spacing.format(code[:3], code[3:])

    tokens = st.one_of(
        st.sampled_from(["{}{}", "{} {}", " {}{} ", "{}-{}", "{}{}0"]).map(typed_code),
        st.sampled_from(["000000", "123456", "1234567"]),
        number_text,
        any_text,
    )
    return form_data(
        {"token": tokens, "next": st.sampled_from(["/admin/", "//evil.example/", ""])},
        tamper={"otp_device": any_text, "user": number_text},
    )


def _accepted(device, data) -> bool:
    """A code of the last minute or so: the form allows the device's tolerance (and the clock
    may have moved on to the next 30-second step since)."""
    digits = "".join(str(typed(data, "token")).split())
    window = device.tolerance + 1
    return digits.isdigit() and len(digits) == 6 and _totp(device).verify(int(digits), window)


def test_staff_code_form_survives_any_input(staff_user, device):
    @FUZZ_DIRECT
    @given(data=_code_data(device))
    def run(data):
        record(KEY, "direct")
        with rolled_back():
            before = table_counts()
            current = TOTPDevice.objects.get(pk=device.pk)
            form = TokenForm(querydict(data), user=staff_user, devices=[current])
            if form.is_valid():
                assert form.device == current and _accepted(device, data)
                return
            assert form.errors and not changed_tables(before, table_counts())
            assert_form_kept(form, data, ["token"])

    run()
    assert INPUTS[(KEY, "direct")] >= DIRECT_EXAMPLES


def test_staff_code_page_survives_any_input(settings, staff_user, device):
    settings.STAFF_OTP_REQUIRED = True
    client = Client()
    client.force_login(staff_user)
    url = reverse("accounts:otp_verify")

    @FUZZ_VIEWS
    @given(data=_code_data(device), encoding=encodings)
    def run(data, encoding):
        record(KEY, "view")
        with rolled_back():
            before = table_counts()
            response = send(KEY, client, "post", url, data, encoding=encoding)
            if response.status_code == 302:
                assert _accepted(device, data)
                assert response["Location"].startswith("/")
                assert not response["Location"].startswith("//")
                return
            assert response.status_code == 200
            html = page_text(response)
            assert shows_error(html) and not changed_tables(before, table_counts())
            assert_kept(html, data, ["token"])

    run()


def _csrf_forms(staff_user) -> dict:
    """URL, the page that sets the CSRF cookie, and who is logged in, for each form."""
    return {
        "officer login": (reverse("officer:login"), reverse("officer:login"), None),
        "admin login": (reverse("admin:login"), reverse("admin:login"), None),
        "language switch": (reverse("set_language"), reverse("public:home"), None),
        "staff code": (reverse("accounts:otp_verify"), reverse("accounts:otp_verify"), staff_user),
    }


@pytest.mark.parametrize("name", ["officer login", "admin login", "language switch", "staff code"])
def test_login_forms_refuse_a_missing_or_wrong_csrf_token(
    settings, officer_kebon_kosong, staff_user, device, name
):
    settings.STAFF_OTP_REQUIRED = True
    url, page, user = _csrf_forms(staff_user)[name]
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.get(page)  # the form page sets the CSRF cookie, as in a browser
    key = f"CSRF {name}"
    fields = {
        "username": st.sampled_from(["petugas.kebonkosong", "staf.jakpus"]),
        "password": st.just("test-password-123"),
        "language": st.just("en"),
        "token": st.just(_current_code(device)),
        "next": st.just("/"),
    }

    @FUZZ_CSRF
    @given(data=form_data(fields), token=st.one_of(st.none(), any_text))
    def run(data, token):
        record(key, "csrf")
        if token is not None:
            data = {**data, "csrfmiddlewaretoken": token}
        with rolled_back():
            before = table_counts()
            session = dict(client.session)
            response = send(key, client, "post", url, data)
            assert response.status_code == 403
            assert not changed_tables(before, table_counts())
            assert dict(client.session) == session  # nobody logged in, no code accepted

    run()
