"""The audit trail: who changed or read what and when; masked text, no address, read-only."""

import datetime
import io
import re

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from PIL import Image

from kelurahan import services
from kelurahan.admin.audit import NO_ACCOUNT
from kelurahan.audit import MASK, mask
from kelurahan.models import (
    AwarenessReport,
    Kelurahan,
    LiaisonAssignment,
    OutreachSession,
    ReportUpdate,
)
from tests.support import factories
from tests.support.adminpages import form_data, session_add_form, url

Action = LogEntry.Action
Status = AwarenessReport.Status
# Marker values that must never appear in the audit table.
OBSERVED = "ISI-LAPORAN-AUDIT-MARKER"
STREET = "JALAN-AUDIT-MARKER"
CONTACT = "KONTAK-AUDIT-MARKER"
NOTE = "CATATAN-AUDIT-MARKER"
ADDRESS = "203.0.113.99"
FORWARDED = "198.51.100.42"
FROM_ADDRESS = {
    "REMOTE_ADDR": ADDRESS,
    "HTTP_X_FORWARDED_FOR": FORWARDED,
    "HTTP_X_FORWARDED_PORT": "44321",
    "HTTP_X_CORRELATION_ID": "proxy-request-77",
}


@pytest.fixture(autouse=True)
def _tips_accepted_at_once(settings):
    settings.TIP_MIN_FILL_SECONDS = 0


@pytest.fixture
def report(kebon_kosong, officer_kebon_kosong):
    return factories.report(
        kebon_kosong,
        filed_by=officer_kebon_kosong.user,
        observed=OBSERVED,
        location_street=STREET,
    )


