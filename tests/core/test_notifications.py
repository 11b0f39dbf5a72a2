"""Who is told what: the office of urgent reports and tips, officers of the office's answers."""

import pytest
from django.urls import reverse

from kelurahan import services
from kelurahan.models import AwarenessReport, Notice, OutgoingMessage
from kelurahan.services.delivery import deliver_due
from tests.support import factories

Urgency = AwarenessReport.Urgency
OFFICE_ADDRESS = "kanim.jakpus@imigrasi.example"
# Words that must never leave the building in a notification.
SECRETS = (
    "KORBAN-SITI-RAHAYU",
    "JALAN-RAHASIA-12",
    "RT-007",
    "0812-KONTAK-PELAPOR",
    "CATATAN-UNTUK-PETUGAS",
    "CATATAN-INTERNAL",
    "TAMBAHAN-DARI-WARGA",
)


@pytest.fixture
def office(db):
    office = factories.main_office()
    office.email = OFFICE_ADDRESS
    office.save()
    return office


@pytest.fixture
def officer(kebon_kosong, officer_kebon_kosong):
    user = officer_kebon_kosong.user
    user.email = "petugas.kk@kelurahan.example"
    user.save()
    return user


def recipients() -> list[str]:
    return sorted(OutgoingMessage.objects.values_list("recipient", flat=True))


def urgent_report(kebon_kosong, officer, **content):
    return factories.report(kebon_kosong, filed_by=officer, urgency=Urgency.URGENT, **content)


def test_urgent_report_reaches_the_office_at_once_a_normal_one_waits(office, kebon_kosong, officer):
    normal = factories.report(kebon_kosong, filed_by=officer)
    assert recipients() == []
    urgent = urgent_report(kebon_kosong, officer)
    message = OutgoingMessage.objects.get()
    assert message.recipient == OFFICE_ADDRESS and message.office == office
    assert urgent.reference in message.subject and normal.reference not in message.subject
    assert "Kebon Kosong" in message.subject
    assert f"/kelurahan/awarenessreport/{urgent.pk}/change/" in message.body


def test_every_tip_reaches_the_office_and_extra_addresses(office, kebon_kosong, settings):
    settings.TIP_NOTIFY_EMAILS = ["piket@imigrasi.example"]
    tip, _code = services.tip_submit(observed="Ada penampungan.", kelurahan=kebon_kosong)
    assert recipients() == [OFFICE_ADDRESS, "piket@imigrasi.example"]
    assert all(tip.reference in m.subject for m in OutgoingMessage.objects.all())


def test_office_without_address_tells_its_staff_rather_than_nobody(kebon_kosong, db):
    staff = factories.staff(username="staf.piket", email="staf.piket@imigrasi.example")
    services.tip_submit(observed="Ada penampungan.", kelurahan=kebon_kosong)
    assert recipients() == [staff.email]


def test_assigned_staff_member_is_told(office, kebon_kosong, officer, staff_user):
    colleague = factories.staff(username="staf.dua", email="staf.dua@imigrasi.example")
    report = factories.report(kebon_kosong, filed_by=officer)
    services.report_assign(report=report, by=staff_user, assignee=colleague)
    message = OutgoingMessage.objects.get()
    assert message.recipient == colleague.email
    assert report.reference in message.subject
    services.report_assign(report=report, by=colleague, assignee=colleague)  # took it themselves
    assert OutgoingMessage.objects.count() == 1


def test_officer_is_told_when_the_office_answers_and_changes_the_status(
    office, kebon_kosong, officer, staff_user
):
    report = factories.report(kebon_kosong, filed_by=officer)
    services.report_start_review(report=report, by=staff_user)
    services.report_add_note(report=report, by=staff_user, note_for_reporter="Terima kasih.")
    services.report_add_note(report=report, by=staff_user, internal_note="Hanya untuk staf.")
    notices = [(n.kind, n.reference) for n in Notice.objects.filter(user=officer)]
    assert notices == [
        (Notice.Kind.REPORT_ANSWERED, report.reference),
        (Notice.Kind.REPORT_STATUS, report.reference),
    ]  # newest first; the internal note told nobody
    mails = OutgoingMessage.objects.filter(recipient=officer.email).order_by("pk")
    assert [m.subject.split("] ")[1] for m in mails] == [
        f"Laporan {report.reference} kini: Sedang ditelaah",
        f"Kantor membalas laporan {report.reference}",
    ]
    assert f"/petugas/laporan/{report.pk}/" in mails[1].body


