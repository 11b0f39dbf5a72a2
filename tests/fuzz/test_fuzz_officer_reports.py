"""Fuzzing the officer's report forms (new, edit draft, submit) and the password change.

Same split as tests/fuzz/test_fuzz_officer_forms.py: DIRECT_EXAMPLES (800) inputs per form
through the form and the service as the view calls them, VIEW_EXAMPLES (200) through the view,
CSRF_EXAMPLES with a missing or wrong CSRF token. Submitting a report has no fields of its
own: its input is the saved draft, so each example saves a fuzzed draft (through the
service, or in the view test through the form) and then submits it.

A report form saves the draft first and then, when "Submit" was pressed, submits it; an
incomplete report is kept as a draft and the form says what is missing. So a report input may
write a draft and still show errors: the draft must then hold exactly what was typed.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordChangeForm
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from kelurahan import services
from kelurahan.models import AwarenessReport
from tests.fuzz import officer
from tests.fuzz.harness import (
    INPUTS,
    assert_form_kept,
    assert_kept,
    changed_tables,
    direct_example,
    page_text,
    record,
    redirected,
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
    clean_text,
    encodings,
    form_data,
    querydict,
)
from tests.support import factories

pytestmark = pytest.mark.fuzz
Status = AwarenessReport.Status
RECEIPT_TEMPLATE = "officer/report_receipt.html"


def _client(world) -> Client:
    client = Client()
    client.force_login(world.user)
    return client


def _draft(world) -> AwarenessReport:
    return factories.report(world.kelurahan, filed_by=world.user, submit=False)


def _wants_submit(data) -> bool:
    return typed(data, "action") == "submit"


def _check_saved(world, data, report, *, new: bool):
    officer.check_report(world, data, report)
    if new:
        # A checkbox is ticked when sent with any value but "" and "false" (Django's rule).
        value = str(typed(data, "for_resident"))
        resident = "for_resident" in data and value.lower() not in ("", "false")
        source = AwarenessReport.Source.ASSISTED if resident else AwarenessReport.Source.OFFICER
        assert report.source == source
    complete = bool(report.category and report.observed.strip())
    submitted = _wants_submit(data) and complete
    assert report.status == (Status.SUBMITTED if submitted else Status.DRAFT)


def _direct_report(world, data, run, *, new: bool):
    """A draft is saved; "Submit" then submits it or leaves it a draft with errors."""
    form, report = run()
    if report is not None and _wants_submit(data):
        submit_form, submitted = officer.report_submit(world, report)
        if submitted is None:
            assert submit_form.errors
            # The submit form shows the saved draft: its text as the form cleaned it (stripped).
            saved = {
                name: value.strip()
                if name in officer.REPORT_TEXT and isinstance(value, str)
                else value
                for name, value in data.items()
            }
            assert_form_kept(submit_form, saved, officer.REPORT_TEXT)
    return form, report


def test_report_create_form_survives_any_input(world):
    @FUZZ_DIRECT
    @given(data=officer.report_data(world, new=True))
    def run(data):
        direct_example(
            "officer: new report",
            lambda: _direct_report(
                world, data, lambda: officer.report_create(world, data), new=True
            ),
            data,
            kept=officer.REPORT_KEPT,
            on_success=lambda report: _check_saved(world, data, report, new=True),
        )

    run()
    assert INPUTS[("officer: new report", "direct")] >= DIRECT_EXAMPLES


def test_report_edit_form_survives_any_input(world):
    draft = _draft(world)

    @FUZZ_DIRECT
    @given(data=officer.report_data(world, new=False))
    def run(data):
        report = AwarenessReport.objects.get(pk=draft.pk)
        direct_example(
            "officer: edit a draft report",
            lambda: _direct_report(
                world, data, lambda: officer.report_edit(world, report, data), new=False
            ),
            data,
            kept=officer.REPORT_KEPT,
            on_success=lambda saved: _check_saved(world, data, saved, new=False),
            state=officer.report_state(draft.pk),
        )

    run()
    assert INPUTS[("officer: edit a draft report", "direct")] >= DIRECT_EXAMPLES


def _report_view_example(world, client, url, data, encoding, *, pk=None, state=lambda: None):
    new = pk is None
    key = "officer: new report" if new else "officer: edit a draft report"
    record(key, "view")
    with rolled_back():
        before, old = table_counts(), state()
        response = send(key, client, "post", url, data, encoding=encoding)
        html = page_text(response)
        wrote = changed_tables(before, table_counts()) or state() != old
        if not wrote:  # refused: nothing saved, the page says why and keeps the text
            assert response.status_code == 200
            assert shows_error(html)
            assert_kept(html, data, officer.REPORT_KEPT)
            return
        report = AwarenessReport.objects.get(pk=pk) if pk else AwarenessReport.objects.latest("pk")
        _check_saved(world, data, report, new=new)
        templates = {t.name for t in response.templates}
        if report.status == Status.DRAFT and _wants_submit(data):  # saved, not sent
            assert response.status_code == 200 and shows_error(html)
            assert_kept(html, data, officer.REPORT_TEXT)
        elif RECEIPT_TEMPLATE in templates:
            assert report.source == AwarenessReport.Source.ASSISTED and report.receipt_lookup
        else:
            assert redirected(response)


def test_report_create_view_survives_any_input(world):
    client = _client(world)
    url = reverse("officer:report_create")

    @FUZZ_VIEWS
    @given(data=officer.report_data(world, new=True), encoding=encodings)
    def run(data, encoding):
        _report_view_example(world, client, url, data, encoding)

    run()


def test_report_edit_view_survives_any_input(world):
    client = _client(world)
    draft = _draft(world)
    url = reverse("officer:report_edit", args=[draft.pk])

    @FUZZ_VIEWS
    @given(data=officer.report_data(world, new=False), encoding=encodings)
    def run(data, encoding):
        state = officer.report_state(draft.pk)
        _report_view_example(world, client, url, data, encoding, pk=draft.pk, state=state)

    run()


def _fuzzed_draft(world, data):
    """A draft holding a fuzzed report, saved through the form; None if the form refused it."""
    form, report = officer.report_create(world, {**data, "action": "draft"})
    return report


def _draft_contents():
    """What a saved draft can hold (the values a report form accepts), for submitting."""
    text = st.one_of(st.just(""), st.just(" \n "), clean_text(100_000))
    today = timezone.localdate()
    return st.fixed_dictionaries(
        {
            "source": st.sampled_from(["officer", "assisted"]),
            "category": st.sampled_from(["", *AwarenessReport.Category.values]),
            "observed": text,
            "observed_on": st.one_of(st.none(), st.dates(max_value=today)),
            "location_rt_rw": st.one_of(st.just(""), clean_text(20)),
            "location_street": st.one_of(st.just(""), clean_text(200)),
            "people_at_risk": st.one_of(st.none(), st.integers(0, 2**31 - 1)),
            "urgency": st.sampled_from(AwarenessReport.Urgency.values),
        }
    )


def test_report_submit_survives_any_draft(world):
    key = "officer: submit a draft report"

    @FUZZ_DIRECT
    @given(content=_draft_contents())
    def run(content):
        record(key, "direct")
        with rolled_back():
            report = services.report_create_draft(
                kelurahan=world.kelurahan, filed_by=world.user, **content
            )
            before, old = table_counts(), officer.report_state(report.pk)()
            form, submitted = officer.report_submit(world, report)
            if submitted is None:
                assert form.errors
                assert not changed_tables(before, table_counts())
                assert officer.report_state(report.pk)() == old
            else:
                now = officer.report_state(report.pk)()
                assert now["status"] == Status.SUBMITTED and now["submitted_at"]
                moved = ("status", "submitted_at", "updated_at", "receipt_lookup", "receipt_hash")
                assert {k: v for k, v in now.items() if k not in moved} == {
                    k: v for k, v in old.items() if k not in moved
                }

    run()
    assert INPUTS[(key, "direct")] >= DIRECT_EXAMPLES


def test_report_submit_view_survives_any_draft_and_extra_fields(world):
    key = "officer: submit a draft report"
    client = _client(world)
    junk = form_data({"action": any_text}, tamper={"status": st.just("closed")})

    @FUZZ_VIEWS
    @given(data=officer.report_data(world, new=True), extra=junk, encoding=encodings)
    def run(data, extra, encoding):
        record(key, "view")
        with rolled_back():
            report = _fuzzed_draft(world, data) or _draft(world)
            before, old = table_counts(), officer.report_state(report.pk)()
            url = reverse("officer:report_submit", args=[report.pk])
            response = send(key, client, "post", url, extra, encoding=encoding)
            report.refresh_from_db()
            if report.status == Status.DRAFT:
                assert response.status_code == 200 and shows_error(page_text(response))
                assert not changed_tables(before, table_counts())
                assert officer.report_state(report.pk)() == old
            else:
                assert report.status == Status.SUBMITTED
                # An assisted report shows its receipt code once (200); others go to the report.
                assisted = report.source == AwarenessReport.Source.ASSISTED
                assert response.status_code == (200 if assisted else 302)

    run()


PASSWORD_URL = "officer:password_change"


def _password_data():
    new = st.one_of(any_text, clean_text(60).filter(lambda s: len(s) >= 12))
    return st.tuples(new, st.booleans(), st.booleans()).flatmap(
        lambda t: form_data(
            {
                "old_password": st.one_of(st.just(factories.PASSWORD), any_text),
                "new_password1": st.just(t[0]),
                "new_password2": st.just(t[0]) if t[1] else any_text,
            }
        )
    )


def _password_example(world, data, client=None, encoding="multipart"):
    key = "officer: change password"
    record(key, "view" if client else "direct")
    user_model = get_user_model()
    with rolled_back():
        before = table_counts()
        old_hash = user_model.objects.get(pk=world.user.pk).password
        if client is None:
            user = user_model.objects.get(pk=world.user.pk)
            form = PasswordChangeForm(user, querydict(data))
            ok = form.is_valid()
            if ok:
                form.save()
            else:
                assert form.errors
        else:  # a fresh login each time: a changed password gives the session a new key
            client.force_login(user_model.objects.get(pk=world.user.pk))
            before = table_counts()
            response = send(key, client, "post", reverse(PASSWORD_URL), data, encoding=encoding)
            ok = redirected(response)
            if ok:
                assert response["Location"] == reverse("officer:password_change_done")
            if not ok:
                assert response.status_code == 200 and shows_error(page_text(response))
        user = user_model.objects.get(pk=world.user.pk)
        if ok:
            assert user.check_password(typed(data, "new_password1"))
            assert typed(data, "new_password1") == typed(data, "new_password2")
        else:
            assert user.password == old_hash
            assert not changed_tables(before, table_counts())


def test_password_change_form_survives_any_input(world):
    @FUZZ_DIRECT
    @given(data=_password_data())
    def run(data):
        _password_example(world, data)

    run()
    assert INPUTS[("officer: change password", "direct")] >= DIRECT_EXAMPLES


def test_password_change_view_survives_any_input(world):
    client = _client(world)

    @FUZZ_VIEWS
    @given(data=_password_data(), encoding=encodings)
    def run(data, encoding):
        _password_example(world, data, client, encoding)

    run()


@pytest.mark.parametrize("name", ["report_create", "report_edit", "report_submit", PASSWORD_URL])
def test_report_and_password_forms_refuse_a_missing_or_wrong_csrf_token(world, name):
    draft = _draft(world)
    name = name.removeprefix("officer:")
    args = [draft.pk] if name in ("report_edit", "report_submit") else []
    url = reverse(f"officer:{name}", args=args)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user)
    client.get(reverse("officer:report_create"))  # sets the CSRF cookie
    key = f"officer: CSRF {name}"

    @FUZZ_CSRF
    @given(data=officer.report_data(world, new=True), token=st.one_of(st.none(), any_text))
    def run(data, token):
        record(key, "csrf")
        if token is not None:
            data = {**data, "csrfmiddlewaretoken": token}
        with rolled_back():
            before = table_counts()
            old = officer.report_state(draft.pk)()
            password = get_user_model().objects.get(pk=world.user.pk).password
            response = send(key, client, "post", url, data)
            assert response.status_code == 403
            assert not changed_tables(before, table_counts())
            assert officer.report_state(draft.pk)() == old
            assert get_user_model().objects.get(pk=world.user.pk).password == password

    run()
