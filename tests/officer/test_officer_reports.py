"""Officer pages for awareness reports: drafts, submission, and the office's updates."""

import pytest
from django.urls import reverse

from kelurahan import services
from kelurahan.models import AwarenessReport
from tests.support import factories
from tests.support.officerpages import logged_in
from tests.support.publicpages import text

pytestmark = pytest.mark.django_db


def test_report_draft_can_be_saved_with_only_a_category(
    client, kebon_kosong, gambir, officer_kebon_kosong
):
    response = logged_in(client, officer_kebon_kosong).post(
        reverse("officer:report_create"),
        {"category": "tppo", "urgency": "1", "kelurahan": gambir.pk, "action": "draft"},
    )
    report = AwarenessReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("officer:report_detail", args=[report.pk])
    assert report.status == AwarenessReport.Status.DRAFT
    assert report.kelurahan == kebon_kosong
    assert report.filed_by == officer_kebon_kosong.user


def test_submit_without_observed_keeps_draft_and_typed_text(client, officer_kebon_kosong):
    response = logged_in(client, officer_kebon_kosong).post(
        reverse("officer:report_create"),
        {
            "category": "tppm",
            "observed": "   ",
            "location_street": "Gang Kelinci",
            "urgency": "2",
            "action": "submit",
        },
    )
    assert response.status_code == 200
    assert "observed" in response.context["form"].errors
    assert 'value="Gang Kelinci"' in text(response)
    report = AwarenessReport.objects.get()
    assert report.status == AwarenessReport.Status.DRAFT
    assert reverse("officer:report_edit", args=[report.pk]) in text(response)


def test_submit_report_then_it_is_read_only(client, kebon_kosong, officer_kebon_kosong):
    draft = factories.report(
        kebon_kosong, filed_by=officer_kebon_kosong.user, submit=False, observed=""
    )
    edit_url = reverse("officer:report_edit", args=[draft.pk])
    logged_in(client, officer_kebon_kosong)
    response = client.post(
        edit_url,
        {
            "category": "tppo",
            "observed": "Perekrut menjanjikan kerja di kapal tanpa kontrak.",
            "observed_on": "2024-07-01",
            "urgency": "1",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AwarenessReport.Status.SUBMITTED

    detail_url = reverse("officer:report_detail", args=[draft.pk])
    assert client.get(edit_url).url == detail_url
    response = client.post(edit_url, {"category": "wna", "observed": "Diubah", "urgency": "1"})
    assert response.url == detail_url
    assert client.post(reverse("officer:report_submit", args=[draft.pk])).url == detail_url
    draft.refresh_from_db()
    assert draft.category == "tppo"
    assert edit_url not in text(client.get(detail_url))


def test_submit_button_on_detail_sends_the_draft(client, kebon_kosong, officer_kebon_kosong):
    draft = factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user, submit=False)
    logged_in(client, officer_kebon_kosong)
    response = client.post(reverse("officer:report_submit", args=[draft.pk]))
    assert response.url == reverse("officer:report_detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == AwarenessReport.Status.SUBMITTED


def test_submit_button_on_incomplete_draft_shows_the_form(
    client, kebon_kosong, officer_kebon_kosong
):
    draft = factories.report(
        kebon_kosong, filed_by=officer_kebon_kosong.user, submit=False, category="", observed=""
    )
    response = logged_in(client, officer_kebon_kosong).post(
        reverse("officer:report_submit", args=[draft.pk])
    )
    assert response.status_code == 200
    assert {"category", "observed"} <= set(response.context["form"].errors)
    assert 'value="003/005"' in text(response)
    draft.refresh_from_db()
    assert draft.status == AwarenessReport.Status.DRAFT


def test_report_detail_shows_officer_notes_never_internal_notes(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    report = factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user)
    services.report_start_review(
        report=report,
        by=staff_user,
        note_for_reporter="Terima kasih, kami tindak lanjuti.",
        internal_note="RAHASIA: nama perekrut sudah dikenal polisi.",
    )
    services.report_add_note(report=report, by=staff_user, internal_note="RAHASIA kedua")

    response = logged_in(client, officer_kebon_kosong).get(
        reverse("officer:report_detail", args=[report.pk])
    )

    page = text(response)
    assert "Terima kasih, kami tindak lanjuti." in page
    assert "RAHASIA" not in page
    assert [entry.status for entry in response.context["timeline"]] == [
        AwarenessReport.Status.SUBMITTED,
        AwarenessReport.Status.UNDER_REVIEW,
    ]


def test_report_list_shows_own_reports_drafts_first(
    client, kebon_kosong, gambir, officer_kebon_kosong, officer_gambir
):
    sent = factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user)
    draft = factories.report(kebon_kosong, filed_by=officer_kebon_kosong.user, submit=False)
    factories.report(gambir, filed_by=officer_gambir.user)
    response = logged_in(client, officer_kebon_kosong).get(reverse("officer:report_list"))
    assert list(response.context["reports"]) == [draft, sent]
