"""The report triage queue in the admin: every transition through the services."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from kelurahan.models import (
    AwarenessReport,
    ReportUpdate,
)
from tests.support import factories
from tests.support.adminpages import form_data, url

Status = AwarenessReport.Status


@pytest.fixture
def report(kebon_kosong, officer_kebon_kosong):
    return factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user)


def triage(client, report, **changes):
    page = client.get(url(AwarenessReport, "change", report.pk))
    return client.post(url(AwarenessReport, "change", report.pk), {**form_data(page), **changes})


def test_admin_triage_moves_report_through_services(client, staff_user, report):
    client.force_login(staff_user)
    triage(client, report, next_step=Status.UNDER_REVIEW, note_for_reporter="Sedang dicek.")
    missing = triage(client, report, next_step=Status.REFERRED, internal_note="Ke polisi")
    assert "refer_to" in missing.context["adminform"].form.errors
    report.refresh_from_db()
    assert report.status == Status.UNDER_REVIEW
    partner = factories.partner()
    triage(client, report, next_step=Status.REFERRED, refer_to=partner.pk, internal_note="Polres")
    triage(client, report, next_step=Status.CLOSED, note_for_reporter="Selesai, terima kasih.")
    report.refresh_from_db()
    assert (report.status, report.referred_to, report.assigned_to) == (
        Status.CLOSED,
        partner,
        staff_user,
    )
    steps = [
        (u.author, u.from_status, u.to_status, u.note_for_reporter, u.internal_note)
        for u in report.updates.all()
    ]
    assert steps[1:] == [
        (staff_user, Status.SUBMITTED, Status.UNDER_REVIEW, "Sedang dicek.", ""),
        (staff_user, Status.UNDER_REVIEW, Status.REFERRED, "", "Polres"),
        (staff_user, Status.REFERRED, Status.CLOSED, "Selesai, terima kasih.", ""),
    ]


def test_admin_triage_refuses_a_jump_the_transitions_forbid(client, staff_user, report):
    client.force_login(staff_user)
    page = client.get(url(AwarenessReport, "change", report.pk))
    offered = [value for value, _ in page.context["adminform"].form.fields["next_step"].choices]
    assert offered == ["", Status.UNDER_REVIEW]
    response = triage(client, report, next_step=Status.CLOSED)
    assert "next_step" in response.context["adminform"].form.errors
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.updates.count() == 1


def test_admin_triage_note_and_assignment_keep_the_status(client, staff_user, report):
    colleague = factories.staff(username="staf.kedua")
    client.force_login(staff_user)
    triage(client, report, assigned_to=colleague.pk, internal_note="Tolong cek")
    report.refresh_from_db()
    assert (report.status, report.assigned_to) == (Status.SUBMITTED, colleague)
    note = report.updates.last()
    assert (note.from_status, note.to_status, note.internal_note) == ("", "", "Tolong cek")


def test_admin_triage_cannot_assign_other_office_staff(
    client, staff_user, other_office_staff, report
):
    client.force_login(staff_user)
    response = triage(client, report, assigned_to=other_office_staff.pk)
    assert "assigned_to" in response.context["adminform"].form.errors
    report.refresh_from_db()
    assert report.assigned_to is None


def test_admin_report_content_is_read_only_for_staff(client, staff_user, report):
    client.force_login(staff_user)
    triage(client, report, observed="Diubah oleh staf", category=AwarenessReport.Category.OTHER)
    report.refresh_from_db()
    assert report.observed.startswith("Ada perekrut")
    assert report.category == AwarenessReport.Category.TPPO


def test_admin_report_drafts_are_not_shown(client, staff_user, kebon_kosong):
    draft = factories.report(kebon_kosong, submit=False)
    client.force_login(staff_user)
    changelist = client.get(url(AwarenessReport, "changelist"))
    assert draft not in changelist.context["cl"].result_list
    assert client.get(url(AwarenessReport, "change", draft.pk)).status_code == 302


def test_admin_report_queue_is_urgent_first_then_oldest(client, staff_user, kebon_kosong):
    first = factories.report(kebon_kosong)
    second = factories.report(kebon_kosong)
    urgent = factories.report(kebon_kosong, urgency=AwarenessReport.Urgency.URGENT)
    client.force_login(staff_user)
    changelist = client.get(url(AwarenessReport, "changelist"))
    assert list(changelist.context["cl"].result_list) == [urgent, first, second]
    found = client.get(url(AwarenessReport, "changelist"), {"q": second.reference})
    assert list(found.context["cl"].result_list) == [second]


def test_admin_report_actions_assign_and_start_review(client, staff_user, report):
    client.force_login(staff_user)
    changelist = url(AwarenessReport, "changelist")
    client.post(changelist, {"action": "assign_to_me", ACTION_CHECKBOX_NAME: [report.pk]})
    report.refresh_from_db()
    assert (report.assigned_to, report.status) == (staff_user, Status.SUBMITTED)
    client.post(changelist, {"action": "start_review", ACTION_CHECKBOX_NAME: [report.pk]})
    report.refresh_from_db()
    assert report.status == Status.UNDER_REVIEW
    assert report.updates.last().from_status == Status.SUBMITTED


def test_admin_report_timeline_cannot_be_changed(client, superuser, report):
    client.force_login(superuser)
    page = client.get(url(AwarenessReport, "change", report.pk))
    (timeline,) = page.context["inline_admin_formsets"]
    assert timeline.formset.model is ReportUpdate
    assert not (timeline.has_add_permission or timeline.has_change_permission)
    assert not timeline.has_delete_permission
    assert client.get(reverse("admin:index")).context["app_list"]
    assert ReportUpdate not in admin.site._registry
