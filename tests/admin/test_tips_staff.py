"""The tip line for staff and officers: triage queue, photo view, assisted reports, retention."""

import datetime
import io
import re
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, timezone
from PIL import Image

from kelurahan import services
from kelurahan.admin.reports import REPORTER_AUTHOR, UNKNOWN_KELURAHAN
from kelurahan.models import AwarenessReport, OfficeStaff, ReportUpdate
from tests.support import factories
from tests.support.adminpages import form_data, url

Status = AwarenessReport.Status
Source = AwarenessReport.Source
RECEIPT = re.compile(r"\b\d{4} \d{4} \d{4} \d{4}\b")


def jpeg_upload(name="kamera.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def tip(kelurahan=None, **fields) -> AwarenessReport:
    defaults = {"observed": "Ada penampungan calon PMI di rumah kontrakan.", "kelurahan": kelurahan}
    report, _code = services.tip_submit(**{**defaults, **fields})
    return report


def triage(client, report, **changes):
    page = client.get(url(AwarenessReport, "change", report.pk))
    return client.post(url(AwarenessReport, "change", report.pk), {**form_data(page), **changes})


def photo_url(report) -> str:
    return reverse("admin:kelurahan_awarenessreport_photo", args=[report.pk])


def page_of(response) -> str:
    return response.content.decode()


# The triage queue


def test_tip_in_queue_of_its_office_only(client, kebon_kosong, staff_user, other_office_staff):
    report = tip(kebon_kosong)

    client.force_login(staff_user)
    queue = client.get(url(AwarenessReport, "changelist"))
    assert list(queue.context["cl"].result_list) == [report]
    assert client.get(url(AwarenessReport, "change", report.pk)).status_code == 200

    client.force_login(other_office_staff)
    assert list(client.get(url(AwarenessReport, "changelist")).context["cl"].result_list) == []
    assert client.get(url(AwarenessReport, "change", report.pk)).status_code == 302


def test_tip_queue_filters_by_source_and_unknown_kelurahan(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    known = tip(kebon_kosong)
    unknown = tip(None)
    from_officer = factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user)
    client.force_login(staff_user)

    def listed(**params):
        response = client.get(url(AwarenessReport, "changelist"), params)
        return set(response.context["cl"].result_list)

    assert listed(source=Source.TIP_LINE) == {known, unknown}
    assert listed(source=Source.OFFICER) == {from_officer}
    assert listed(**{"kelurahan__kecamatan__isnull": "True"}) == {unknown}
    kemayoran = kebon_kosong.kecamatan_id
    assert listed(**{"kelurahan__kecamatan__id__exact": kemayoran}) == {known, from_officer}


def test_tip_without_kelurahan_shows_unknown(client, staff_user, db):
    report = tip(None, contact="0812-0000-1111")
    client.force_login(staff_user)

    queue = client.get(url(AwarenessReport, "changelist"))
    change = client.get(url(AwarenessReport, "change", report.pk))

    assert str(UNKNOWN_KELURAHAN) in page_of(queue)
    assert change.status_code == 200
    assert str(UNKNOWN_KELURAHAN) in page_of(change)
    assert "0812-0000-1111" in page_of(change)


def test_tip_without_contact_or_photo_hides_those_fields(client, kebon_kosong, staff_user):
    report = tip(kebon_kosong)
    client.force_login(staff_user)

    change = client.get(url(AwarenessReport, "change", report.pk))

    names = set(flatten_fieldsets(change.context["adminform"].fieldsets))
    assert "reporter_contact" not in names and "photo_link" not in names
    assert photo_url(report) not in page_of(change)


def test_tip_triage_through_change_form_until_closed(client, kebon_kosong, staff_user):
    report = tip(kebon_kosong)
    services.tip_add_information(report=report, message="Mobilnya hitam.")
    client.force_login(staff_user)

    triage(client, report, next_step=Status.UNDER_REVIEW, note_for_reporter="Sedang dicek.")
    triage(client, report, next_step=Status.CLOSED, internal_note="Sudah ditangani.")

    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.closed_at is not None
    assert report.assigned_to == staff_user
    by_staff = report.updates.filter(author=staff_user)
    assert "Sedang dicek." in [update.note_for_reporter for update in by_staff]
    change = page_of(client.get(url(AwarenessReport, "change", report.pk)))
    assert "Mobilnya hitam." in change
    assert str(ReportUpdate._meta.get_field("note_for_reporter").verbose_name) in change
    assert str(REPORTER_AUTHOR) in change


def test_tip_expiry_shown_only_after_closing(client, kebon_kosong, staff_user, settings):
    settings.TIP_RETENTION_DAYS = 30
    report = tip(kebon_kosong)
    client.force_login(staff_user)
    queue = client.get(url(AwarenessReport, "changelist"))
    model_admin = queue.context["cl"].model_admin
    assert model_admin.expires_on(report) == model_admin.get_empty_value_display()

    services.report_start_review(report=report, by=staff_user)
    report = services.report_close(report=report, by=staff_user)

    expires = timezone.localdate(report.closed_at + datetime.timedelta(days=30))
    change = client.get(url(AwarenessReport, "change", report.pk))
    queue = client.get(url(AwarenessReport, "changelist"))
    assert formats.localize(expires) in page_of(change)
    assert formats.localize(expires) in page_of(queue)


def test_officer_report_never_expires(client, kebon_kosong, officer_kebon_kosong, staff_user):
    report = factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user)
    services.report_start_review(report=report, by=staff_user)
    report = services.report_close(report=report, by=staff_user)
    assert report.expires_at is None


