"""The coverage dashboard on the admin index and the complete list of the office's kelurahan.

The index lists the binaan kelurahan (where every alarm is); the complete list, one link away,
shows every kelurahan of the office a page at a time, with the same figures, filter and sorts.
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kelurahan import services
from kelurahan.models import AwarenessReport, Kelurahan, OutreachSession
from kelurahan.selectors import coverage
from kelurahan.selectors.recap import MONTH, QUARTER, Period
from tests.support import factories

KEBON_KOSONG = "31.71.03.1002"
KEMAYORAN = "31.71.03.1001"  # Kelurahan Kemayoran, same kecamatan as Kebon Kosong
GAMBIR = "31.71.01.1001"


@pytest.fixture
def jakarta_pusat(db):
    call_command("load_wilayah", stdout=io.StringIO())
    return Kelurahan.objects.all()


def place(kode) -> Kelurahan:
    return Kelurahan.objects.get(kode=kode)


def held(kelurahan, *, days_ago, **results) -> OutreachSession:
    """A session that started `days_ago` days ago and was marked held with `results`."""
    planned = factories.session(kelurahan, days_from_now=-days_ago)
    return services.session_mark_held(session=planned, by=None, **results)


def held_at(kelurahan, moment: datetime.datetime, **results) -> OutreachSession:
    days_ago = (timezone.now() - moment).total_seconds() / 86400
    return held(kelurahan, days_ago=days_ago, **results)


def halfway_since(moment: datetime.datetime) -> datetime.datetime:
    """A past moment after `moment`, however little time has passed since."""
    return moment + (timezone.now() - moment) / 2


RESULTS = {"attendance_men": 20, "attendance_women": 25, "attendance_total": 45, "summary": "Ok."}


def dashboard(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("admin:index"), params)
    assert response.status_code == 200
    return response


def complete_list(client, user, **params):
    """The complete list of the office's kelurahan (one page of it)."""
    client.force_login(user)
    response = client.get(reverse("admin:kelurahan_coverage_list"), params)
    assert response.status_code == 200
    return response


def designate(*kelurahan):
    for binaan in kelurahan:
        services.kelurahan_designate(kelurahan=binaan, since=datetime.date(2024, 6, 13))


def rows_by_kode(response) -> dict:
    return {row.kode: row for row in response.context["coverage"].rows}


def row_html(response, kelurahan) -> str:
    html = response.content.decode()
    match = re.search(
        rf'<tr class="([^"]*)" data-kelurahan="{kelurahan.pk}">(.*?)</tr>', html, re.S
    )
    assert match, f"no row for {kelurahan}"
    return match.group(0)


def row_classes(response, kelurahan) -> list[str]:
    return re.match(r'<tr class="([^"]*)"', row_html(response, kelurahan)).group(1).split()


def test_dashboard_renders_for_superuser_with_every_kelurahan(client, superuser, jakarta_pusat):
    response = dashboard(client, superuser)
    assert response.context["coverage"].totals["kelurahan"] == 44
    assert response.context["app_list"]  # Django's app list is still there
    assert reverse("admin:kelurahan_recap") in response.content.decode()
    assert len(complete_list(client, superuser).context["coverage"].rows) == 44


def test_dashboard_renders_for_staff_with_their_office(client, staff_user, jakarta_pusat):
    kebon_kosong = place(KEBON_KOSONG)
    designate(kebon_kosong)
    change_url = reverse("admin:kelurahan_kelurahan_change", args=[kebon_kosong.pk])
    for response in (dashboard(client, staff_user), complete_list(client, staff_user)):
        assert f'<a href="{change_url}">Kebon Kosong</a>' in row_html(response, kebon_kosong)
    assert len(complete_list(client, staff_user).context["coverage"].rows) == 44


