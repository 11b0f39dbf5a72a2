"""Passport service days (Eazy Passport): the officer asks, staff decide, residents see the day."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kelurahan import services
from kelurahan.audit import MASK
from kelurahan.models import Notice, OutgoingMessage, PassportServiceDay
from tests.support.adminpages import form_data, url

pytestmark = pytest.mark.django_db
Status = PassportServiceDay.Status


def _request_data(**overrides) -> dict:
    data = {
        "expected_applicants": 60,
        "vulnerable_group": "",
        "preferred_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "alternative_date": "",
        "venue": "Aula Kantor Kelurahan Kebon Kosong",
        "address": "Jl. Kebon Kosong Raya No. 1",
        "contact_name": "Siti Rahma",
        "contact_phone": "021-4200000",
    }
    return {**data, **overrides}


def request_day(kelurahan, officer_user, **fields) -> PassportServiceDay:
    data = _request_data(**fields)
    data["preferred_date"] = datetime.date.fromisoformat(data["preferred_date"])
    data["alternative_date"] = None
    return services.passport_day_request(kelurahan=kelurahan, requested_by=officer_user, **data)


def accept(day, by, *, days=14, hours=4):
    starts = timezone.now() + datetime.timedelta(days=days)
    return services.passport_day_accept(
        day=day, by=by, starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours)
    )


def _admin_post(client, day, **changes):
    page = client.get(url(PassportServiceDay, "change", day.pk))
    assert page.status_code == 200
    return client.post(url(PassportServiceDay, "change", day.pk), {**form_data(page), **changes})


def _page(response) -> str:
    return response.content.decode()


# --- The officer's request ---------------------------------------------------------------


def test_officer_request_is_saved_for_own_kelurahan_only(
    client, kebon_kosong, gambir, officer_kebon_kosong
):
    client.force_login(officer_kebon_kosong.user)
    form = client.get(reverse("officer:passport_create"))
    page = _page(form)
    assert "Jangan tulis nama atau dokumen pemohon di sini" in page
    assert "daftar pemohon" in page
    assert 'value="021-4200000"' in page  # the officer's own number, offered as the contact

    response = client.post(
        reverse("officer:passport_create"), _request_data(kelurahan=gambir.pk), follow=True
    )

    day = PassportServiceDay.objects.get()
    assert (day.kelurahan, day.requested_by, day.status) == (
        kebon_kosong,
        officer_kebon_kosong.user,
        Status.REQUESTED,
    )
    assert day.reference in _page(response)
    assert response.redirect_chain[-1][0] == reverse("officer:passport_list")


def test_request_below_the_minimum_is_refused_unless_for_a_vulnerable_group(
    client, kebon_kosong, officer_kebon_kosong, settings
):
    settings.EAZY_PASSPORT_MIN_APPLICANTS = 50
    client.force_login(officer_kebon_kosong.user)

    refused = client.post(reverse("officer:passport_create"), _request_data(expected_applicants=12))
    assert refused.status_code == 200
    assert "setidaknya 50 pemohon" in _page(refused)
    assert not PassportServiceDay.objects.exists()

    for group in ("children_under_5", "elderly_over_60", "disabilities"):
        client.post(
            reverse("officer:passport_create"),
            _request_data(expected_applicants=3, vulnerable_group=group),
        )
    assert PassportServiceDay.objects.count() == 3


def test_minimum_follows_the_setting(client, kebon_kosong, officer_kebon_kosong, settings):
    settings.EAZY_PASSPORT_MIN_APPLICANTS = 20
    client.force_login(officer_kebon_kosong.user)
    page = _page(client.get(reverse("officer:passport_create")))
    assert "setidaknya 20 pemohon" in page
    client.post(reverse("officer:passport_create"), _request_data(expected_applicants=25))
    assert PassportServiceDay.objects.count() == 1


def test_request_for_a_past_date_is_refused(kebon_kosong, officer_kebon_kosong):
    today = timezone.localdate().isoformat()
    with pytest.raises(ValidationError) as error:
        request_day(kebon_kosong, officer_kebon_kosong.user, preferred_date=today)
    assert "preferred_date" in error.value.message_dict


def test_officer_list_shows_only_own_kelurahan_requests(
    client, kebon_kosong, gambir, officer_kebon_kosong, officer_gambir
):
    own = request_day(kebon_kosong, officer_kebon_kosong.user)
    other = request_day(gambir, officer_gambir.user, venue="Balai Warga Gambir")
    client.force_login(officer_kebon_kosong.user)
    page = _page(client.get(reverse("officer:passport_list")))
    assert own.reference in page and "Aula Kantor Kelurahan Kebon Kosong" in page
    assert other.reference not in page and "Balai Warga Gambir" not in page


# --- Staff decide in the admin --------------------------------------------------------------


def test_staff_accept_in_admin_tells_the_officer_without_request_details(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    officer_kebon_kosong.user.email = "siti@kelurahan.example"
    officer_kebon_kosong.user.save()
    day = request_day(kebon_kosong, officer_kebon_kosong.user)
    client.force_login(staff_user)
    when = timezone.localdate() + datetime.timedelta(days=21)

    response = _admin_post(
        client,
        day,
        decision="accept",
        starts_at_0=when.isoformat(),
        starts_at_1="08:00",
        ends_at_0=when.isoformat(),
        ends_at_1="14:00",
        venue="Aula Serbaguna Kelurahan",
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    day.refresh_from_db()
    assert (day.status, day.venue, day.decided_by) == (
        Status.ACCEPTED,
        "Aula Serbaguna Kelurahan",
        staff_user,
    )
    assert timezone.localtime(day.starts_at).hour == 8
    notice = Notice.objects.get(user=officer_kebon_kosong.user)
    assert notice.kind == Notice.Kind.PASSPORT_ACCEPTED
    message = OutgoingMessage.objects.get(recipient="siti@kelurahan.example")
    assert day.reference in message.subject
    assert "/petugas/layanan-paspor/" in message.body
    for private in ("Aula", "Siti Rahma", "021-4200000", "Kebon Kosong Raya"):
        assert private not in message.subject + message.body


def test_staff_decline_needs_a_reason_and_the_officer_sees_it(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    day = request_day(kebon_kosong, officer_kebon_kosong.user)
    client.force_login(staff_user)
    missing = _admin_post(client, day, decision="decline")
    assert "decline_reason" in missing.context["adminform"].form.errors
    day.refresh_from_db()
    assert day.status == Status.REQUESTED

    _admin_post(client, day, decision="decline", decline_reason="Jadwal bulan ini penuh.")

    day.refresh_from_db()
    assert day.status == Status.DECLINED
    notice = Notice.objects.get(user=officer_kebon_kosong.user)
    assert notice.kind == Notice.Kind.PASSPORT_DECLINED
    client.force_login(officer_kebon_kosong.user)
    dashboard = _page(client.get(reverse("officer:dashboard")))
    assert f"Kantor menolak permintaan layanan paspor {day.reference}" in dashboard
    listing = _page(client.get(reverse("officer:passport_list")))
    assert "Jadwal bulan ini penuh." in listing
    assert client.get(reverse("public:passport_day", args=[day.pk])).status_code == 404


def test_a_decided_request_cannot_be_decided_again(kebon_kosong, officer_kebon_kosong, staff_user):
    day = accept(request_day(kebon_kosong, officer_kebon_kosong.user), staff_user)
    with pytest.raises(ValidationError):
        services.passport_day_decline(day=day, by=staff_user, reason="Berubah pikiran")
    with pytest.raises(ValidationError):
        accept(day, staff_user)
    day.refresh_from_db()
    assert day.status == Status.ACCEPTED


def test_other_office_staff_cannot_open_the_request(
    client, kebon_kosong, officer_kebon_kosong, other_office_staff
):
    day = request_day(kebon_kosong, officer_kebon_kosong.user)
    client.force_login(other_office_staff)
    changelist = _page(client.get(url(PassportServiceDay, "changelist")))
    assert day.reference not in changelist
    response = client.get(url(PassportServiceDay, "change", day.pk))
    assert response.status_code == 302  # Django's "does not exist" back to the index


# --- Residents see an accepted day ----------------------------------------------------------


def test_accepted_day_is_public_with_checklist_calendar_and_notice(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    waiting = request_day(kebon_kosong, officer_kebon_kosong.user, venue="Ruang Rapat RW 09")
    day = accept(request_day(kebon_kosong, officer_kebon_kosong.user), staff_user)

    listing = _page(client.get(reverse("public:passport_days")))
    assert "Layanan paspor di Kelurahan Kebon Kosong" in listing
    assert "Aula Kantor Kelurahan Kebon Kosong" in listing
    assert "Ruang Rapat RW 09" not in listing  # not accepted yet
    for document in ("e-KTP", "Kartu Keluarga", "imigrasi.go.id", "tanyakan ke kantor imigrasi"):
        assert document in listing
    assert "021-4200000" not in listing and "Siti Rahma" not in listing

    kelurahan_page = _page(client.get(kebon_kosong.get_absolute_url()))
    assert day.get_absolute_url() in kelurahan_page
    assert client.get(reverse("public:passport_day", args=[waiting.pk])).status_code == 404

    for feed in (
        reverse("public:calendar"),
        reverse("public:kelurahan_calendar", args=[kebon_kosong.slug]),
    ):
        ics = _page(client.get(feed))
        assert f"UID:layanan-paspor-{day.pk}@" in ics
        assert f"layanan-paspor-{waiting.pk}@" not in ics

    notice = client.get(reverse("public:passport_day_notice", args=[day.pk]))
    assert notice["Content-Type"] == "application/pdf"
    assert notice.content.startswith(b"%PDF")
    assert client.get(reverse("public:passport_day_notice", args=[waiting.pk])).status_code == 404


def test_public_page_in_english(client, kebon_kosong, officer_kebon_kosong, staff_user):
    accept(request_day(kebon_kosong, officer_kebon_kosong.user), staff_user)
    page = _page(client.get("/en/layanan-paspor/"))
    assert "Passport service at the kelurahan" in page
    assert "What to bring" in page


def test_ended_day_leaves_the_upcoming_list(client, kebon_kosong, officer_kebon_kosong, staff_user):
    day = accept(request_day(kebon_kosong, officer_kebon_kosong.user), staff_user)
    PassportServiceDay.objects.filter(pk=day.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-4),
    )
    assert day.get_absolute_url() not in _page(client.get(reverse("public:passport_days")))


# --- Results after the day ------------------------------------------------------------------


def _held(kelurahan, officer_user, staff_user, *, served, delayed):
    day = accept(request_day(kelurahan, officer_user), staff_user)
    PassportServiceDay.objects.filter(pk=day.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=5),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    return services.passport_day_record_results(
        day=day, by=staff_user, applications_served=served, applications_delayed=delayed
    )


def test_results_cannot_be_recorded_before_the_day(kebon_kosong, officer_kebon_kosong, staff_user):
    day = accept(request_day(kebon_kosong, officer_kebon_kosong.user), staff_user)
    with pytest.raises(ValidationError):
        services.passport_day_record_results(
            day=day, by=staff_user, applications_served=40, applications_delayed=2
        )
    day.refresh_from_db()
    assert day.applications_served is None


def test_results_recorded_in_admin_feed_the_recap(
    client, kebon_kosong, officer_kebon_kosong, staff_user
):
    day = accept(request_day(kebon_kosong, officer_kebon_kosong.user), staff_user)
    PassportServiceDay.objects.filter(pk=day.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=5),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client.force_login(staff_user)
    _admin_post(client, day, applications_served=48, applications_delayed=3)
    day.refresh_from_db()
    assert (day.status, day.applications_served, day.applications_delayed) == (Status.HELD, 48, 3)

    today = timezone.localdate()
    query = f"period=month&year={today.year}&month={today.month}&quarter=1&group=kelurahan"
    recap = _page(client.get(reverse("admin:kelurahan_recap") + "?" + query))
    assert re.search(r"Permohonan paspor dilayani</th><td[^>]*>48<", recap)
    streamed = client.get(reverse("admin:kelurahan_recap_csv") + "?" + query)
    csv_text = b"".join(streamed.streaming_content).decode("utf-8-sig")
    header, *rows = csv_text.splitlines()
    assert "Permohonan paspor dilayani" in header
    assert any("Kebon Kosong" in row and ",48,3" in row for row in rows)


def test_open_data_has_passport_figures_with_small_counts_suppressed(
    client, kebon_kosong, gambir, officer_kebon_kosong, officer_gambir, staff_user
):
    _held(kebon_kosong, officer_kebon_kosong.user, staff_user, served=48, delayed=3)
    _held(gambir, officer_gambir.user, staff_user, served=4, delayed=0)

    csv_text = _page(client.get(reverse("public:opendata_csv")))
    header, *rows = csv_text.splitlines()
    assert header.endswith("passport_applications_served,passport_applications_delayed")
    by_place = {row.split(",")[1]: row for row in rows}
    assert by_place["Kebon Kosong"].endswith(",48,<5")
    assert by_place["Gambir"].endswith(",<5,0")

    data = client.get(reverse("public:opendata_json")).json()
    figures = {row["kelurahan"]: row for row in data["rows"]}
    assert figures["Kebon Kosong"]["passport_applications_served"] == 48
    assert figures["Kebon Kosong"]["passport_applications_delayed"] == "<5"
    assert figures["Kebon Kosong"]["sessions_held"] == 0


def test_sitemap_lists_the_passport_service_page(client, db):
    pages = client.get(reverse("sitemap_section", kwargs={"section": "pages"}))
    assert "/layanan-paspor/</loc>" in pages.content.decode()


def test_every_change_is_in_the_audit_trail_with_the_contact_phone_masked(
    kebon_kosong, officer_kebon_kosong, staff_user
):
    day = request_day(kebon_kosong, officer_kebon_kosong.user)
    services.passport_day_decline(day=day, by=staff_user, reason="Jadwal penuh")
    entries = list(LogEntry.objects.get_for_object(day).order_by("pk"))
    assert [entry.action for entry in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert entries[0].changes_dict["contact_phone"] == ["None", MASK]
    assert entries[1].changes_dict["status"] == [Status.REQUESTED, Status.DECLINED]


def test_office_inbox_lists_requests_waiting_for_a_decision(
    client, kebon_kosong, officer_kebon_kosong, staff_user, other_office_staff
):
    waiting = request_day(kebon_kosong, officer_kebon_kosong.user)
    accept(request_day(kebon_kosong, officer_kebon_kosong.user), staff_user)
    client.force_login(staff_user)
    response = client.get(reverse("admin:index"))
    section = {s.key: s for s in response.context["inbox"].sections}["passport"]
    assert [line.url for line in section.rows] == [url(PassportServiceDay, "change", waiting.pk)]
    listed = client.get(section.url).context["cl"].result_list
    assert [day.pk for day in listed] == [waiting.pk]
    client.force_login(other_office_staff)
    elsewhere = client.get(reverse("admin:index")).context["inbox"].sections
    assert {s.key: s for s in elsewhere}["passport"].count == 0