# The photo view


def test_tip_photo_streams_to_office_staff(client, kebon_kosong, staff_user):
    report = tip(kebon_kosong, photo=jpeg_upload())
    client.force_login(staff_user)

    change = page_of(client.get(url(AwarenessReport, "change", report.pk)))
    response = client.get(photo_url(report))

    assert photo_url(report) in change
    assert "/media/" not in change and "kamera" not in change
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("inline")
    with report.photo.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


def test_tip_photo_hidden_from_everyone_else(
    client, kebon_kosong, officer_kebon_kosong, other_office_staff
):
    report = tip(kebon_kosong, photo=jpeg_upload())

    anonymous = client.get(photo_url(report))
    client.force_login(officer_kebon_kosong.user)
    officer = client.get(photo_url(report))
    client.force_login(other_office_staff)
    other_office = client.get(photo_url(report))

    assert anonymous.status_code == 302 and "login" in anonymous.url
    assert officer.status_code == 302  # an officer is not staff: the admin's login
    assert officer.url == f"{reverse('admin:login')}?next={photo_url(report)}"
    assert other_office.status_code == 404


def test_photo_view_is_404_without_photo(client, kebon_kosong, staff_user):
    report = tip(kebon_kosong)
    lost = tip(kebon_kosong, photo=jpeg_upload())
    lost.photo.storage.delete(lost.photo.name)
    client.force_login(staff_user)
    assert client.get(photo_url(report)).status_code == 404
    assert client.get(photo_url(lost)).status_code == 404


def test_photo_view_needs_view_permission(client, kebon_kosong, staff_user):
    report = tip(kebon_kosong, photo=jpeg_upload())
    colleague = factories.user(is_staff=True)
    OfficeStaff.objects.create(user=colleague, office=factories.main_office())
    client.force_login(colleague)
    assert client.get(photo_url(report)).status_code == 403


# Officers


def test_officer_never_sees_a_tip_of_their_kelurahan(client, kebon_kosong, officer_kebon_kosong):
    report = tip(kebon_kosong)
    client.force_login(officer_kebon_kosong.user)

    detail = client.get(reverse("officer:report_detail", args=[report.pk]))
    listing = client.get(reverse("officer:report_list"))
    dashboard = client.get(reverse("officer:dashboard"))

    assert detail.status_code == 404
    assert report.reference not in page_of(listing)
    assert report.reference not in page_of(dashboard)
    assert dashboard.context["report_count"] == 0


def submit_new_report(client, **extra):
    data = {
        "category": "tppo",
        "observed": "Warga ditawari kerja di luar negeri dengan visa kunjungan.",
        "urgency": "1",
        "action": "submit",
        **extra,
    }
    return client.post(reverse("officer:report_create"), data)


def test_assisted_report_shows_the_receipt_code_once(client, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)

    response = submit_new_report(client, for_resident="on")

    report = AwarenessReport.objects.get()
    shown = RECEIPT.findall(page_of(response))
    assert response.status_code == 200 and len(shown) == 1
    assert "no-store" in response["Cache-Control"]
    code = shown[0].replace(" ", "")
    assert (report.source, report.status) == (Source.ASSISTED, Status.SUBMITTED)
    assert report.receipt_lookup == code[:6]
    assert services.tip_find(code) == report
    assert response.context["status_url"] == "http://testserver/lapor/status/"

    detail = page_of(client.get(reverse("officer:report_detail", args=[report.pk])))
    assert shown[0] not in detail and code not in detail and not RECEIPT.search(detail)
    assert list(response.context["messages"]) == []
    session_text = repr(dict(client.session.items()))
    stored_sessions = "".join(s.session_data for s in Session.objects.all())
    assert code not in session_text and shown[0] not in session_text
    assert code not in stored_sessions
    assert not LogEntry.objects.exists()