def test_dashboard_lists_the_binaan_kelurahan_and_links_to_all_of_them(
    client, staff_user, jakarta_pusat
):
    kebon_kosong, gambir, kemayoran = place(KEBON_KOSONG), place(GAMBIR), place(KEMAYORAN)
    designate(kebon_kosong, gambir)
    services.liaison_assign(
        officer=factories.liaison_officer(), kelurahan=kebon_kosong, start_date=timezone.localdate()
    )
    factories.kelurahan_officer(kebon_kosong)
    held(kebon_kosong, days_ago=10, **RESULTS)  # all in order
    held(kemayoran, days_ago=10)  # not binaan: results missing, but no alarm and no row
    response = dashboard(client, staff_user)
    rows = rows_by_kode(response)
    assert set(rows) == {KEBON_KOSONG, GAMBIR}
    assert rows[KEBON_KOSONG].alarms == [] and "semua beres" in row_html(response, kebon_kosong)
    assert rows[GAMBIR].alarms == ["stale", "no_liaison", "no_officer"]
    assert "coverage-alarm" in row_classes(response, gambir)
    assert f'data-kelurahan="{kemayoran.pk}"' not in response.content.decode()
    html = response.content.decode()
    assert "Tabel ini hanya memuat kelurahan binaan (2, 1 di antaranya perlu perhatian)." in html
    link = reverse("admin:kelurahan_coverage_list")
    assert (
        f'<a class="coverage-list-link" href="{link}">Semua 44 kelurahan di wilayah kerja' in html
    )
    totals = response.context["coverage"].totals
    assert (totals["kelurahan"], totals["binaan"], totals["shown"]) == (44, 2, 2)
    assert "Jumlah 2 kelurahan binaan" in html


def test_complete_list_pages_hold_exactly_the_offices_kelurahan(
    client, staff_user, other_office_staff, jakarta_pusat, monkeypatch
):
    monkeypatch.setattr(coverage, "LIST_PAGE_ROWS", 20)
    designate(place(GAMBIR))
    elsewhere = factories.kelurahan(office=other_office_staff.office_staff.office, name="Lain")
    first = complete_list(client, staff_user)
    assert first.context["coverage"].rows[0] == place(GAMBIR)  # binaan first
    assert (
        "Kelurahan 1–20 dari 44 (1 di antaranya binaan, ditampilkan lebih dulu)."
        in first.content.decode()
    )
    seen = []
    for number in (1, 2, 3):
        page = complete_list(client, staff_user, page=number)
        assert len(page.context["coverage"].rows) == (20 if number < 3 else 4)
        seen += [row.pk for row in page.context["coverage"].rows]
    office_kelurahan = Kelurahan.objects.filter(office=staff_user.office_staff.office)
    assert sorted(seen) == sorted(office_kelurahan.values_list("pk", flat=True))
    assert elsewhere.pk not in seen
    assert first.context["next_url"] == reverse("admin:kelurahan_coverage_list") + "?page=2"
    assert f'href="{first.context["next_url"]}" rel="next"' in first.content.decode()
    assert first.context["previous_url"] is None
    beyond = complete_list(client, staff_user, page=99)
    assert beyond.context["coverage"].page.number == 3  # the last page, not an error
    assert complete_list(client, staff_user, page="x").context["coverage"].page.number == 1

    client.logout()
    other = complete_list(client, other_office_staff)
    assert [row.pk for row in other.context["coverage"].rows] == [elsewhere.pk]
    assert not set(seen) & {row.pk for row in other.context["coverage"].rows}
    assert dashboard(client, other_office_staff).context["coverage"].totals["kelurahan"] == 1


def test_complete_list_keeps_the_kecamatan_and_the_order_from_the_index(
    client, staff_user, jakarta_pusat
):
    kemayoran = place(KEBON_KOSONG).kecamatan
    response = dashboard(client, staff_user, kecamatan=kemayoran.pk, o="-residents")
    link = response.context["coverage_list_url"]
    assert link == (
        reverse("admin:kelurahan_coverage_list") + f"?kecamatan={kemayoran.pk}&o=-residents"
    )
    rows = complete_list(client, staff_user, kecamatan=kemayoran.pk).context["coverage"].rows
    assert len(rows) == Kelurahan.objects.filter(kecamatan=kemayoran).count()


