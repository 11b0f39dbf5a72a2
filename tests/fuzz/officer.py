"""The officer forms as their views use them, and what each may write: shared by the tests."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.datastructures import MultiValueDict
from hypothesis import strategies as st

from kelurahan import services
from kelurahan.models import AwarenessReport, OutreachSession
from kelurahan.officer.forms import (
    DATE_FORMAT,
    DATETIME_INPUT_FORMATS,
    NewReportForm,
    ReportForm,
    SessionCancelForm,
    SessionForm,
    SessionHeldForm,
    attach_errors,
)
from tests.fuzz import oracles
from tests.fuzz.harness import typed
from tests.fuzz.strategies import (
    MISSING,
    any_text,
    choice,
    choices,
    clean_text,
    date_text,
    datetime_text,
    form_data,
    number_text,
    querydict,
    text_field,
    uploads,
)

SESSION_TEXT = ("title", "description", "venue", "address", "title_en", "description_en")
HELD_TEXT = ("summary", "caption_1", "caption_2", "caption_3")
HELD_NUMBERS = ("attendance_men", "attendance_women", "attendance_total")
REPORT_TEXT = ("observed", "location_rt_rw", "location_street")
# What a report form shows back as typed: its text, number and date fields.
REPORT_KEPT = (*REPORT_TEXT, "people_at_risk", "observed_on")
SESSION_KEPT = (*SESSION_TEXT, "starts_at", "ends_at")
long_text = st.one_of(clean_text(100_000), any_text)


def session_data(world):
    ids = [world.speaker.pk, world.foreign_speaker.pk]
    return form_data(
        {
            "kind": choice(OutreachSession.Kind.values),
            "title": text_field(200),
            "topics": choices(world.topic_ids),
            "description": long_text,
            "starts_at": datetime_text,
            "ends_at": datetime_text,
            "venue": text_field(200),
            "address": text_field(300),
            "speakers": choices(ids),
            "partners": choices(world.partner_ids),
            "title_en": text_field(200),
            "description_en": long_text,
        },
        tamper={
            "kelurahan": st.sampled_from(world.tamper_ids()),
            "status": st.sampled_from(["held", "cancelled"]),
            "is_published": st.sampled_from(["on", "true", "1"]),
            "proposed_by": st.sampled_from(world.tamper_ids()),
            "cancel_reason": any_text,
        },
    )


def held_data():
    fields = dict.fromkeys(HELD_NUMBERS, number_text)
    fields["summary"] = long_text
    for n in (1, 2, 3):
        fields[f"caption_{n}"] = text_field(200)
    return form_data(fields, tamper={"status": st.just("cancelled"), "kelurahan": st.just("1")})


def held_files():
    return st.dictionaries(st.sampled_from(["photo_1", "photo_2", "photo_3", "photo_9"]), uploads())


def cancel_data(world):
    return form_data(
        {"cancel_reason": text_field(300), "office_note": text_field(2000)},
        tamper={"status": st.just("held"), "kelurahan": st.sampled_from(world.tamper_ids())},
    )


def report_data(world, *, new: bool):
    fields = {
        "category": choice(AwarenessReport.Category.values),
        "observed": long_text,
        "observed_on": date_text,
        "location_rt_rw": text_field(20),
        "location_street": text_field(200),
        "people_at_risk": number_text,
        "urgency": choice(AwarenessReport.Urgency.values),
        "action": st.sampled_from(["draft", "submit", "", "SUBMIT", "submit "]),
    }
    if new:
        fields["for_resident"] = st.sampled_from(["on", "", "false", "0", "true", "x"])
    tampering = world.tamper_ids()
    return form_data(
        fields,
        tamper={
            "kelurahan": st.sampled_from(tampering),
            "filed_by": st.sampled_from(tampering),
            "office": st.sampled_from(tampering),
            "status": st.sampled_from(AwarenessReport.Status.values),
            "source": st.sampled_from(AwarenessReport.Source.values),
            "submitted_at": date_text,
            "receipt_lookup": st.just("123456"),
        },
    )


def multipart_files(files: dict) -> MultiValueDict:
    return MultiValueDict({k: [SimpleUploadedFile(n, c)] for k, (n, c) in files.items()})


def client_files(files: dict) -> dict:
    return {k: SimpleUploadedFile(n, c) for k, (n, c) in files.items()}


# The views' form handling, without HTTP and templates. Each returns (form, saved object).


def _call(form, service):
    if not form.is_valid():
        return form, None
    try:
        return form, service(form)
    except ValidationError as error:
        attach_errors(form, error)
        return form, None


def propose(world, data):
    form = SessionForm(querydict(data), kelurahan=world.kelurahan)
    return _call(
        form,
        lambda f: services.session_propose(
            kelurahan=world.kelurahan, proposed_by=world.user, **f.plan
        ),
    )


def edit(world, session, data):
    form = SessionForm(querydict(data), kelurahan=world.kelurahan, instance=session)
    return _call(
        form, lambda f: services.session_update(session=session, by=world.user, **f.cleaned_data)
    )


def held(world, session, data, files):
    form = SessionHeldForm(querydict(data), multipart_files(files))
    record = services.session_mark_held
    if session.status != OutreachSession.Status.PLANNED:
        record = services.session_record_result
    return _call(
        form, lambda f: record(session=session, by=world.user, photos=f.photos(), **f.results())
    )


def cancel(world, session, data):
    form = SessionCancelForm(querydict(data))
    return _call(
        form,
        lambda f: services.session_cancel(
            session=session,
            by=world.user,
            reason=f.cleaned_data["cancel_reason"],
            office_note=f.cleaned_data["office_note"],
        ),
    )


def report_create(world, data):
    form = NewReportForm(querydict(data))
    return _call(
        form,
        lambda f: services.report_create_draft(
            kelurahan=world.kelurahan, filed_by=world.user, source=f.source, **f.content
        ),
    )


def report_edit(world, report, data):
    form = ReportForm(querydict(data), instance=report)
    return _call(
        form,
        lambda f: services.report_update_draft(report=report, by=world.user, **f.cleaned_data),
    )


def report_submit(world, report):
    """ReportSubmitView: the saved draft on its form, submitted; a resident's gets a receipt."""
    form = ReportForm.bound_to(report)
    form.is_valid()
    try:
        with transaction.atomic():
            report = services.report_submit(report=report, by=world.user)
            if report.source == AwarenessReport.Source.ASSISTED:
                assert services.report_issue_receipt(report=report, by=world.user)
    except ValidationError as error:
        attach_errors(form, error)
        return form, None
    return form, report


