"""Every state change and its guard, through the service functions.

Messages are matched in Indonesian, the language users see by default.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kelurahan import services
from kelurahan.models import AwarenessReport, OutreachSession, ReportUpdate
from tests.support import factories

Status = AwarenessReport.Status


@pytest.fixture
def submitted(kebon_kosong, officer_kebon_kosong):
    return factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user)


@pytest.fixture
def under_review(submitted, staff_user):
    return services.report_start_review(report=submitted, by=staff_user)


# --- outreach sessions -------------------------------------------------------------------


def test_session_propose_starts_planned_and_unpublished(kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, published=False, by=officer_kebon_kosong.user)
    assert session.status == OutreachSession.Status.PLANNED
    assert session.is_published is False
    assert list(session.topics.values_list("slug", flat=True)) == ["tppo"]


def test_session_propose_refuses_end_before_start(kebon_kosong):
    start = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        factories.session(
            kebon_kosong, starts_at=start, ends_at=start - datetime.timedelta(hours=1)
        )
    assert "ends_at" in error.value.message_dict
    assert not OutreachSession.objects.exists()


def test_session_mark_held_records_results_and_total(kebon_kosong):
    planned = factories.session(kebon_kosong, days_from_now=-1)
    held = services.session_mark_held(
        session=planned, by=None, attendance_men=10, attendance_women=12, summary="Lancar."
    )
    assert held.status == OutreachSession.Status.HELD
    assert held.attendance_total == 22
    assert held.is_incomplete is False


def test_session_mark_held_refuses_a_session_that_has_not_started(kebon_kosong):
    planned = factories.session(kebon_kosong, days_from_now=3)
    with pytest.raises(ValidationError, match="sebelum dimulai"):
        services.session_mark_held(session=planned, by=None, attendance_total=5, summary="x")
    planned.refresh_from_db()
    assert planned.status == OutreachSession.Status.PLANNED


def test_session_mark_held_refuses_a_cancelled_session(kebon_kosong):
    planned = factories.session(kebon_kosong, days_from_now=-1)
    services.session_cancel(session=planned, by=None, reason="Hujan deras")
    with pytest.raises(ValidationError, match="Hanya sosialisasi yang masih direncanakan"):
        services.session_mark_held(session=planned, by=None)


def test_session_held_without_results_is_incomplete(kebon_kosong):
    planned = factories.session(kebon_kosong, days_from_now=-1)
    held = services.session_mark_held(session=planned, by=None)
    assert held.is_incomplete
    assert list(OutreachSession.objects.incomplete()) == [held]
    completed = services.session_record_result(
        session=held, by=None, attendance_total=30, summary="Sesi tanya jawab."
    )
    assert not completed.is_incomplete
    assert not OutreachSession.objects.incomplete().exists()


def test_session_record_result_refuses_total_below_men_and_women(kebon_kosong):
    held = factories.held_session(kebon_kosong)
    with pytest.raises(ValidationError) as error:
        services.session_record_result(
            session=held, by=None, attendance_men=30, attendance_women=30, attendance_total=10
        )
    assert "attendance_total" in error.value.message_dict
    held.refresh_from_db()
    assert held.attendance_total == 45


def test_session_record_result_refuses_a_planned_session(kebon_kosong):
    planned = factories.session(kebon_kosong)
    with pytest.raises(ValidationError):
        services.session_record_result(session=planned, by=None, summary="x")


def test_session_cancel_needs_a_reason_and_a_planned_session(kebon_kosong):
    planned = factories.session(kebon_kosong)
    with pytest.raises(ValidationError):
        services.session_cancel(session=planned, by=None, reason="  ")
    cancelled = services.session_cancel(session=planned, by=None, reason="Aula dipakai")
    assert cancelled.status == OutreachSession.Status.CANCELLED
    assert cancelled.cancel_reason == "Aula dipakai"
    held = factories.held_session(kebon_kosong)
    with pytest.raises(ValidationError):
        services.session_cancel(session=held, by=None, reason="Terlambat")


def test_session_update_refuses_a_cancelled_session_and_unknown_fields(kebon_kosong):
    planned = factories.session(kebon_kosong)
    with pytest.raises(TypeError):
        services.session_update(session=planned, by=None, status="held")
    services.session_cancel(session=planned, by=None, reason="Batal")
    with pytest.raises(ValidationError):
        services.session_update(session=planned, by=None, title="Judul baru")


def test_session_publish_and_unpublish(kebon_kosong):
    planned = factories.session(kebon_kosong, published=False)
    assert services.session_publish(session=planned, by=None).is_published
    assert not services.session_unpublish(session=planned, by=None).is_published


# --- awareness reports -------------------------------------------------------------------


def test_report_draft_may_be_incomplete_but_submit_requires_text(
    kebon_kosong, officer_kebon_kosong
):
    draft = services.report_create_draft(
        kelurahan=kebon_kosong, filed_by=officer_kebon_kosong.user, category=""
    )
    assert draft.status == Status.DRAFT
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=draft, by=officer_kebon_kosong.user)
    assert set(error.value.message_dict) == {"category", "observed"}
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.submitted_at is None


def test_report_submit_moves_draft_and_records_the_timeline(kebon_kosong, officer_kebon_kosong):
    draft = factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user, submit=False)
    submitted = services.report_submit(report=draft, by=officer_kebon_kosong.user)
    assert submitted.status == Status.SUBMITTED
    assert submitted.submitted_at is not None
    update = submitted.updates.get()
    assert (update.from_status, update.to_status) == (Status.DRAFT, Status.SUBMITTED)


def test_report_update_draft_refused_after_submission(submitted, officer_kebon_kosong):
    with pytest.raises(ValidationError, match="tidak dapat diubah lagi"):
        services.report_update_draft(
            report=submitted, by=officer_kebon_kosong.user, observed="diubah"
        )


def test_report_start_review_assigns_the_reviewer(submitted, staff_user):
    reviewed = services.report_start_review(
        report=submitted, by=staff_user, note_for_reporter="Kami pelajari.", internal_note="Cek"
    )
    assert reviewed.status == Status.UNDER_REVIEW
    assert reviewed.assigned_to == staff_user
    update = reviewed.updates.latest("created_at")
    assert update.note_for_reporter == "Kami pelajari."
    assert update.internal_note == "Cek"


def test_report_refer_requires_a_partner(under_review, staff_user):
    with pytest.raises(ValidationError):
        services.report_refer(report=under_review, by=staff_user, partner=None)
    under_review.refresh_from_db()
    assert under_review.status == Status.UNDER_REVIEW
    referred = services.report_refer(
        report=under_review, by=staff_user, partner=factories.partner()
    )
    assert referred.status == Status.REFERRED
    assert referred.referred_to == factories.partner()


def test_report_close_after_referral(under_review, staff_user):
    services.report_refer(report=under_review, by=staff_user, partner=factories.partner())
    closed = services.report_close(report=under_review, by=staff_user, note_for_reporter="Selesai")
    assert closed.status == Status.CLOSED
    assert not closed.is_open


def test_report_not_substantiated_from_review(under_review, staff_user):
    result = services.report_mark_not_substantiated(report=under_review, by=staff_user)
    assert result.status == Status.NOT_SUBSTANTIATED


@pytest.mark.parametrize(
    "transition",
    [services.report_close, services.report_mark_not_substantiated],
)
def test_report_cannot_skip_review(submitted, staff_user, transition):
    with pytest.raises(ValidationError, match="tidak dapat diubah menjadi"):
        transition(report=submitted, by=staff_user)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_report_closed_is_final(under_review, staff_user):
    services.report_close(report=under_review, by=staff_user)
    with pytest.raises(ValidationError):
        services.report_start_review(report=under_review, by=staff_user)
    with pytest.raises(ValidationError):
        services.report_refer(report=under_review, by=staff_user, partner=factories.partner())


def test_report_triage_is_refused_to_officers(submitted, officer_kebon_kosong):
    with pytest.raises(PermissionError):
        services.report_start_review(report=submitted, by=officer_kebon_kosong.user)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_report_assign_only_to_staff(submitted, staff_user, officer_kebon_kosong):
    with pytest.raises(ValidationError):
        services.report_assign(report=submitted, by=staff_user, assignee=officer_kebon_kosong.user)
    assert services.report_assign(report=submitted, by=staff_user, assignee=staff_user).assigned_to


def test_report_add_note_keeps_status_and_needs_text(submitted, staff_user):
    with pytest.raises(ValidationError):
        services.report_add_note(report=submitted, by=staff_user)
    update = services.report_add_note(report=submitted, by=staff_user, internal_note="Telepon RT")
    assert update.to_status == ""
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_report_services_never_log_report_content(kebon_kosong, staff_user, caplog):
    caplog.set_level("DEBUG")
    secret = "Nama korban Siti di RT 007"
    report = factories.report(kebon_kosong, observed=secret)
    services.report_start_review(report=report, by=staff_user, internal_note=secret)
    assert secret in list(ReportUpdate.objects.values_list("internal_note", flat=True))
    assert secret not in caplog.text


# --- designation and assignments ---------------------------------------------------------


def test_kelurahan_designate_and_revoke(kebon_kosong):
    designated = services.kelurahan_designate(
        kelurahan=kebon_kosong, since=datetime.date(2024, 6, 13), sk_number="SK-1"
    )
    assert designated.is_binaan and designated.binaan_since == datetime.date(2024, 6, 13)
    revoked = services.kelurahan_revoke_designation(kelurahan=kebon_kosong)
    assert not revoked.is_binaan
    with pytest.raises(ValidationError):
        services.kelurahan_revoke_designation(kelurahan=kebon_kosong)


def test_liaison_assign_keeps_history(kebon_kosong):
    officer = factories.liaison_officer()
    first = services.liaison_assign(
        officer=officer, kelurahan=kebon_kosong, start_date=datetime.date(2024, 6, 1)
    )
    with pytest.raises(ValidationError, match="sudah ditugaskan"):
        services.liaison_assign(
            officer=officer, kelurahan=kebon_kosong, start_date=datetime.date(2024, 7, 1)
        )
    services.liaison_end_assignment(assignment=first, end_date=datetime.date(2025, 1, 31))
    services.liaison_assign(
        officer=officer, kelurahan=kebon_kosong, start_date=datetime.date(2025, 3, 1)
    )
    assert officer.assignments.count() == 2
    assert kebon_kosong.assignments.current().count() == 1


def test_liaison_assign_refuses_another_office(kebon_kosong):
    outsider = factories.liaison_officer(factories.office())
    with pytest.raises(ValidationError, match="kantornya sendiri"):
        services.liaison_assign(
            officer=outsider, kelurahan=kebon_kosong, start_date=datetime.date(2024, 6, 1)
        )


def test_liaison_end_assignment_refuses_end_before_start(kebon_kosong):
    assignment = services.liaison_assign(
        officer=factories.liaison_officer(),
        kelurahan=kebon_kosong,
        start_date=datetime.date(2024, 6, 1),
    )
    with pytest.raises(ValidationError):
        services.liaison_end_assignment(assignment=assignment, end_date=datetime.date(2024, 1, 1))


def test_session_photos_keep_only_their_pixels(kebon_kosong):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "MARKERCAM"  # camera make
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")

    held = factories.held_session(kebon_kosong)
    photo = services.session_add_photo(session=held, by=None, image=upload, caption="Warga")

    stored = photo.image.read()
    assert b"MARKERCAM" not in stored and b"Exif" not in stored
    assert "IMG_0001" not in photo.image.name
    assert Image.open(photo.image).size == (40, 30)