def test_dashboard_shows_vacant_without_a_current_liaison_officer(
    client, staff_user, jakarta_pusat
):
    kebon_kosong, gambir = place(KEBON_KOSONG), place(GAMBIR)
    for binaan in (kebon_kosong, gambir):
        services.kelurahan_designate(kelurahan=binaan, since=datetime.date(2024, 6, 13))
    today = timezone.localdate()
    officer = factories.liaison_officer(name="Rahmat Hidayat")
    services.liaison_assign(officer=officer, kelurahan=kebon_kosong, start_date=today)
    former = factories.liaison_officer(name="Siti Former")
    ended = services.liaison_assign(
        officer=former, kelurahan=gambir, start_date=today - datetime.timedelta(days=60)
    )
    services.liaison_end_assignment(assignment=ended, end_date=today - datetime.timedelta(days=1))
    response = dashboard(client, staff_user)
    assert "Rahmat Hidayat" in row_html(response, kebon_kosong)
    gambir_row = row_html(response, gambir)
    assert "coverage-vacant" in gambir_row and 'data-alarm="no_liaison"' in gambir_row
    assert "Siti Former" not in gambir_row
    # Only binaan kelurahan are expected to have a PIMPASA: the 42 others raise no alarm.
    assert response.context["coverage"].totals["vacant"] == 1
    assert "coverage-vacant" not in row_html(complete_list(client, staff_user), place(KEMAYORAN))


def test_dashboard_highlights_kelurahan_without_a_session_in_90_days(
    client, staff_user, jakarta_pusat
):
    kebon_kosong, gambir, kemayoran = place(KEBON_KOSONG), place(GAMBIR), place(KEMAYORAN)
    for binaan in (kebon_kosong, gambir, kemayoran):
        services.kelurahan_designate(kelurahan=binaan, since=datetime.date(2024, 6, 13))
    held(kebon_kosong, days_ago=10, **RESULTS)
    held(gambir, days_ago=100, **RESULTS)
    factories.session(kemayoran, days_from_now=5)  # planned only: does not count
    response = dashboard(client, staff_user)
    assert "coverage-stale" not in row_html(response, kebon_kosong)
    for stale in (gambir, kemayoran):
        assert "coverage-stale" in row_html(response, stale)
        assert "⚠" in row_html(response, stale)  # a text marker, not colour alone
    rows = rows_by_kode(response)
    assert rows[GAMBIR].last_held is not None and rows[KEMAYORAN].last_held is None


def test_dashboard_lists_held_sessions_without_results_after_7_days(
    client, staff_user, jakarta_pusat
):
    kebon_kosong = place(KEBON_KOSONG)
    late = held(kebon_kosong, days_ago=10)
    recent = held(kebon_kosong, days_ago=3)
    complete = held(kebon_kosong, days_ago=12, **RESULTS)
    no_summary = held(kebon_kosong, days_ago=20, attendance_total=30)
    response = dashboard(client, staff_user)
    section = {s.key: s for s in response.context["inbox"].sections}["results"]
    change = "admin:kelurahan_outreachsession_change"
    assert [line.url for line in section.rows] == [
        reverse(change, args=[no_summary.pk]),
        reverse(change, args=[late.pk]),
    ]
    html = response.content.decode()
    assert reverse(change, args=[late.pk]) in html
    assert reverse(change, args=[recent.pk]) not in html
    # Complete results are not missing: they wait for the office's check instead.
    to_verify = {s.key: s for s in response.context["inbox"].sections}["unverified"]
    assert [line.url for line in to_verify.rows] == [reverse(change, args=[complete.pk])]


def test_dashboard_counts_open_and_overdue_reports(client, staff_user, settings, jakarta_pusat):
    settings.REPORT_OVERDUE_DAYS = 14
    kebon_kosong = place(KEBON_KOSONG)
    old = factories.report(kebon_kosong)
    AwarenessReport.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=15)
    )
    factories.report(kebon_kosong)  # submitted just now: open, not overdue
    factories.report(kebon_kosong, submit=False)  # a draft is not open
    response = complete_list(client, staff_user)
    row = rows_by_kode(response)[KEBON_KOSONG]
    assert (row.open_reports, row.overdue_reports) == (2, 1)
    assert "coverage-overdue" in row_html(response, kebon_kosong)
    assert response.context["coverage"].totals["overdue_reports"] == 1
    assert response.context["coverage"].totals["open_reports"] == 2
    designate(kebon_kosong)  # on the index too, once binaan
    index = dashboard(client, staff_user)
    assert (
        index.context["coverage"].totals["open_reports"],
        index.context["coverage"].totals["overdue_reports"],
    ) == (2, 1)
    assert "coverage-overdue" in row_html(index, kebon_kosong)


