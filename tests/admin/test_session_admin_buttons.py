"""Everyday session handling: Publish/Unpublish buttons, started sessions, cancelled ones."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from kelurahan import services
from kelurahan.models import OutreachSession
from tests.support import factories
from tests.support.adminpages import form_data, messages_of, url

pytestmark = pytest.mark.django_db


def _press(client, session, button):
    page = client.get(url(OutreachSession, "change", session.pk))
    return client.post(
        url(OutreachSession, "change", session.pk), {**form_data(page), button: "1"}, follow=True
    )


def test_session_page_publish_and_unpublish_buttons(client, staff_user, kebon_kosong):
    session = factories.session(kebon_kosong, published=False)
    client.force_login(staff_user)
    page = client.get(url(OutreachSession, "change", session.pk)).content.decode()
    assert 'name="_publish"' in page and 'name="_unpublish"' not in page

    _press(client, session, "_publish")
    session.refresh_from_db()
    assert session.is_published

    page = client.get(url(OutreachSession, "change", session.pk)).content.decode()
    assert 'name="_unpublish"' in page and 'name="_publish"' not in page
    _press(client, session, "_unpublish")
    session.refresh_from_db()
    assert not session.is_published


def test_publishing_a_started_session_warns_and_offers_to_record_it_held(
    client, staff_user, kebon_kosong
):
    session = factories.session(kebon_kosong, days_from_now=-1, published=False)
    client.force_login(staff_user)
    page = client.get(url(OutreachSession, "change", session.pk)).content.decode()
    assert "Warga akan mengira kegiatan ini belum berlangsung" in page
    assert 'name="_mark_held"' in page and 'name="_publish_anyway"' in page
    assert 'name="_publish"' not in page

    refused = _press(client, session, "_publish")  # a page opened before the session started
    session.refresh_from_db()
    assert not session.is_published
    assert any("sudah dimulai" in str(m) for m in messages_of(refused))

    _press(client, session, "_mark_held")
    session.refresh_from_db()
    assert session.status == OutreachSession.Status.HELD


def test_publish_anyway_publishes_a_started_session(client, staff_user, kebon_kosong):
    session = factories.session(kebon_kosong, days_from_now=-1, published=False)
    client.force_login(staff_user)
    _press(client, session, "_publish_anyway")
    session.refresh_from_db()
    assert session.is_published and session.status == OutreachSession.Status.PLANNED


def test_bulk_publish_leaves_started_sessions_for_recording(client, staff_user, kebon_kosong):
    future = factories.session(kebon_kosong, published=False)
    started = factories.session(kebon_kosong, days_from_now=-1, published=False)
    client.force_login(staff_user)
    response = client.post(
        url(OutreachSession, "changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [future.pk, started.pk]},
        follow=True,
    )
    assert list(OutreachSession.objects.published()) == [future]
    assert any(started.title in str(m) for m in messages_of(response))


def test_mark_as_held_appears_only_once_the_session_started(
    client, staff_user, kebon_kosong, officer_kebon_kosong
):
    future = factories.session(kebon_kosong, days_from_now=3)
    started = factories.session(kebon_kosong, days_from_now=-1)
    client.force_login(staff_user)
    assert (
        'name="_mark_held"'
        not in client.get(url(OutreachSession, "change", future.pk)).content.decode()
    )
    assert (
        'name="_mark_held"'
        in client.get(url(OutreachSession, "change", started.pk)).content.decode()
    )

    client.force_login(officer_kebon_kosong.user)
    held_link = {s: reverse("officer:session_held", args=[s.pk]) for s in (future, started)}
    page = client.get(reverse("officer:session_detail", args=[future.pk])).content.decode()
    assert held_link[future] not in page
    page = client.get(reverse("officer:session_detail", args=[started.pk])).content.decode()
    assert held_link[started] in page


def _officer_proposal(starts: datetime.datetime, **extra) -> dict:
    local = timezone.localtime(starts)
    return {
        "kind": OutreachSession.Kind.SOSIALISASI,
        "title": "Sosialisasi yang sudah lewat",
        "topics": [factories.topic().pk],
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Aula RW 03",
        **extra,
    }


def test_officer_proposing_a_past_session_is_offered_to_record_it_held(
    client, officer_kebon_kosong
):
    client.force_login(officer_kebon_kosong.user)
    create = reverse("officer:session_create")
    past = timezone.now() - datetime.timedelta(days=2)

    asked = client.post(create, _officer_proposal(past))
    assert asked.status_code == 200
    assert not OutreachSession.objects.exists()
    page = asked.content.decode()
    assert "Waktu mulai sosialisasi ini sudah lewat" in page
    assert 'name="if_started" value="held"' in page

    recorded = client.post(create, _officer_proposal(past, if_started="held"))
    session = OutreachSession.objects.get()
    assert recorded.url == reverse("officer:session_held", args=[session.pk])


def test_officer_may_still_propose_a_past_session_as_it_is(client, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)
    past = timezone.now() - datetime.timedelta(days=2)
    response = client.post(
        reverse("officer:session_create"), _officer_proposal(past, if_started="propose")
    )
    session = OutreachSession.objects.get()
    assert response.url == reverse("officer:session_detail", args=[session.pk])


def test_future_proposal_asks_nothing(client, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)
    future = timezone.now() + datetime.timedelta(days=2)
    response = client.post(reverse("officer:session_create"), _officer_proposal(future))
    assert response.status_code == 302


def test_cancelled_session_offers_no_attendance_sheet(client, kebon_kosong):
    session = factories.session(kebon_kosong)
    sheet = reverse("public:session_attendance_sheet", args=[session.pk])
    assert sheet in client.get(session.get_absolute_url()).content.decode()
    assert client.get(sheet).status_code == 200

    services.session_cancel(session=session, by=None, reason="Hujan deras")
    assert sheet not in client.get(session.get_absolute_url()).content.decode()
    assert client.get(sheet).status_code == 404


def test_future_proposal_with_another_error_does_not_ask_about_a_past_start(
    client, officer_kebon_kosong
):
    client.force_login(officer_kebon_kosong.user)
    future = timezone.now() + datetime.timedelta(days=2)
    data = {**_officer_proposal(future), "if_started": "", "venue": ""}
    page = client.post(reverse("officer:session_create"), data).content.decode()
    assert "venue" in page and 'value="held"' not in page
