"""The office's inbox on the admin index: what waits, urgent first, each count a filtered list."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kelurahan import services
from kelurahan.models import AwarenessReport, OutreachSession
from tests.support import factories

URGENT = AwarenessReport.Urgency.URGENT


@pytest.fixture
def binaan(kebon_kosong):
    services.kelurahan_designate(kelurahan=kebon_kosong, since=datetime.date(2024, 6, 13))
    return kebon_kosong


def inbox_of(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {section.key: section for section in response.context["inbox"].sections}, response


def changelist_pks(client, url) -> list[int]:
    """The rows a changelist link shows (as a browser following it would see them)."""
    response = client.get(url)
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.result_count == len(changelist.result_list)  # one page
    return sorted(obj.pk for obj in changelist.result_list)


def report_url(report) -> str:
    return reverse("admin:kelurahan_awarenessreport_change", args=[report.pk])


def test_inbox_lists_new_reports_urgent_first_with_links(
    client, staff_user, binaan, officer_kebon_kosong
):
    normal = factories.report(binaan, filed_by=officer_kebon_kosong.user)
    urgent = factories.report(binaan, filed_by=officer_kebon_kosong.user, urgency=URGENT)
    tip, _code = services.tip_submit(observed="Ada penampungan calon PMI.", kelurahan=binaan)
    sections, response = inbox_of(client, staff_user)
    new = sections["new"]
    assert new.count == 3
    assert [line.url for line in new.rows] == [
        report_url(urgent),
        report_url(normal),
        report_url(tip),
    ]
    assert new.rows[0].urgent and not new.rows[1].urgent
    html = response.content.decode()
    assert html.index('id="inbox-title"') < html.index('id="coverage-title"')  # inbox first
    assert f'href="{report_url(urgent)}"' in html and f'href="{new.url}"' in html
    assert changelist_pks(client, new.url) == sorted([normal.pk, urgent.pk, tip.pk])
    assert "observed" not in html and "penampungan" not in html  # no report text in the inbox


def test_inbox_line_disappears_once_the_office_answers(
    client, staff_user, binaan, officer_kebon_kosong
):
    report = factories.report(binaan, filed_by=officer_kebon_kosong.user, urgency=URGENT)
    services.report_add_note(report=report, by=staff_user, note_for_reporter="Kami tindak lanjuti.")
    sections, response = inbox_of(client, staff_user)
    assert sections["new"].count == 0 and sections["added"].count == 0
    assert report_url(report) not in response.content.decode()
    assert changelist_pks(client, sections["new"].url) == []


def test_inbox_lists_a_tip_the_resident_added_to_after_the_answer(client, staff_user, binaan):
    tip, _code = services.tip_submit(
        observed="Ada perekrut kerja ke luar negeri.", kelurahan=binaan
    )
    before, _ = inbox_of(client, staff_user)
    assert before["new"].count == 1 and before["added"].count == 0  # listed once, as new
    services.report_start_review(report=tip, by=staff_user, note_for_reporter="Terima kasih.")
    answered, _ = inbox_of(client, staff_user)
    assert answered["new"].count == 0 and answered["added"].count == 0
    services.tip_add_information(report=tip, message="Perekrut datang lagi malam ini.")
    added, response = inbox_of(client, staff_user)
    assert added["added"].count == 1
    assert [line.url for line in added["added"].rows] == [report_url(tip)]
    assert changelist_pks(client, added["added"].url) == [tip.pk]
    assert "datang lagi" not in response.content.decode()
    services.report_add_note(report=tip, by=staff_user, note_for_reporter="Sudah kami terima.")
    again, _ = inbox_of(client, staff_user)
    assert again["added"].count == 0


def test_inbox_lists_reports_open_past_the_deadline(
    client, staff_user, binaan, officer_kebon_kosong
):
    late = factories.report(binaan, filed_by=officer_kebon_kosong.user)
    services.report_start_review(report=late, by=staff_user)
    days = settings.REPORT_OVERDUE_DAYS + 1
    AwarenessReport.objects.filter(pk=late.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days)
    )
    closed = factories.report(binaan, filed_by=officer_kebon_kosong.user)
    services.report_start_review(report=closed, by=staff_user)
    services.report_close(report=closed, by=staff_user)
    AwarenessReport.objects.filter(pk=closed.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days)
    )
    factories.report(binaan, filed_by=officer_kebon_kosong.user)  # new, not overdue
    sections, _ = inbox_of(client, staff_user)
    assert sections["overdue"].count == 1
    assert changelist_pks(client, sections["overdue"].url) == [late.pk]


def test_inbox_lists_sessions_to_publish_and_to_complete(
    client, staff_user, binaan, officer_kebon_kosong
):
    proposed = factories.session(binaan, by=officer_kebon_kosong.user, published=False)
    factories.session(binaan, by=staff_user, published=False)  # the office's own draft
    factories.session(binaan, by=officer_kebon_kosong.user)  # already published
    planned = factories.session(binaan, days_from_now=-12, by=officer_kebon_kosong.user)
    missing = services.session_mark_held(session=planned, by=None)
    factories.held_session(binaan)  # with its results
    sections, _ = inbox_of(client, staff_user)
    assert sections["proposed"].count == 1
    assert changelist_pks(client, sections["proposed"].url) == [proposed.pk]
    assert sections["results"].count == 1
    assert changelist_pks(client, sections["results"].url) == [missing.pk]
    services.session_publish(session=proposed, by=staff_user)
    after, _ = inbox_of(client, staff_user)
    assert after["proposed"].count == 0
    assert OutreachSession.objects.awaiting_publication().count() == 0


def test_inbox_counts_equal_the_rows_of_their_changelists_beyond_five(
    client, staff_user, binaan, officer_kebon_kosong
):
    for urgency in [URGENT] * 3 + [AwarenessReport.Urgency.NORMAL] * 4:
        factories.report(binaan, filed_by=officer_kebon_kosong.user, urgency=urgency)
    for _ in range(6):
        factories.session(binaan, by=officer_kebon_kosong.user, published=False)
    sections, response = inbox_of(client, staff_user)
    assert sections["new"].count == 7 and len(sections["new"].rows) == 5
    assert sections["proposed"].count == 6
    assert all(line.urgent for line in sections["new"].rows[:3])
    for section in sections.values():
        assert len(changelist_pks(client, section.url)) == section.count, section.key
    more = f'<p class="inbox-more"><a href="{sections["new"].url}">dan 2 lainnya</a></p>'
    assert more in response.content.decode()


def test_inbox_is_scoped_to_the_staff_members_office(
    client, other_office_staff, binaan, officer_kebon_kosong
):
    factories.report(binaan, filed_by=officer_kebon_kosong.user, urgency=URGENT)
    factories.session(binaan, by=officer_kebon_kosong.user, published=False)
    sections, response = inbox_of(client, other_office_staff)
    assert all(section.count == 0 for section in sections.values())
    for section in sections.values():
        assert changelist_pks(client, section.url) == []


def test_inbox_says_so_when_nothing_is_waiting(client, staff_user, binaan):
    sections, response = inbox_of(client, staff_user)
    assert response.context["inbox"].total == 0
    assert 'class="inbox-empty"' in response.content.decode()


def test_inbox_lists_officers_changes_and_results_to_verify(
    client, staff_user, other_office_staff, binaan, officer_kebon_kosong
):
    public = factories.session(binaan, by=officer_kebon_kosong.user)
    change = services.session_change_propose(
        session=public, by=officer_kebon_kosong.user, changes={"title": "Judul baru usulan"}
    )
    unverified = factories.held_session(binaan, verified=False)
    factories.held_session(binaan)  # verified: nothing to do
    sections, response = inbox_of(client, staff_user)
    assert sections["changes"].count == 1
    assert changelist_pks(client, sections["changes"].url) == [change.pk]
    change_url = reverse("admin:kelurahan_sessionchange_change", args=[change.pk])
    assert f'href="{change_url}"' in response.content.decode()
    assert sections["unverified"].count == 1
    assert changelist_pks(client, sections["unverified"].url) == [unverified.pk]

    services.session_change_approve(change=change, by=staff_user)
    services.session_verify_results(session=unverified, by=staff_user)
    after, _ = inbox_of(client, staff_user)
    assert after["changes"].count == 0 and after["unverified"].count == 0
    elsewhere, _ = inbox_of(client, other_office_staff)
    assert elsewhere["changes"].count == 0