# What a saved object must hold: exactly what was typed.


def check_session(world, data, session, *, status: str, proposed: bool):
    session.refresh_from_db()
    assert (session.kelurahan_id, session.status) == (world.kelurahan.pk, status)
    if proposed:
        assert (session.status, session.is_published) == (OutreachSession.Status.PLANNED, False)
        assert session.proposed_by_id == world.user.pk
    for name in SESSION_TEXT:
        assert getattr(session, name) == oracles.text(data, name), name
    assert session.kind == typed(data, "kind")
    for name in ("starts_at", "ends_at"):
        assert getattr(session, name) == oracles.local_datetime(data, name, DATETIME_INPUT_FORMATS)
    for name in ("topics", "speakers", "partners"):
        stored = set(getattr(session, name).values_list("pk", flat=True))
        assert stored == oracles.ids(data, name), name


def check_held(data, files, session, photos_before: int):
    session.refresh_from_db()
    assert session.status == OutreachSession.Status.HELD
    assert session.summary == oracles.text(data, "summary")
    numbers = {name: oracles.integer(data, name) for name in HELD_NUMBERS}
    for name, expected in numbers.items():
        if expected is not MISSING and not (name == "attendance_total" and expected is None):
            assert getattr(session, name) == expected, name
    photos = session.photos.order_by("pk")[photos_before:]
    sent = [n for n in (1, 2, 3) if f"photo_{n}" in files]
    assert [p.caption for p in photos] == [oracles.text(data, f"caption_{n}") for n in sent]


def check_cancel(data, session):
    session.refresh_from_db()
    assert session.status == OutreachSession.Status.CANCELLED
    assert session.cancel_reason == oracles.text(data, "cancel_reason")
    assert session.cancel_office_note == oracles.text(data, "office_note")


def check_report(world, data, report):
    report.refresh_from_db()
    assert (report.kelurahan_id, report.office_id) == (
        world.kelurahan.pk,
        world.kelurahan.office_id,
    )
    assert report.filed_by_id == world.user.pk
    assert report.source != AwarenessReport.Source.TIP_LINE
    assert report.status in (AwarenessReport.Status.DRAFT, AwarenessReport.Status.SUBMITTED)
    for name in REPORT_TEXT:
        assert getattr(report, name) == oracles.text(data, name), name
    assert report.category == (typed(data, "category") if "category" in data else "")
    assert report.observed_on == oracles.date(data, "observed_on", [DATE_FORMAT])
    assert report.urgency == int(typed(data, "urgency"))
    expected = oracles.integer(data, "people_at_risk")
    if expected is not MISSING:
        assert report.people_at_risk == expected


def session_state(pk):
    """Everything a session form could change, to compare before and after an input."""

    def state():
        session = OutreachSession.objects.get(pk=pk)
        row = OutreachSession.objects.filter(pk=pk).values().get()
        for name in ("topics", "speakers", "partners", "photos"):
            row[name] = sorted(getattr(session, name).values_list("pk", flat=True))
        return row

    return state


def report_state(pk):
    def state():
        return AwarenessReport.objects.filter(pk=pk).values().get()

    return state
