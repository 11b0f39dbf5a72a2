"""Fuzzing the officer's session forms: propose, edit, mark held (attendance, photos), cancel.

Split per form, to keep the suite within minutes: DIRECT_EXAMPLES (800) generated inputs go
through the form class and the service exactly as the view calls them (tests/fuzz/officer.py;
no HTTP, no template, a few ms each), and VIEW_EXAMPLES (200) are posted to the real view with
the test client (middleware, template, messages; 25 ms or more each). Both go through the
form: 1,000 inputs per form. CSRF_EXAMPLES (40) per form are posted by
Client(enforce_csrf_checks=True) with a missing, wrong or another session's CSRF token.

Every example runs in a savepoint that is rolled back, so each starts from the same data.
Invalid input must write no row (every table is counted) and change nothing in the record,
the page must say what is wrong and show back what was typed; valid input must store exactly
what was typed (after stripping white space), in the officer's own kelurahan whatever
kelurahan, status or author was slipped into the request.
"""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from kelurahan import services
from kelurahan.models import OutreachSession
from tests.fuzz import officer
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
    encodings,
)
from tests.support import factories

pytestmark = pytest.mark.fuzz
Status = OutreachSession.Status


def _client(world) -> Client:
    client = Client()
    client.force_login(world.user)
    return client


def _sessions(world) -> dict:
    """Sessions not published yet: the officer's edits and cancellation apply directly.

    (Changes to a published session wait for the office: tests/officer/test_session_review.py.)
    """
    unpublished = {"kelurahan_": world.kelurahan, "by": world.user, "published": False}
    held = factories.session(days_from_now=-3, **unpublished)
    return {
        "future": factories.session(days_from_now=5, **unpublished),
        "started": factories.session(days_from_now=-1, **unpublished),
        "held": services.session_mark_held(session=held, by=world.user, summary="Sudah."),
    }


def _new_session(world, data):
    def check(session):
        officer.check_session(world, data, session, status=Status.PLANNED, proposed=True)

    return check


def _new_session_from_response(world, data):
    def check(response):
        session = OutreachSession.objects.latest("pk")
        assert response["Location"] == reverse("officer:session_detail", args=[session.pk])
        _new_session(world, data)(session)

    return check


def test_session_propose_form_survives_any_input(world):
    @FUZZ_DIRECT
    @given(data=officer.session_data(world))
    def run(data):
        direct_example(
            "officer: propose a session",
            lambda: officer.propose(world, data),
            data,
            kept=officer.SESSION_KEPT,
            on_success=_new_session(world, data),
        )

    run()
    assert INPUTS[("officer: propose a session", "direct")] >= DIRECT_EXAMPLES


def test_session_propose_view_survives_any_input(world):
    client = _client(world)
    url = reverse("officer:session_create")

    @FUZZ_VIEWS
    @given(data=officer.session_data(world), encoding=encodings)
    def run(data, encoding):
        view_example(
            "officer: propose a session",
            client,
            url,
            data,
            encoding=encoding,
            kept=officer.SESSION_KEPT,
            succeeded=redirected,
            on_success=_new_session_from_response(world, data),
            state=lambda: None,
        )

    run()
    assert INPUTS[("officer: propose a session", "view")] >= VIEW_EXAMPLES


def _edited(world, data, status):
    def check(_saved):
        session = OutreachSession.objects.get(pk=_saved.pk)
        officer.check_session(world, data, session, status=status, proposed=False)

    return check


def test_session_edit_form_survives_any_input(world):
    sessions = _sessions(world)
    pick = st.sampled_from(["future", "held"])

    @FUZZ_DIRECT
    @given(data=officer.session_data(world), which=pick)
    def run(data, which):
        session = OutreachSession.objects.get(pk=sessions[which].pk)
        direct_example(
            "officer: edit a session",
            lambda: officer.edit(world, session, data),
            data,
            kept=officer.SESSION_KEPT,
            on_success=_edited(world, data, session.status),
            state=officer.session_state(session.pk),
        )

    run()
    assert INPUTS[("officer: edit a session", "direct")] >= DIRECT_EXAMPLES


def test_session_edit_view_survives_any_input(world):
    client = _client(world)
    sessions = _sessions(world)

    @FUZZ_VIEWS
    @given(data=officer.session_data(world), which=st.sampled_from(["future", "held"]), e=encodings)
    def run(data, which, e):
        session = sessions[which]
        view_example(
            "officer: edit a session",
            client,
            reverse("officer:session_edit", args=[session.pk]),
            data,
            encoding=e,
            kept=officer.SESSION_KEPT,
            succeeded=redirected,
            on_success=lambda _r: _edited(world, data, session.status)(session),
            state=officer.session_state(session.pk),
        )

    run()


