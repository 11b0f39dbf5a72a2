"""Fuzzing the passport service day forms: the officer's request and the staff's decision.

The officer's request: DIRECT_EXAMPLES inputs through PassportRequestForm and the service as
the view calls them, VIEW_EXAMPLES posted to /petugas/layanan-paspor/baru/, and CSRF_EXAMPLES
with a missing, wrong or another session's token. The staff's decision: DIRECT_EXAMPLES
inputs through the admin's own form class and save_model (the seam that calls the services).

Invalid input must write no row and show what is wrong with what was typed; valid input must
store what was typed, in the officer's own kelurahan, whatever was slipped into the request.
"""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from kelurahan import services
from kelurahan.models import PassportServiceDay
from kelurahan.officer.forms import DATE_FORMAT, attach_errors
from kelurahan.officer.passport_forms import PassportRequestForm
from tests.fuzz import oracles
from tests.fuzz.harness import (
    INPUTS,
    changed_tables,
    direct_example,
    record,
    redirected,
    rolled_back,
    send,
    table_counts,
    view_example,
)
from tests.fuzz.strategies import (
    DIRECT_EXAMPLES,
    FUZZ_CSRF,
    FUZZ_DIRECT,
    FUZZ_VIEWS,
    VIEW_EXAMPLES,
    any_text,
    choice,
    clean_text,
    date_text,
    encodings,
    form_data,
    number_text,
    querydict,
    text_field,
)
from tests.support import factories

pytestmark = pytest.mark.fuzz
Status = PassportServiceDay.Status
REQUEST_TEXT = ("venue", "address", "contact_name", "contact_phone")
REQUEST_KEPT = (*REQUEST_TEXT, "expected_applicants", "preferred_date", "alternative_date")
KEY = "officer: request a passport service day"
ADMIN_KEY = "admin: decide on a passport service day"

# Plausible values next to the shared pools, so that valid requests are tried too.
future_dates = st.integers(1, 400).map(
    lambda days: (timezone.localdate() + datetime.timedelta(days=days)).strftime(DATE_FORMAT)
)
dates = st.one_of(date_text, future_dates)
applicants = st.one_of(number_text, st.integers(0, 500).map(str))
phones = st.one_of(text_field(20), st.sampled_from(["021-4200000", "0812 3456 7890"]))


def request_data(world):
    return form_data(
        {
            "expected_applicants": applicants,
            "vulnerable_group": choice(PassportServiceDay.Group.values),
            "preferred_date": dates,
            "alternative_date": st.one_of(dates, st.just("")),
            "venue": text_field(200),
            "address": text_field(300),
            "contact_name": text_field(120),
            "contact_phone": phones,
        },
        tamper={
            "kelurahan": st.sampled_from(world.tamper_ids()),
            "requested_by": st.sampled_from(world.tamper_ids()),
            "status": st.sampled_from(Status.values),
            "starts_at": date_text,
            "applications_served": number_text,
        },
    )


def _request(world, data):
    form = PassportRequestForm(querydict(data), officer=world.officer)
    if not form.is_valid():
        return form, None
    try:
        day = services.passport_day_request(
            kelurahan=world.kelurahan, requested_by=world.user, **form.cleaned_data
        )
    except ValidationError as error:
        attach_errors(form, error)
        return form, None
    return form, day


def _check_request(world, data):
    def check(day):
        day.refresh_from_db()
        assert (day.kelurahan_id, day.requested_by_id, day.status) == (
            world.kelurahan.pk,
            world.user.pk,
            Status.REQUESTED,
        )
        assert (day.starts_at, day.applications_served) == (None, None)
        for name in REQUEST_TEXT:
            assert getattr(day, name) == oracles.text(data, name), name
        assert day.expected_applicants == oracles.integer(data, "expected_applicants")
        assert day.preferred_date == oracles.date(data, "preferred_date", [DATE_FORMAT])
        assert day.preferred_date > timezone.localdate()
        least = 1 if day.vulnerable_group else services.passport_days.minimum_applicants("")
        assert day.expected_applicants >= least

    return check


def test_passport_request_form_survives_any_input(world):
    @FUZZ_DIRECT
    @given(data=request_data(world))
    def run(data):
        direct_example(
            KEY,
            lambda: _request(world, data),
            data,
            kept=REQUEST_KEPT,
            on_success=_check_request(world, data),
        )

    run()
    assert INPUTS[(KEY, "direct")] >= DIRECT_EXAMPLES


