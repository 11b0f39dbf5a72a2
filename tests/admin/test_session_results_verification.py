"""A held session's results reach residents only once office staff have verified them."""

import io
import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kelurahan import services
from kelurahan.models import OutreachSession
from tests.support import factories
from tests.support.adminpages import form_data, url

pytestmark = pytest.mark.django_db

SUMMARY = "Warga bertanya tentang tawaran kerja lewat WhatsApp."
CHECKING = "Hasil kegiatan sedang diperiksa kantor"


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), "image/png")


def _surfaces(client, session) -> dict:
    """What residents see of the session's results on every public place that shows them."""
    client.logout()
    home = client.get(reverse("public:home")).context["totals"]
    kelurahan = client.get(session.kelurahan.get_absolute_url())
    rows = json.loads(client.get(reverse("public:opendata_json")).content)["rows"]
    return {
        "session_page": client.get(session.get_absolute_url()).content.decode(),
        "kelurahan_page": kelurahan.content.decode(),
        "kelurahan_totals": kelurahan.context["totals"],
        "home_totals": home,
        "open_data_rows": rows,
        "open_data_csv": client.get(reverse("public:opendata_csv")).content.decode(),
    }


def _assert_hidden(seen: dict) -> None:
    assert CHECKING in seen["session_page"] and SUMMARY not in seen["session_page"]
    assert "Suasana sosialisasi" not in seen["session_page"]
    assert CHECKING in seen["kelurahan_page"] and SUMMARY not in seen["kelurahan_page"]
    for totals in (seen["home_totals"], seen["kelurahan_totals"]):
        assert totals["residents_reached"] == 0 and totals["sessions_held"] == 0
    assert seen["open_data_rows"] == []
    assert "31.71.03.1002" not in seen["open_data_csv"]


def _held_by_officer(session, officer):
    return services.session_mark_held(
        session=session,
        by=officer.user,
        attendance_men=30,
        attendance_women=40,
        summary=SUMMARY,
        photos=[(_png(), "Suasana sosialisasi")],
    )


def test_results_stay_off_every_public_place_until_verified(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    session = factories.session(kebon_kosong, days_from_now=-2)
    held = _held_by_officer(session, officer_kebon_kosong)
    assert list(OutreachSession.objects.results_awaiting_verification()) == [held]

    _assert_hidden(_surfaces(client, held))

    services.session_verify_results(session=held, by=staff_user)
    seen = _surfaces(client, held)
    assert SUMMARY in seen["session_page"] and "Suasana sosialisasi" in seen["session_page"]
    assert CHECKING not in seen["session_page"]
    assert SUMMARY in seen["kelurahan_page"]
    assert seen["home_totals"]["residents_reached"] == 70
    assert seen["kelurahan_totals"] == {"sessions_held": 1, "residents_reached": 70}
    assert [row["attendance_total"] for row in seen["open_data_rows"]] == [70]
    assert not OutreachSession.objects.results_awaiting_verification().exists()


def test_officer_changing_verified_results_hides_them_again(
    client, kebon_kosong, officer_kebon_kosong
):
    held = factories.held_session(kebon_kosong, summary=SUMMARY)
    assert held.results_are_public
    client.force_login(officer_kebon_kosong.user)
    client.post(
        reverse("officer:session_held", args=[held.pk]),
        {"attendance_men": "20", "attendance_women": "25", "summary": "Ringkasan palsu."},
    )
    held.refresh_from_db()
    assert not held.results_are_public
    page = client.get(held.get_absolute_url()).content.decode()
    assert "Ringkasan palsu." not in page


def test_officer_adding_a_photo_to_verified_results_hides_them_again(
    kebon_kosong, officer_kebon_kosong
):
    held = factories.held_session(kebon_kosong)
    services.session_add_photo(session=held, by=officer_kebon_kosong.user, image=_png())
    held.refresh_from_db()
    assert held.results_verified_at is None


def test_officer_sees_that_results_wait_for_the_office(client, kebon_kosong, officer_kebon_kosong):
    held = _held_by_officer(factories.session(kebon_kosong, days_from_now=-2), officer_kebon_kosong)
    client.force_login(officer_kebon_kosong.user)
    page = client.get(reverse("officer:session_detail", args=[held.pk])).content.decode()
    assert "Warga dapat melihat hasil ini setelah diperiksa Kantor Imigrasi." in page


def test_staff_verify_results_with_the_button_and_the_action(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    first, second = (
        _held_by_officer(factories.session(kebon_kosong, days_from_now=-2), officer_kebon_kosong)
        for _ in range(2)
    )
    client.force_login(staff_user)
    unverified = client.get(url(OutreachSession, "changelist"), {"results": "unverified"})
    assert {s.pk for s in unverified.context["cl"].result_list} == {first.pk, second.pk}

    page = client.get(url(OutreachSession, "change", first.pk))
    assert 'name="_verify_results"' in page.content.decode()
    client.post(
        url(OutreachSession, "change", first.pk), {**form_data(page), "_verify_results": "1"}
    )
    first.refresh_from_db()
    assert first.results_are_public and first.results_verified_by == staff_user

    client.post(
        url(OutreachSession, "changelist"),
        {"action": "verify_results", ACTION_CHECKBOX_NAME: [second.pk]},
    )
    second.refresh_from_db()
    assert second.results_are_public


def test_only_held_unverified_results_can_be_verified(kebon_kosong):
    planned = factories.session(kebon_kosong)
    with pytest.raises(ValidationError):
        services.session_verify_results(session=planned, by=None)
    held = factories.held_session(kebon_kosong)
    with pytest.raises(ValidationError):
        services.session_verify_results(session=held, by=None)
