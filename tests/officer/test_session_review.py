"""Officers' changes to a published session wait for the office: propose, approve, decline."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kelurahan import services
from kelurahan.models import OutreachSession, SessionChange
from tests.support import factories
from tests.support.adminpages import url

pytestmark = pytest.mark.django_db

OLD, NEW = "Sosialisasi TPPO RW 05", "Lowongan kerja luar negeri, hubungi WA 0812-9999"


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _edit_data(session, **overrides) -> dict:
    data = {
        "kind": session.kind,
        "title": session.title,
        "topics": [topic.pk for topic in session.topics.all()],
        "description": session.description,
        "starts_at": _local(session.starts_at),
        "ends_at": _local(session.ends_at),
        "venue": session.venue,
        "address": session.address,
    }
    return {**data, **overrides}


def _officer_edits(client, officer, session, **overrides):
    client.force_login(officer.user)
    return client.post(
        reverse("officer:session_edit", args=[session.pk]), _edit_data(session, **overrides)
    )


def _public(client, session) -> str:
    client.logout()
    return client.get(session.get_absolute_url()).content.decode()


def _decide(client, staff, change, decision, note=""):
    client.force_login(staff)
    data = {"decision": decision, "staff_note": note}
    return client.post(url(SessionChange, "change", change.pk), data)


def test_officer_edit_of_published_session_is_not_public_until_approved(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    session = factories.session(kebon_kosong, title=OLD)

    response = _officer_edits(client, officer_kebon_kosong, session, title=NEW)

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == OLD
    change = SessionChange.objects.pending().get()
    assert change.proposed == {"title": NEW}
    assert change.proposed_by == officer_kebon_kosong.user
    detail = client.get(reverse("officer:session_detail", args=[session.pk])).content.decode()
    assert "Perubahan Anda menunggu keputusan Kantor Imigrasi" in detail and NEW in detail
    page = _public(client, session)
    assert OLD in page and NEW not in page
    for feed in ("public:sessions_rss", "public:calendar", "sitemap"):
        assert NEW not in client.get(reverse(feed)).content.decode()

    assert _decide(client, staff_user, change, "approve").status_code == 302
    session.refresh_from_db()
    assert session.title == NEW
    page = _public(client, session)
    assert NEW in page and OLD not in page
    assert NEW in client.get(reverse("public:sessions_rss")).content.decode()
    change.refresh_from_db()
    assert (change.status, change.decided_by, change.previous) == (
        SessionChange.Status.APPROVED,
        staff_user,
        {"title": OLD},
    )


def test_officer_edit_of_unpublished_session_changes_it_directly(
    client, kebon_kosong, officer_kebon_kosong
):
    session = factories.session(kebon_kosong, title=OLD, published=False)
    _officer_edits(client, officer_kebon_kosong, session, title="Judul baru")
    session.refresh_from_db()
    assert session.title == "Judul baru"
    assert not SessionChange.objects.exists()


def test_staff_diff_shows_old_and_new_values_of_each_field(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    session = factories.session(kebon_kosong, title=OLD, venue="Aula Kelurahan")
    later = session.starts_at + datetime.timedelta(days=1)
    _officer_edits(
        client,
        officer_kebon_kosong,
        session,
        venue="Rumah Pak RT",
        starts_at=_local(later),
        ends_at=_local(later + datetime.timedelta(hours=2)),
    )
    change = SessionChange.objects.get()
    assert set(change.proposed) == {"venue", "starts_at", "ends_at"}
    client.force_login(staff_user)
    page = client.get(url(SessionChange, "change", change.pk)).content.decode()
    assert "Aula Kelurahan" in page and "Rumah Pak RT" in page
    assert timezone.localtime(later).strftime("%H:%M") in page
    assert "Setujui perubahan" in page and "Tolak perubahan" in page


def test_declined_change_keeps_the_session_and_the_officer_reads_the_note(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    session = factories.session(kebon_kosong, title=OLD)
    _officer_edits(client, officer_kebon_kosong, session, title=NEW)
    change = SessionChange.objects.get()

    refused = _decide(client, staff_user, change, "decline", note="")
    assert refused.status_code == 200
    assert "staff_note" in refused.context["adminform"].form.errors
    change.refresh_from_db()
    assert change.is_pending

    _decide(client, staff_user, change, "decline", note="Nomor WhatsApp ini bukan milik kantor.")
    session.refresh_from_db()
    change.refresh_from_db()
    assert session.title == OLD
    assert change.status == SessionChange.Status.DECLINED
    client.force_login(officer_kebon_kosong.user)
    detail = client.get(reverse("officer:session_detail", args=[session.pk])).content.decode()
    assert "Kantor menolak perubahan Anda" in detail
    assert "Nomor WhatsApp ini bukan milik kantor." in detail
    assert NEW not in _public(client, session)


def test_officer_cancellation_of_published_session_waits_for_the_office(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    session = factories.session(kebon_kosong, title=OLD)
    client.force_login(officer_kebon_kosong.user)
    client.post(
        reverse("officer:session_cancel", args=[session.pk]),
        {"cancel_reason": "Ditunda karena banjir.", "office_note": "Pak Lurah sakit."},
    )
    session.refresh_from_db()
    assert session.status == OutreachSession.Status.PLANNED
    change = SessionChange.objects.pending().get()
    assert change.kind == SessionChange.Kind.CANCEL
    assert "Ditunda karena banjir." not in _public(client, session)
    assert "CANCELLED" not in client.get(reverse("public:calendar")).content.decode()

    _decide(client, staff_user, change, "approve", note="Terima kasih.")
    session.refresh_from_db()
    assert session.status == OutreachSession.Status.CANCELLED
    assert session.cancel_reason == "Ditunda karena banjir."
    assert session.cancel_office_note == "Pak Lurah sakit."
    page = _public(client, session)
    assert "Ditunda karena banjir." in page and "Pak Lurah sakit." not in page


def test_cancel_form_separates_the_public_reason_from_the_note_for_the_office(
    client, kebon_kosong, officer_kebon_kosong
):
    session = factories.session(kebon_kosong, published=False)
    client.force_login(officer_kebon_kosong.user)
    cancel = reverse("officer:session_cancel", args=[session.pk])
    form = client.get(cancel).content.decode()
    assert "Alasan yang ditampilkan kepada warga" in form
    assert "Catatan untuk Kantor Imigrasi (opsional)" in form
    assert 'name="cancel_reason"' in form and 'name="office_note"' in form

    client.post(cancel, {"cancel_reason": "Aula dipakai.", "office_note": "Jadwal bentrok."})
    session.refresh_from_db()
    assert (session.status, session.cancel_reason, session.cancel_office_note) == (
        OutreachSession.Status.CANCELLED,
        "Aula dipakai.",
        "Jadwal bentrok.",
    )
    services.session_publish(session=session, by=None)
    page = _public(client, session)
    assert "Aula dipakai." in page and "Jadwal bentrok." not in page


def test_services_refuse_an_officer_writing_a_published_session(kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, title=OLD)
    officer = officer_kebon_kosong.user
    with pytest.raises(ValidationError):
        services.session_update(session=session, by=officer, title=NEW)
    with pytest.raises(ValidationError):
        services.session_cancel(session=session, by=officer, reason="Hujan")
    session.refresh_from_db()
    assert (session.title, session.status) == (OLD, OutreachSession.Status.PLANNED)


def test_newer_proposal_replaces_the_one_waiting(kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, title=OLD)
    officer = officer_kebon_kosong.user
    first = services.session_change_propose(session=session, by=officer, changes={"title": "A"})
    second = services.session_change_propose(session=session, by=officer, changes={"title": "B"})
    first.refresh_from_db()
    assert first.status == SessionChange.Status.WITHDRAWN
    assert list(SessionChange.objects.pending()) == [second]


def test_proposal_that_changes_nothing_or_breaks_a_rule_is_refused(
    kebon_kosong, officer_kebon_kosong
):
    session = factories.session(kebon_kosong, title=OLD)
    officer = officer_kebon_kosong.user
    with pytest.raises(ValidationError):
        services.session_change_propose(session=session, by=officer, changes={"title": OLD})
    with pytest.raises(ValidationError):
        early = session.starts_at - datetime.timedelta(hours=1)
        services.session_change_propose(session=session, by=officer, changes={"ends_at": early})
    assert not SessionChange.objects.exists()


def test_decided_change_cannot_be_decided_again(kebon_kosong, officer_kebon_kosong, staff_user):
    session = factories.session(kebon_kosong, title=OLD)
    change = services.session_change_propose(
        session=session, by=officer_kebon_kosong.user, changes={"title": NEW}
    )
    services.session_change_decline(change=change, by=staff_user, staff_note="Tidak.")
    with pytest.raises(ValidationError):
        services.session_change_approve(change=change, by=staff_user)
    session.refresh_from_db()
    assert session.title == OLD


def test_other_office_staff_cannot_see_the_change(client, kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, title=OLD)
    change = services.session_change_propose(
        session=session, by=officer_kebon_kosong.user, changes={"title": NEW}
    )
    stranger = factories.staff(factories.office())
    client.force_login(stranger)
    response = client.get(url(SessionChange, "change", change.pk))
    assert response.status_code == 302  # outside the office's scope: back to the admin index
    assert response.url == reverse("admin:index")
    _decide(client, stranger, change, "approve")
    change.refresh_from_db()
    assert change.is_pending


def test_proposal_and_decision_are_audited(kebon_kosong, officer_kebon_kosong, staff_user):
    session = factories.session(kebon_kosong, title=OLD)
    change = services.session_change_propose(
        session=session, by=officer_kebon_kosong.user, changes={"title": NEW}
    )
    services.session_change_approve(change=change, by=staff_user, staff_note="Oke.")
    entries = LogEntry.objects.get_for_object(change)
    assert entries.filter(action=LogEntry.Action.CREATE).exists()
    decided = entries.filter(action=LogEntry.Action.UPDATE).get()
    assert decided.changes_dict["status"] == ["pending", "approved"]
    titles = [e.changes_dict.get("title") for e in LogEntry.objects.get_for_object(session)]
    assert [OLD, NEW] in titles


def test_an_officer_cannot_decide_on_a_change(kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, title=OLD)
    officer = officer_kebon_kosong.user
    change = services.session_change_propose(session=session, by=officer, changes={"title": NEW})
    with pytest.raises(ValidationError):
        services.session_change_approve(change=change, by=officer)
    with pytest.raises(ValidationError):
        services.session_change_decline(change=change, by=officer, staff_note="Tolak sendiri")
    change.refresh_from_db()
    session.refresh_from_db()
    assert (change.status, session.title) == (SessionChange.Status.PENDING, OLD)


def test_edit_form_shows_the_change_still_waiting(client, kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, title=OLD)
    _officer_edits(client, officer_kebon_kosong, session, title=NEW)
    form = client.get(reverse("officer:session_edit", args=[session.pk])).content.decode()
    assert f'value="{NEW}"' in form and f'value="{OLD}"' not in form
    _officer_edits(client, officer_kebon_kosong, session, title="Judul ketiga")
    assert SessionChange.objects.pending().get().proposed == {"title": "Judul ketiga"}