def test_dashboard_counts_sessions_this_quarter_and_residents_reached(
    client, staff_user, jakarta_pusat
):
    kebon_kosong = place(KEBON_KOSONG)
    quarter = Period.containing(timezone.localdate(), QUARTER)
    held_at(kebon_kosong, halfway_since(quarter.start), **RESULTS)
    held_at(kebon_kosong, quarter.start - datetime.timedelta(days=2), **RESULTS)
    response = complete_list(client, staff_user)
    row = rows_by_kode(response)[KEBON_KOSONG]
    assert (row.quarter_held, row.residents) == (1, 90)
    totals = response.context["coverage"].totals
    assert (totals["quarter_held"], totals["residents"]) == (1, 90)


def test_dashboard_hides_another_offices_kelurahan_from_staff(
    client, staff_user, other_office_staff, jakarta_pusat
):
    other_office = other_office_staff.office_staff.office
    elsewhere = factories.kelurahan(office=other_office, name="Kelurahan Lain")
    held(elsewhere, days_ago=5, **RESULTS)
    designate(elsewhere)
    for response in (dashboard(client, staff_user), complete_list(client, staff_user)):
        assert elsewhere.kode not in rows_by_kode(response)
        assert "Kelurahan Lain" not in response.content.decode()

    client.logout()
    for response in (
        dashboard(client, other_office_staff),
        complete_list(client, other_office_staff),
    ):
        assert list(rows_by_kode(response)) == [elsewhere.kode]
        assert response.context["coverage"].totals["residents"] == 45


def test_dashboard_filters_by_kecamatan(client, staff_user, jakarta_pusat):
    kemayoran = place(KEBON_KOSONG).kecamatan
    response = complete_list(client, staff_user, kecamatan=kemayoran.pk)
    rows = response.context["coverage"].rows
    assert rows and {row.kecamatan_id for row in rows} == {kemayoran.pk}
    assert len(rows) == Kelurahan.objects.filter(kecamatan=kemayoran).count()
    assert f'<option value="{kemayoran.pk}" selected>' in response.content.decode()

    unknown = complete_list(client, staff_user, kecamatan="999999")
    assert len(unknown.context["coverage"].rows) == 44

    designate(place(KEBON_KOSONG), place(GAMBIR))  # Gambir is in another kecamatan
    index = dashboard(client, staff_user, kecamatan=kemayoran.pk)
    assert list(rows_by_kode(index)) == [KEBON_KOSONG]
    assert index.context["coverage"].totals["kelurahan"] == len(rows)


def test_dashboard_sorts_by_a_column_both_ways(client, staff_user, jakarta_pusat):
    held(place(GAMBIR), days_ago=5, **RESULTS)
    held(place(KEBON_KOSONG), days_ago=5, attendance_total=80, summary="Ok.")
    response = complete_list(client, staff_user, o="-residents")
    kodes = [row.kode for row in response.context["coverage"].rows]
    assert kodes[:2] == [KEBON_KOSONG, GAMBIR]
    assert 'aria-sort="descending"' in response.content.decode()
    assert "?o=residents" in response.content.decode()  # the header link flips the order

    ascending = complete_list(client, staff_user, o="residents")
    assert [row.kode for row in ascending.context["coverage"].rows][-2:] == [GAMBIR, KEBON_KOSONG]

    by_name = complete_list(client, staff_user, o="name")
    names = [row.name for row in by_name.context["coverage"].rows]
    assert names == sorted(names)

    designate(place(GAMBIR), place(KEBON_KOSONG))
    index = dashboard(client, staff_user, o="-residents")
    assert [row.kode for row in index.context["coverage"].rows] == [KEBON_KOSONG, GAMBIR]


def test_dashboard_default_order_is_kecamatan_then_name(client, staff_user, jakarta_pusat):
    response = complete_list(client, staff_user, o="not-a-column")
    rows = response.context["coverage"].rows
    keys = [(row.kecamatan.name, row.name) for row in rows]
    assert keys == sorted(keys)


def test_dashboard_charts_are_inline_svg_with_title_desc_and_a_table(
    client, staff_user, jakarta_pusat
):
    this_month = Period.containing(timezone.localdate(), MONTH)
    held_at(place(KEBON_KOSONG), halfway_since(this_month.start), **RESULTS)
    response = dashboard(client, staff_user)
    html = response.content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart"') == 2
    for chart_id in ("chart-sessions", "chart-residents"):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in html
        assert f'<title id="{chart_id}-title">' in html and f'<desc id="{chart_id}-desc">' in html
    charts = {chart.chart_id: chart for chart in response.context["coverage_charts"]}
    assert len(charts["chart-sessions"].bars) == 12
    assert charts["chart-sessions"].bars[-1].value == 1
    residents = {bar.label: bar.value for bar in charts["chart-residents"].bars}
    assert residents["Kemayoran"] == 45 and len(residents) == 8
    assert "<details>" in html


