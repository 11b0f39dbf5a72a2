"""Officer pages for outreach sessions: propose, edit, mark held with results, cancel."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from kelurahan import services
from kelurahan.models import OutreachSession
from tests.support import factories
from tests.support.officerpages import logged_in
from tests.support.publicpages import text

pytestmark = pytest.mark.django_db


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _png(name="foto.png", extra_bytes=0) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue() + b"\0" * extra_bytes, "image/png")


def _session_data(**overrides) -> dict:
    starts = timezone.now() + datetime.timedelta(days=10)
    data = {
        "kind": OutreachSession.Kind.SOSIALISASI,
        "title": "Sosialisasi bahaya TPPO di RW 05",
        "topics": [factories.topic("tppo").pk, factories.topic("tppm").pk],
        "description": "Untuk warga RW 05.",
        "starts_at": _local(starts),
        "ends_at": _local(starts + datetime.timedelta(hours=2)),
        "venue": "Balai Warga RW 05",
        "address": "Jl. Kebon Kosong Raya",
    }
    return {**data, **overrides}


def test_propose_session_creates_unpublished_session_for_own_kelurahan(
    client, kebon_kosong, gambir, officer_kebon_kosong
):
    speaker = factories.liaison_officer()
    data = _session_data(speakers=[speaker.pk], kelurahan=gambir.pk)

    response = logged_in(client, officer_kebon_kosong).post(reverse("officer:session_create"), data)

    session = OutreachSession.objects.get(title="Sosialisasi bahaya TPPO di RW 05")
    assert response.status_code == 302
    assert response.url == reverse("officer:session_detail", args=[session.pk])
    assert session.kelurahan == kebon_kosong
    assert session.status == OutreachSession.Status.PLANNED
    assert not session.is_published
    assert session.proposed_by == officer_kebon_kosong.user
    assert list(session.speakers.all()) == [speaker]
    assert session.topics.count() == 2
    assert not OutreachSession.objects.filter(kelurahan=gambir).exists()


def test_propose_session_rejects_speaker_of_another_office(client, officer_kebon_kosong):
    stranger = factories.liaison_officer(factories.office())
    response = logged_in(client, officer_kebon_kosong).post(
        reverse("officer:session_create"), _session_data(speakers=[stranger.pk])
    )
    assert response.status_code == 200
    assert "speakers" in response.context["form"].errors
    assert not OutreachSession.objects.exists()


def test_propose_session_ending_before_start_keeps_input(client, officer_kebon_kosong):
    starts = timezone.now() + datetime.timedelta(days=3)
    data = _session_data(
        starts_at=_local(starts), ends_at=_local(starts - datetime.timedelta(hours=1))
    )
    response = logged_in(client, officer_kebon_kosong).post(reverse("officer:session_create"), data)
    assert response.status_code == 200
    assert "ends_at" in response.context["form"].errors
    assert 'value="Balai Warga RW 05"' in text(response)
    assert not OutreachSession.objects.exists()


def test_edit_session_prefills_and_saves(client, kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, title="Judul lama", published=False)
    url = reverse("officer:session_edit", args=[session.pk])
    logged_in(client, officer_kebon_kosong)

    page = text(client.get(url))
    assert 'value="Judul lama"' in page
    assert f'value="{_local(session.starts_at)}"' in page

    response = client.post(url, _session_data(title="Judul baru"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Judul baru"
    assert session.kelurahan == kebon_kosong


def test_mark_held_records_attendance_summary_and_photo(client, kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, days_from_now=-1)
    data = {
        "attendance_men": "12",
        "attendance_women": "18",
        "attendance_total": "",
        "summary": "Warga bertanya tentang lowongan kerja ke luar negeri.",
        "photo_1": _png(),
        "caption_1": "Suasana sosialisasi",
    }
    response = logged_in(client, officer_kebon_kosong).post(
        reverse("officer:session_held", args=[session.pk]), data
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == OutreachSession.Status.HELD
    assert session.attendance_total == 30
    assert not session.is_incomplete
    assert session.photos.get().caption == "Suasana sosialisasi"
    detail = text(client.get(reverse("officer:session_detail", args=[session.pk])))
    assert "Suasana sosialisasi" in detail


def test_mark_held_before_start_shows_error(client, kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, days_from_now=5)
    response = logged_in(client, officer_kebon_kosong).post(
        reverse("officer:session_held", args=[session.pk]),
        {"attendance_men": "5", "attendance_women": "5", "summary": "Terlalu dini"},
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors
    assert escape(errors[0]) in text(response)
    assert "Terlalu dini" in text(response)
    session.refresh_from_db()
    assert session.status == OutreachSession.Status.PLANNED


def test_photo_larger_than_5_mb_is_refused(client, kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, days_from_now=-1)
    response = logged_in(client, officer_kebon_kosong).post(
        reverse("officer:session_held", args=[session.pk]),
        {"summary": "Ada foto besar", "photo_1": _png(extra_bytes=5 * 1024 * 1024)},
    )
    assert response.status_code == 200
    assert "photo_1" in response.context["form"].errors
    session.refresh_from_db()
    assert session.status == OutreachSession.Status.PLANNED


def test_file_that_is_not_an_image_is_refused(client, kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, days_from_now=-1)
    fake = SimpleUploadedFile("foto.png", b"not an image", "image/png")
    response = logged_in(client, officer_kebon_kosong).post(
        reverse("officer:session_held", args=[session.pk]), {"photo_1": fake}
    )
    assert "photo_1" in response.context["form"].errors
    assert not session.photos.exists()


def test_results_of_held_session_can_be_completed(client, kebon_kosong, officer_kebon_kosong):
    session = factories.held_session(kebon_kosong, summary="")
    response = logged_in(client, officer_kebon_kosong).post(
        reverse("officer:session_held", args=[session.pk]),
        {"attendance_men": "20", "attendance_women": "25", "summary": "Lengkap sekarang."},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.summary == "Lengkap sekarang."
    assert not session.is_incomplete


def test_cancel_requires_a_reason(client, kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong, published=False)
    url = reverse("officer:session_cancel", args=[session.pk])
    logged_in(client, officer_kebon_kosong)

    response = client.post(url, {"cancel_reason": "  "})
    assert response.status_code == 200
    assert "cancel_reason" in response.context["form"].errors
    session.refresh_from_db()
    assert session.status == OutreachSession.Status.PLANNED

    assert client.post(url, {"cancel_reason": "Aula dipakai untuk vaksinasi."}).status_code == 302
    session.refresh_from_db()
    assert session.status == OutreachSession.Status.CANCELLED
    assert session.cancel_reason == "Aula dipakai untuk vaksinasi."


def test_cancelled_session_cannot_be_edited(client, kebon_kosong, officer_kebon_kosong):
    session = factories.session(kebon_kosong)
    services.session_cancel(session=session, by=None, reason="Hujan")
    logged_in(client, officer_kebon_kosong)
    response = client.post(reverse("officer:session_edit", args=[session.pk]), _session_data())
    assert response.status_code == 302
    assert response.url == reverse("officer:session_detail", args=[session.pk])
    session.refresh_from_db()
    assert session.title == "Sosialisasi pencegahan TPPO"


def test_session_list_shows_own_sessions(client, kebon_kosong, gambir, officer_kebon_kosong):
    factories.session(kebon_kosong, title="Punya Kebon Kosong")
    factories.session(gambir, title="Punya Gambir")
    page = text(logged_in(client, officer_kebon_kosong).get(reverse("officer:session_list")))
    assert "Punya Kebon Kosong" in page
    assert "Punya Gambir" not in page