def test_dashboard_shows_what_changed_since_the_last_visit(
    client, office, kebon_kosong, officer, staff_user
):
    report = factories.report(kebon_kosong, filed_by=officer)
    client.force_login(officer)
    assert "Kantor membalas" not in client.get(reverse("officer:dashboard")).content.decode()
    services.report_start_review(
        report=report, by=staff_user, note_for_reporter="Sedang kami periksa."
    )
    page = client.get(reverse("officer:dashboard")).content.decode()
    assert f"Kantor membalas laporan {report.reference}" in page
    assert "1 baru sejak kunjungan terakhir Anda" in page
    assert f'href="/petugas/laporan/{report.pk}/"' in page
    again = client.get(reverse("officer:dashboard")).content.decode()
    assert f"Kantor membalas laporan {report.reference}" in again  # still listed as recent
    assert "Tidak ada yang baru sejak kunjungan terakhir Anda" in again


def test_dashboard_notices_are_the_officers_own(client, office, kebon_kosong, officer, gambir):
    other = factories.kelurahan_officer(gambir, username="petugas.lain").user
    report = factories.report(kebon_kosong, filed_by=officer)
    services.report_start_review(report=report, by=factories.staff(), note_for_reporter="Ok.")
    client.force_login(other)
    assert report.reference not in client.get(reverse("officer:dashboard")).content.decode()


def test_officer_is_told_once_when_their_session_is_published(
    office, kebon_kosong, officer, staff_user
):
    session = factories.session(kebon_kosong, published=False, by=officer, title="Sosialisasi A")
    services.session_publish(session=session, by=staff_user)
    services.session_publish(session=session, by=staff_user)  # already public: no second word
    notice = Notice.objects.get(user=officer)
    assert notice.message() == "Kantor menayangkan sosialisasi Anda “Sosialisasi A”"
    assert OutgoingMessage.objects.get().recipient == officer.email


def test_staff_own_sessions_tell_nobody(office, kebon_kosong, staff_user):
    session = factories.session(kebon_kosong, published=False, by=staff_user)
    services.session_publish(session=session, by=staff_user)
    assert not Notice.objects.exists() and not OutgoingMessage.objects.exists()


def test_decline_and_change_decisions_tell_the_officer(office, kebon_kosong, officer, staff_user):
    proposal = factories.session(kebon_kosong, published=False, by=officer, title="Sosialisasi B")
    services.session_cancel(session=proposal, by=staff_user, reason="Jadwal bentrok.")
    public = factories.session(kebon_kosong, by=officer, title="Sosialisasi C")
    for decide in (services.session_change_approve, services.session_change_decline):
        change = services.session_change_propose(
            session=public, by=officer, changes={"venue": f"Aula {decide.__name__}"}
        )
        decide(change=change, by=staff_user, staff_note="Sudah kami periksa.")
    assert [n.message() for n in Notice.objects.filter(user=officer).order_by("pk")] == [
        "Kantor menolak usulan sosialisasi Anda “Sosialisasi B”",
        "Kantor menyetujui perubahan Anda pada “Sosialisasi C”",
        "Kantor menolak perubahan Anda pada “Sosialisasi C”",
    ]
    assert OutgoingMessage.objects.filter(recipient=officer.email).count() == 3


def test_officer_cancelling_their_own_proposal_tells_nobody(office, kebon_kosong, officer):
    proposal = factories.session(kebon_kosong, published=False, by=officer)
    services.session_cancel(session=proposal, by=officer, reason="Batal.")
    assert not Notice.objects.exists()


def test_no_report_text_or_person_in_any_queued_message(
    office, kebon_kosong, officer, staff_user, settings
):
    settings.TIP_NOTIFY_EMAILS = ["piket@imigrasi.example"]
    report = urgent_report(
        kebon_kosong,
        officer,
        observed=f"{SECRETS[0]} dibawa ke penampungan.",
        location_street=SECRETS[1],
        location_rt_rw=SECRETS[2],
    )
    tip, _code = services.tip_submit(
        observed=SECRETS[0],
        kelurahan=kebon_kosong,
        location=SECRETS[1],
        contact=SECRETS[3],
        urgency=Urgency.URGENT,
    )
    services.tip_add_information(report=tip, message=SECRETS[6])
    for case in (report, tip):
        services.report_start_review(
            report=case, by=staff_user, note_for_reporter=SECRETS[4], internal_note=SECRETS[5]
        )
        services.report_close(report=case, by=staff_user, note_for_reporter=SECRETS[4])
    messages = list(OutgoingMessage.objects.all())
    assert len(messages) == 6  # office and piket twice each; the officer: review, closing
    deliver_due()
    everything = " ".join(m.subject + m.body for m in messages)
    everything += " ".join(n.reference for n in Notice.objects.all())
    assert all(secret not in everything for secret in SECRETS)