def test_assisted_draft_gets_its_code_when_submitted(client, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)
    saved = submit_new_report(client, for_resident="on", action="draft")
    report = AwarenessReport.objects.get()
    assert saved.status_code == 302 and report.source == Source.ASSISTED
    assert report.receipt_lookup is None

    response = client.post(reverse("officer:report_submit", args=[report.pk]))

    shown = RECEIPT.findall(page_of(response))
    assert response.status_code == 200 and len(shown) == 1
    assert services.tip_find(shown[0]) == report


def test_assisted_report_that_cannot_be_sent_gets_no_code(client, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)

    response = submit_new_report(client, for_resident="on", observed=" ")

    report = AwarenessReport.objects.get()
    assert response.status_code == 200 and "observed" in response.context["form"].errors
    assert (report.status, report.receipt_lookup) == (Status.DRAFT, None)
    assert not RECEIPT.search(page_of(response))


def test_officer_own_report_gets_no_code(client, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)

    response = submit_new_report(client)

    report = AwarenessReport.objects.get()
    assert response.status_code == 302
    assert (report.source, report.receipt_lookup) == (Source.OFFICER, None)


def test_assisted_report_is_marked_for_the_officer_and_staff(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    report = factories.report(
        kebon_kosong, filed_by=officer_kebon_kosong.user, source=Source.ASSISTED
    )
    client.force_login(officer_kebon_kosong.user)
    listing = client.get(reverse("officer:report_list"))
    assert report in listing.context["reports"]

    client.force_login(staff_user)
    queue = client.get(url(AwarenessReport, "changelist"), {"source": Source.ASSISTED})
    assert list(queue.context["cl"].result_list) == [report]


# Retention


def close(report, staff, *, days_ago: int) -> AwarenessReport:
    services.report_start_review(report=report, by=staff)
    services.report_close(report=report, by=staff)
    closed_at = timezone.now() - datetime.timedelta(days=days_ago)
    AwarenessReport.objects.filter(pk=report.pk).update(closed_at=closed_at)
    return report


def run_purge(*args) -> str:
    out = StringIO()
    call_command("purge_expired_tips", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def retention_cases(settings, kebon_kosong, officer_kebon_kosong, staff_user):
    settings.TIP_RETENTION_DAYS = 30
    officer = officer_kebon_kosong.user
    assisted = factories.report(kebon_kosong, filed_by=officer, source=Source.ASSISTED)
    return {
        "old_tip": close(tip(kebon_kosong, photo=jpeg_upload()), staff_user, days_ago=31),
        "old_assisted": close(assisted, staff_user, days_ago=45),
        "recent_tip": close(tip(kebon_kosong), staff_user, days_ago=29),
        "open_tip": tip(kebon_kosong),
        "old_officer_report": close(
            factories.report(kebon_kosong, filed_by=officer), staff_user, days_ago=400
        ),
    }


def test_purge_dry_run_deletes_nothing(retention_cases):
    output = run_purge("--dry-run")

    assert re.search(r"\b2\b", output)
    assert AwarenessReport.objects.count() == 5
    assert retention_cases["old_tip"].photo.storage.exists(retention_cases["old_tip"].photo.name)


def test_purge_deletes_only_expired_resident_reports(retention_cases):
    old_tip = retention_cases["old_tip"]
    photo = old_tip.photo.name
    expired = [old_tip.pk, retention_cases["old_assisted"].pk]

    output = run_purge()

    assert re.search(r"\b2\b", output)
    assert "penampungan" not in output
    assert not AwarenessReport.objects.filter(pk__in=expired).exists()
    assert not ReportUpdate.objects.filter(report_id__in=expired).exists()
    assert not old_tip.photo.storage.exists(photo)
    kept = {"recent_tip", "open_tip", "old_officer_report"}
    assert set(AwarenessReport.objects.values_list("pk", flat=True)) == {
        retention_cases[name].pk for name in kept
    }
    assert re.search(r"\b0\b", run_purge())


# Demo data


def test_seed_demo_adds_a_tip_and_an_assisted_report_once(settings, db):
    settings.DEBUG = True
    first = StringIO()
    call_command("seed_demo", stdout=first)
    tips = AwarenessReport.objects.filter(source=Source.TIP_LINE)
    assisted = AwarenessReport.objects.filter(source=Source.ASSISTED)
    codes = RECEIPT.findall(first.getvalue())

    assert tips.count() == 1 and assisted.count() == 1
    assert {services.tip_find(code) for code in codes} == {tips.get(), assisted.get()}
    assert tips.get().updates.exclude(reporter_message="").exists()
    assert tips.get().updates.exclude(note_for_reporter="").exists()
    assert assisted.get().kelurahan.name == "Kebon Kosong"
    before = AwarenessReport.objects.count(), ReportUpdate.objects.count()

    again = StringIO()
    call_command("seed_demo", stdout=again)

    assert (AwarenessReport.objects.count(), ReportUpdate.objects.count()) == before
    assert not RECEIPT.search(again.getvalue())