def test_passport_request_view_survives_any_input(world):
    client = Client()
    client.force_login(world.user)

    def from_response(data):
        def check(response):
            assert response["Location"] == reverse("officer:passport_list")
            _check_request(world, data)(PassportServiceDay.objects.latest("pk"))

        return check

    @FUZZ_VIEWS
    @given(data=request_data(world), encoding=encodings)
    def run(data, encoding):
        view_example(
            KEY,
            client,
            reverse("officer:passport_create"),
            data,
            encoding=encoding,
            kept=REQUEST_KEPT,
            succeeded=redirected,
            on_success=from_response(data),
            state=lambda: None,
        )

    run()
    assert INPUTS[(KEY, "view")] >= VIEW_EXAMPLES


def test_passport_request_refuses_a_missing_or_wrong_csrf_token(world):
    url = reverse("officer:passport_create")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user)
    client.get(url)
    other = Client(enforce_csrf_checks=True)
    other.force_login(world.user)
    other.get(url)
    tokens = st.one_of(st.none(), any_text, st.just(other.cookies["csrftoken"].value))
    key = "officer: CSRF passport_create"

    @FUZZ_CSRF
    @given(data=request_data(world), token=tokens)
    def run(data, token):
        record(key, "csrf")
        if token is not None:
            data = {**data, "csrfmiddlewaretoken": token}
        with rolled_back():
            before = table_counts()
            response = send(key, client, "post", url, data)
            assert response.status_code == 403
            assert not changed_tables(before, table_counts())

    run()


# The staff's decision, through the admin's form class and save_model.


def _mostly(plausible, *anything):
    """Three times in four a plausible value, else anything."""
    return st.one_of(plausible, plausible, plausible, st.one_of(*anything))


def decision_data(world):
    """Mostly plausible dates, times and texts, so that accepting and declining succeed too."""
    times = _mostly(st.sampled_from(["08:00", "13:30", "16:45"]), st.just("25:00"), any_text)
    return form_data(
        {
            "decision": choice(["accept", "decline"]),
            "starts_at_0": _mostly(future_dates, date_text),
            "starts_at_1": times,
            "ends_at_0": _mostly(future_dates, date_text),
            "ends_at_1": times,
            "venue": _mostly(clean_text(200), any_text),
            "address": _mostly(clean_text(300), any_text),
            "decline_reason": _mostly(clean_text(300), any_text),
        },
        tamper={
            "status": st.sampled_from(Status.values),
            "kelurahan": st.sampled_from(world.tamper_ids()),
            "applications_served": number_text,
            "decided_by": st.sampled_from(world.tamper_ids()),
        },
    )


def _decide(request, day, data):
    model_admin = admin.site._registry[PassportServiceDay]
    form_class = model_admin.get_form(request, day, change=True)
    form = form_class(querydict(data), instance=day)
    if not form.is_valid():
        return form, None
    model_admin.save_model(request, day, form, change=True)  # a ValidationError here is a 500
    day.refresh_from_db()
    return form, day if form.cleaned_data.get("decision") else None


def test_passport_decision_form_survives_any_input(world):
    staff = factories.staff(username="staf.fuzz")
    request = RequestFactory().post("/")
    request.user = staff
    day = services.passport_day_request(
        kelurahan=world.kelurahan,
        requested_by=world.user,
        expected_applicants=60,
        preferred_date=timezone.localdate() + datetime.timedelta(days=30),
        venue="Aula Kantor Kelurahan",
        contact_name="Siti Rahma",
        contact_phone="021-4200000",
    )

    def state():
        return PassportServiceDay.objects.filter(pk=day.pk).values().get()

    def check(data):
        def decided(saved):
            if data.get("decision") == "accept" or saved.status == Status.ACCEPTED:
                assert saved.status == Status.ACCEPTED
                assert saved.ends_at >= saved.starts_at
                assert saved.venue == oracles.text(data, "venue")
            else:
                assert saved.status == Status.DECLINED
                assert saved.decline_reason == oracles.text(data, "decline_reason")
            assert (saved.decided_by_id, saved.kelurahan_id) == (staff.pk, world.kelurahan.pk)
            assert saved.applications_served is None

        return decided

    @FUZZ_DIRECT
    @given(data=decision_data(world))
    def run(data):
        fresh = PassportServiceDay.objects.get(pk=day.pk)
        record(ADMIN_KEY, "direct")
        with rolled_back():
            before, old = table_counts(), state()
            form, saved = _decide(request, fresh, data)
            if saved is None:
                assert not form.is_valid() or not form.cleaned_data.get("decision")
                changed = changed_tables(before, table_counts())
                assert not changed, f"{ADMIN_KEY}: input without a decision wrote rows"
                assert state() == old
            else:
                check(data)(saved)

    run()
    assert INPUTS[(ADMIN_KEY, "direct")] >= DIRECT_EXAMPLES