def audit_table() -> str:
    """Every row and column of the audit table, read with raw SQL."""
    table = connection.ops.quote_name(LogEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
        return repr(cursor.fetchall())


def entries(obj, action=None):
    found = LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")
    return list(found.filter(action=action) if action is not None else found)


def triage(client, report, **changes):
    page = client.get(url(AwarenessReport, "change", report.pk))
    return client.post(url(AwarenessReport, "change", report.pk), {**form_data(page), **changes})


def submit_tip(client, **fields):
    """Send a tip through the public form; return the receipt code shown."""
    page = client.get("/lapor/", **FROM_ADDRESS)
    stamp = re.search(r'name="stamp" value="([^"]+)"', page.content.decode()).group(1)
    data = {"observed": OBSERVED, "kelurahan": "kebon-kosong", "stamp": stamp, **fields}
    sent = client.post("/lapor/", data, **FROM_ADDRESS)
    assert sent.status_code == 200
    return re.search(r'class="receipt-code">([\d ]+)<', sent.content.decode()).group(1)


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_mask_hides_the_whole_value_and_keeps_empty_visible():
    assert mask(OBSERVED) == MASK
    assert OBSERVED[len(OBSERVED) // 2 :] not in mask(OBSERVED)
    assert (mask(""), mask("None")) == ("", "None")


def test_audit_session_add_change_delete_in_admin_name_the_staff_member(
    client, staff_user, kebon_kosong
):
    client.force_login(staff_user)
    assert (
        client.post(url(OutreachSession, "add"), session_add_form(kebon_kosong)).status_code == 302
    )
    session = OutreachSession.objects.get()
    page = client.get(url(OutreachSession, "change", session.pk))
    changed = {**form_data(page), "title": "Sosialisasi TPPM"}
    assert client.post(url(OutreachSession, "change", session.pk), changed).status_code == 302
    pk = session.pk
    deleted = client.post(url(OutreachSession, "delete", pk), {"post": "yes"})
    assert deleted.status_code == 302
    assert not OutreachSession.objects.filter(pk=pk).exists()

    trail = list(LogEntry.objects.filter(object_id=pk, content_type__model="outreachsession"))
    by_action = {entry.action: entry for entry in trail}
    assert {Action.CREATE, Action.UPDATE, Action.DELETE} <= set(by_action)
    assert {entry.actor for entry in trail} == {staff_user}
    assert by_action[Action.CREATE].changes_dict["title"][1] == "Sosialisasi TPPO di RW 05"
    updates = [e for e in trail if e.action == Action.UPDATE and "title" in e.changes_dict]
    assert updates[0].changes_dict["title"] == ["Sosialisasi TPPO di RW 05", "Sosialisasi TPPM"]
    topics = [e for e in trail if e.changes_dict.get("topics", {}).get("type") == "m2m"]
    assert topics  # the session's topics are recorded too


def test_audit_report_triage_records_status_change_and_masks_notes(client, staff_user, report):
    client.force_login(staff_user)
    triage(client, report, next_step=Status.UNDER_REVIEW, internal_note=NOTE)
    report.refresh_from_db()
    assert report.status == Status.UNDER_REVIEW

    moved = [e for e in entries(report, Action.UPDATE) if "status" in e.changes_dict]
    assert moved[-1].changes_dict["status"] == [Status.SUBMITTED, Status.UNDER_REVIEW]
    assert moved[-1].actor == staff_user
    step = report.updates.get(to_status=Status.UNDER_REVIEW)
    created = entries(step, Action.CREATE)[0]
    assert created.actor == staff_user
    assert created.changes_dict["internal_note"] == ["None", MASK]
    assert NOTE not in audit_table()


def test_audit_assignment_and_designation_name_the_staff_member(
    client, staff_user, kebon_kosong, gambir
):
    liaison = factories.liaison_officer()
    client.force_login(staff_user)
    data = {"officer": liaison.pk, "kelurahan": kebon_kosong.pk, "start_date": "2024-06-01"}
    assert client.post(url(LiaisonAssignment, "add"), data).status_code == 302
    assignment = LiaisonAssignment.objects.get()
    created = entries(assignment, Action.CREATE)
    assert [e.actor for e in created] == [staff_user]
    assert created[0].changes_dict["start_date"][1] == "2024-06-01"

    page = client.get(url(Kelurahan, "change", gambir.pk))
    data = {**form_data(page), "is_binaan": "on", "sk_number": "SK-01/2024"}
    client.post(url(Kelurahan, "change", gambir.pk), {**data, "binaan_since": "2024-06-14"})
    client.post(url(Kelurahan, "change", gambir.pk), {**data, "is_binaan": ""})
    trail = entries(gambir, Action.UPDATE)
    binaan = [e.changes_dict["is_binaan"] for e in trail if "is_binaan" in e.changes_dict]
    assert binaan == [["False", "True"], ["True", "False"]]
    assert trail[0].changes_dict["sk_number"] == ["", "SK-01/2024"]
    assert {e.actor for e in trail} == {staff_user}


def test_audit_region_data_loads_write_no_entries(kebon_kosong, gambir):
    assert not LogEntry.objects.filter(content_type__model="kelurahan").exists()


def test_audit_trail_never_holds_report_text_contact_receipt_or_password(
    client, staff_user, report, kebon_kosong
):
    client.force_login(staff_user)
    triage(client, report, next_step=Status.UNDER_REVIEW, note_for_reporter=NOTE)
    client.logout()
    code = submit_tip(client, contact=CONTACT, location=STREET, photo=photo())
    client.post("/lapor/status/", {"code": code, "message": NOTE}, **FROM_ADDRESS)
    tip = AwarenessReport.objects.get(source=AwarenessReport.Source.TIP_LINE)
    assert tip.receipt_hash and NOTE in [u.reporter_message for u in tip.updates.all()]

    table = audit_table()
    for secret in (OBSERVED, STREET, CONTACT, NOTE, tip.receipt_lookup, tip.receipt_hash):
        assert secret not in table
    assert code.replace(" ", "") not in table.replace(" ", "")
    assert staff_user.password not in table
    assert tip.photo.name not in table
    assert MASK in table
    for entry in LogEntry.objects.all():
        assert "receipt_hash" not in entry.changes_dict
    tip_created = entries(tip, Action.CREATE)[0].changes_dict
    assert tip_created["observed"] == ["None", MASK]
    assert tip_created["reporter_contact"] == ["None", MASK]


def test_audit_tip_has_no_actor_even_from_a_logged_in_browser(client, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)
    code = submit_tip(client)
    client.post("/lapor/status/", {"code": code, "message": NOTE}, **FROM_ADDRESS)
    tip = AwarenessReport.objects.get()
    trail = entries(tip)
    for update in ReportUpdate.objects.filter(report=tip):
        trail += entries(update)
    assert len(trail) >= 3  # the tip, its first timeline entry, the information added
    assert [(e.actor, e.actor_email, e.remote_addr, e.cid) for e in trail] == [
        (None, None, None, None)
    ] * len(trail)


def test_audit_stores_no_address_port_or_correlation_id(client, staff_user, report):
    client.force_login(staff_user)
    triage(client, report, next_step=Status.UNDER_REVIEW)
    client.get(url(AwarenessReport, "change", report.pk), **FROM_ADDRESS)
    client.logout()
    submit_tip(client)

    assert LogEntry.objects.filter(actor=staff_user).exists()
    assert LogEntry.objects.exclude(remote_addr=None).count() == 0
    assert LogEntry.objects.exclude(remote_port=None).count() == 0
    assert LogEntry.objects.exclude(cid=None).count() == 0
    table = audit_table()
    for marker in (ADDRESS, FORWARDED, "44321", "proxy-request-77"):
        assert marker not in table


def test_audit_staff_opening_a_report_or_its_photo_is_recorded(
    client, staff_user, other_office_staff, kebon_kosong
):
    code = submit_tip(client, photo=photo())
    assert code
    tip = AwarenessReport.objects.get()
    client.force_login(staff_user)
    assert client.get(url(AwarenessReport, "change", tip.pk)).status_code == 200
    assert client.get(url(AwarenessReport, "photo", tip.pk)).status_code == 200
    reads = entries(tip, Action.ACCESS)
    assert [(e.actor, e.additional_data) for e in reads] == [
        (staff_user, None),
        (staff_user, {"part": "photo"}),
    ]
    client.get(url(AwarenessReport, "changelist"))
    client.get(url(AwarenessReport, "history", tip.pk))
    assert len(entries(tip, Action.ACCESS)) == 2  # lists and history show no report text

    client.force_login(other_office_staff)
    assert client.get(url(AwarenessReport, "change", tip.pk)).status_code != 200
    assert client.get(url(AwarenessReport, "photo", tip.pk)).status_code == 404
    assert not LogEntry.objects.filter(actor=other_office_staff).exists()


def test_audit_history_page_lists_changes_and_reads_masked(client, staff_user, report):
    client.force_login(staff_user)
    triage(client, report, next_step=Status.UNDER_REVIEW, note_for_reporter=NOTE)
    response = client.get(url(AwarenessReport, "history", report.pk))
    assert response.status_code == 200
    assert "admin/audit_history.html" in [t.name for t in response.templates]
    rows = response.context["rows"]
    actions = {row["entry"].action for row in rows}
    assert {Action.CREATE, Action.UPDATE, Action.ACCESS} <= actions
    assert any(row["record"] for row in rows)  # the timeline's entries are listed with it
    page = response.content.decode()
    assert staff_user.username in page and MASK in page
    for secret in (OBSERVED, STREET, NOTE):
        assert secret not in page


def test_audit_history_page_stays_within_the_office(client, other_office_staff, report):
    client.force_login(other_office_staff)
    response = client.get(url(AwarenessReport, "history", report.pk))
    assert response.status_code != 200
    assert "rows" not in (response.context or {})


def test_audit_history_of_a_designation_shows_who_and_what(client, staff_user, gambir):
    client.force_login(staff_user)
    services.kelurahan_designate(kelurahan=gambir, since=datetime.date(2024, 6, 14), by=None)
    response = client.get(url(Kelurahan, "history", gambir.pk))
    assert response.status_code == 200
    [row] = response.context["rows"]
    fields = {field for field, _before, _after in row["changes"]}
    assert len(fields) >= 2  # designated binaan, binaan since
    assert row["actor"] == NO_ACCOUNT  # done outside a request: no actor


def test_audit_entries_cannot_be_added_changed_or_deleted_even_by_a_superuser(
    client, superuser, report
):
    entry = entries(report)[0]
    before = (entry.action, entry.changes, entry.actor_id, entry.timestamp)
    client.force_login(superuser)
    assert client.get(url(LogEntry, "changelist")).status_code == 200
    assert client.get(url(LogEntry, "change", entry.pk)).status_code == 200
    assert client.get(url(LogEntry, "add")).status_code == 403
    assert client.post(url(LogEntry, "add"), {"action": 0}).status_code == 403
    changed = client.post(url(LogEntry, "change", entry.pk), {"object_repr": "x", "action": 2})
    assert changed.status_code == 403
    assert client.get(url(LogEntry, "delete", entry.pk)).status_code == 403
    assert client.post(url(LogEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    bulk = client.post(
        url(LogEntry, "changelist"), {"action": "delete_selected", "_selected_action": [entry.pk]}
    )
    assert bulk.status_code == 200  # no delete action for the audit trail: the list again
    entry.refresh_from_db()
    assert (entry.action, entry.changes, entry.actor_id, entry.timestamp) == before


def test_audit_global_log_is_for_superusers_only(client, staff_user, report):
    client.force_login(staff_user)
    assert client.get(url(LogEntry, "changelist")).status_code == 403
    assert client.get(url(LogEntry, "change", entries(report)[0].pk)).status_code == 403
    index = client.get(reverse("admin:index"))
    assert "auditlog" not in [app["app_label"] for app in index.context["app_list"]]