def _marked_held(data, files, photos_before):
    return lambda session: officer.check_held(data, files, session, photos_before)


def test_session_held_form_survives_any_input(world):
    sessions = _sessions(world)
    pick = st.sampled_from(["future", "started", "held"])

    @FUZZ_DIRECT
    @given(data=officer.held_data(), files=officer.held_files(), which=pick)
    def run(data, files, which):
        session = OutreachSession.objects.get(pk=sessions[which].pk)
        direct_example(
            "officer: mark a session held",
            lambda: officer.held(world, session, data, files),
            data,
            kept=(*officer.HELD_TEXT, *officer.HELD_NUMBERS),
            on_success=_marked_held(data, files, session.photos.count()),
            state=officer.session_state(session.pk),
        )

    run()
    assert INPUTS[("officer: mark a session held", "direct")] >= DIRECT_EXAMPLES


def test_session_held_view_survives_any_input(world):
    client = _client(world)
    sessions = _sessions(world)
    pick = st.sampled_from(["future", "started", "held"])

    @FUZZ_VIEWS
    @given(data=officer.held_data(), files=officer.held_files(), which=pick, e=encodings)
    def run(data, files, which, e):
        session = sessions[which]
        photos_before = session.photos.count()
        view_example(
            "officer: mark a session held",
            client,
            reverse("officer:session_held", args=[session.pk]),
            {**data, **officer.client_files(files)},
            encoding=e,
            kept=(*officer.HELD_TEXT, *officer.HELD_NUMBERS),
            succeeded=redirected,
            on_success=lambda _r: _marked_held(data, files, photos_before)(session),
            state=officer.session_state(session.pk),
        )

    run()


def test_session_cancel_form_survives_any_input(world):
    sessions = _sessions(world)

    @FUZZ_DIRECT
    @given(data=officer.cancel_data(world), which=st.sampled_from(["future", "started"]))
    def run(data, which):
        session = OutreachSession.objects.get(pk=sessions[which].pk)
        direct_example(
            "officer: cancel a session",
            lambda: officer.cancel(world, session, data),
            data,
            kept=("cancel_reason", "office_note"),
            on_success=lambda saved: officer.check_cancel(data, saved),
            state=officer.session_state(session.pk),
        )

    run()
    assert INPUTS[("officer: cancel a session", "direct")] >= DIRECT_EXAMPLES


def test_session_cancel_view_survives_any_input(world):
    client = _client(world)
    session = _sessions(world)["future"]

    @FUZZ_VIEWS
    @given(data=officer.cancel_data(world), e=encodings)
    def run(data, e):
        view_example(
            "officer: cancel a session",
            client,
            reverse("officer:session_cancel", args=[session.pk]),
            data,
            encoding=e,
            kept=("cancel_reason", "office_note"),
            succeeded=redirected,
            on_success=lambda _r: officer.check_cancel(data, session),
            state=officer.session_state(session.pk),
        )

    run()


def _csrf_token_of_another_client(world, url) -> str:
    other = Client(enforce_csrf_checks=True)
    other.force_login(world.user)
    other.get(url)
    return other.cookies["csrftoken"].value


@pytest.mark.parametrize("name", ["session_create", "session_edit", "session_held", "cancel"])
def test_session_forms_refuse_a_missing_or_wrong_csrf_token(world, name):
    session = _sessions(world)["started"]
    names = {"cancel": "session_cancel"}
    args = [] if name == "session_create" else [session.pk]
    url = reverse(f"officer:{names.get(name, name)}", args=args)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user)
    client.get(url)  # the form page sets the CSRF cookie, as in a browser
    foreign = _csrf_token_of_another_client(world, url)
    tokens = st.one_of(st.none(), any_text, st.just(foreign))
    key = f"officer: CSRF {name}"

    @FUZZ_CSRF
    @given(data=officer.session_data(world), token=tokens, header=st.booleans())
    def run(data, token, header):
        record(key, "csrf")
        extra = {}
        if token is not None and header:
            extra["HTTP_X_CSRFTOKEN"] = token.replace("\x00", "")[:200]
        elif token is not None:
            data = {**data, "csrfmiddlewaretoken": token}
        with rolled_back():
            before, state = table_counts(), officer.session_state(session.pk)()
            response = send(key, client, "post", url, data, **extra)
            assert response.status_code == 403
            assert not changed_tables(before, table_counts())
            assert officer.session_state(session.pk)() == state

    run()