def test_dashboard_query_count_does_not_grow_with_data(client, staff_user, jakarta_pusat):
    client.force_login(staff_user)
    held(place(KEBON_KOSONG), days_ago=3, **RESULTS)
    designate(place(GAMBIR))  # one binaan row: the index then asks for its PIMPASA too

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("admin:index"))
        assert response.status_code == 200
        return len(queries), response

    before, _ = count_queries()
    today = timezone.localdate()
    for index, kelurahan in enumerate(Kelurahan.objects.exclude(kode=GAMBIR)[:15]):
        held(kelurahan, days_ago=10 + index * 20, **RESULTS)
        held(kelurahan, days_ago=9)
        factories.report(kelurahan)
        officer = factories.liaison_officer()
        services.liaison_assign(officer=officer, kelurahan=kelurahan, start_date=today)
        services.kelurahan_designate(kelurahan=kelurahan, since=today)
    after, response = count_queries()
    assert after == before
    assert response.context["coverage"].totals["binaan"] == 16
    assert len(response.context["coverage"].rows) == 16
    sections = {s.key: s for s in response.context["inbox"].sections}
    assert sections["results"].count == 15 and sections["new"].count == 15


def test_dashboard_counts_open_tips_without_a_kelurahan_apart(client, staff_user, jakarta_pusat):
    services.tip_submit(observed="Ada penawaran kerja ke luar negeri yang mencurigakan.")
    response = dashboard(client, staff_user)
    assert response.context["coverage"].unplaced_reports == {"open": 1, "overdue": 0}
    assert 'class="coverage-unplaced"' in response.content.decode()
    assert response.context["coverage"].totals["open_reports"] == 0


def test_dashboard_lists_binaan_first_and_raises_alarms_only_for_them(
    client, staff_user, jakarta_pusat
):
    kebon_kosong, gambir, kemayoran = place(KEBON_KOSONG), place(GAMBIR), place(KEMAYORAN)
    services.kelurahan_designate(kelurahan=gambir, since=datetime.date(2024, 6, 13))
    services.liaison_assign(
        officer=factories.liaison_officer(), kelurahan=gambir, start_date=timezone.localdate()
    )
    held(gambir, days_ago=10)  # held, results still missing after a week
    held(kemayoran, days_ago=10)  # the same in a kelurahan that is not binaan
    response = complete_list(client, staff_user)
    rows = response.context["coverage"].rows
    assert rows[0] == gambir and [row.is_binaan for row in rows[:2]] == [True, False]
    assert rows_by_kode(response)[GAMBIR].alarms == ["no_officer", "results"]
    assert rows_by_kode(dashboard(client, staff_user))[GAMBIR].alarms == ["no_officer", "results"]
    gambir_row = row_html(response, gambir)
    assert 'data-alarm="no_officer"' in gambir_row and 'data-alarm="results"' in gambir_row
    for quiet in (kemayoran, kebon_kosong):  # not binaan: no session, officer or PIMPASA due
        assert "coverage-alarm" not in row_classes(response, quiet)
        assert "⚠" not in row_html(response, quiet)
    factories.kelurahan_officer(gambir)
    assert rows_by_kode(dashboard(client, staff_user))[GAMBIR].alarms == ["results"]


def test_complete_list_query_count_does_not_grow_with_data(client, staff_user, jakarta_pusat):
    client.force_login(staff_user)

    def count_queries(**params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("admin:kelurahan_coverage_list"), params)
        assert response.status_code == 200
        return len(queries)

    before = count_queries(), count_queries(page=2)
    today = timezone.localdate()
    for index, kelurahan in enumerate(Kelurahan.objects.all()[:15]):
        held(kelurahan, days_ago=10 + index * 20, **RESULTS)
        factories.report(kelurahan)
        services.liaison_assign(
            officer=factories.liaison_officer(), kelurahan=kelurahan, start_date=today
        )
        services.kelurahan_designate(kelurahan=kelurahan, since=today)
    assert (count_queries(), count_queries(page=2)) == before
