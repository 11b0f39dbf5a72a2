"""The recap page and its XLSX and CSV downloads: figures, totals, periods, office scoping."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kelurahan import services
from kelurahan.models import AwarenessReport, Kelurahan, OutreachSession, Topic
from kelurahan.selectors.recap import figure_columns, identity_columns
from tests.support import factories

KEBON_KOSONG = "31.71.03.1002"
GAMBIR = "31.71.01.1001"
MARCH_2025 = {"period": "month", "month": 3, "year": 2025, "group": "kelurahan"}
Kind = OutreachSession.Kind


def jakarta(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args), timezone.get_default_timezone())


def held_at(kelurahan, moment, **results) -> OutreachSession:
    days = (moment - timezone.now()).total_seconds() / 86400
    kind = results.pop("kind", Kind.SOSIALISASI)
    planned = factories.session(kelurahan, days_from_now=days, kind=kind)
    return services.session_mark_held(session=planned, by=None, **results)


def submitted_at(report, moment) -> AwarenessReport:
    AwarenessReport.objects.filter(pk=report.pk).update(submitted_at=moment)
    return report


@pytest.fixture
def programme(db):
    """Jakarta Pusat with known sessions and reports in March 2025, and some outside it."""
    call_command("load_wilayah", stdout=io.StringIO())
    kebon_kosong = Kelurahan.objects.get(kode=KEBON_KOSONG)
    gambir = Kelurahan.objects.get(kode=GAMBIR)
    held_at(kebon_kosong, jakarta(2025, 3, 5, 9), attendance_men=20, attendance_women=25)
    held_at(
        kebon_kosong,
        jakarta(2025, 3, 1, 3),  # March in Jakarta, still February in UTC
        attendance_men=10,
        attendance_women=20,
        kind=Kind.PASSPORT_SERVICE,
    )
    held_at(gambir, jakarta(2025, 3, 20, 10), attendance_men=5, attendance_women=7)
    # April in Jakarta, still March in UTC
    held_at(kebon_kosong, jakarta(2025, 4, 1, 6), attendance_men=50, attendance_women=50)
    held_at(kebon_kosong, jakarta(2025, 2, 28, 20), attendance_men=1, attendance_women=1)
    factories.session(kebon_kosong, days_from_now=-1)  # planned, never held: not counted
    submitted_at(factories.report(kebon_kosong), jakarta(2025, 3, 10, 12))
    submitted_at(
        factories.report(gambir, category=AwarenessReport.Category.TPPM), jakarta(2025, 3, 11)
    )
    submitted_at(factories.report(gambir), jakarta(2025, 5, 2))
    factories.report(kebon_kosong, submit=False)  # a draft: never counted
    return {"kebon_kosong": kebon_kosong, "gambir": gambir}


def labels(grouping="kelurahan") -> list[str]:
    return [c.label for c in identity_columns(grouping) + figure_columns(list(Topic.objects.all()))]


def column(name: str, grouping="kelurahan") -> int:
    keys = [c.key for c in identity_columns(grouping) + figure_columns(list(Topic.objects.all()))]
    return keys.index(name)


def download(client, user, kind, params):
    client.force_login(user)
    response = client.get(reverse(f"admin:kelurahan_recap_{kind}"), params)
    assert response.status_code == 200
    return b"".join(response.streaming_content), response


def xlsx_rows(client, user, params) -> list[list]:
    content, response = download(client, user, "xlsx", params)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(client, user, params) -> list[list]:
    content, response = download(client, user, "csv", params)
    assert response["Content-Type"].startswith("text/csv")
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def by_kode(rows) -> dict:
    return {row[0]: row for row in rows}


def assert_totals_are_the_sum(data_rows, totals, first_figure):
    for index in range(first_figure, len(totals)):
        assert int(totals[index]) == sum(int(row[index]) for row in data_rows), index


def test_recap_xlsx_has_title_header_rows_and_totals(client, staff_user, programme):
    title, header, *rows, totals = xlsx_rows(client, staff_user, MARCH_2025)
    assert "Kantor Imigrasi Kelas I Non TPI Jakarta Pusat" in title[0]
    assert header == labels()
    assert len(rows) == 44
    kebon_kosong = by_kode(rows)[KEBON_KOSONG]
    assert kebon_kosong[column("held")] == 2
    assert kebon_kosong[column(f"kind:{Kind.PASSPORT_SERVICE}")] == 1
    assert kebon_kosong[column("topic:" + str(factories.topic().pk))] == 2
    assert kebon_kosong[column("attendance_men")] == 30
    assert kebon_kosong[column("attendance_women")] == 45
    assert kebon_kosong[column("attendance_total")] == 75  # 45 + 30
    assert by_kode(rows)[GAMBIR][column("attendance_total")] == 12
    assert totals[column("attendance_total")] == 87
    assert totals[column("held")] == 3
    assert totals[column("reports")] == 2
    assert totals[column("category:tppm")] == 1
    assert totals[column("status:submitted")] == 2
    assert_totals_are_the_sum(rows, totals, column("held"))
    assert isinstance(totals[column("held")], int)  # numbers, not text


def test_recap_xlsx_is_formatted(client, staff_user, programme):
    content, _ = download(client, staff_user, "xlsx", MARCH_2025)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.freeze_panes == "D3"
    assert sheet["A2"].font.bold and sheet["A2"].fill.fgColor.rgb.endswith("DCE6F1")
    assert sheet.cell(row=sheet.max_row, column=1).font.bold
    assert sheet.column_dimensions["B"].width > 20


def test_recap_csv_matches_the_same_figures(client, staff_user, programme):
    header, *rows, totals = csv_rows(client, staff_user, MARCH_2025)
    assert header == labels()
    assert len(rows) == 44
    assert by_kode(rows)[KEBON_KOSONG][column("attendance_total")] == "75"
    assert totals[column("attendance_total")] == "87"
    assert totals[column("reports")] == "2"
    assert_totals_are_the_sum(rows, totals, column("held"))
    *_, xlsx_totals = xlsx_rows(client, staff_user, MARCH_2025)
    assert [str(value) for value in xlsx_totals[column("held") :]] == totals[column("held") :]


def test_recap_period_leaves_out_sessions_outside_it(client, staff_user, programme):
    april = {**MARCH_2025, "month": 4}
    *_, totals_april = xlsx_rows(client, staff_user, april)
    assert totals_april[column("attendance_total")] == 100
    assert totals_april[column("reports")] == 0

    quarter = {"period": "quarter", "quarter": 1, "year": 2025, "group": "kelurahan"}
    header, *rows, totals = csv_rows(client, staff_user, quarter)
    assert totals[column("held")] == "4"  # February and March; April is the next quarter
    assert totals[column("attendance_total")] == str(87 + 2)

    second = {**quarter, "quarter": 2}
    *_, totals = csv_rows(client, staff_user, second)
    assert totals[column("held")] == "1" and totals[column("reports")] == "1"


def test_recap_per_kecamatan_adds_up_the_kelurahan(client, staff_user, programme):
    params = {**MARCH_2025, "group": "kecamatan"}
    header, *rows, totals = csv_rows(client, staff_user, params)
    assert header == labels("kecamatan")
    assert len(rows) == 8
    kemayoran = by_kode(rows)["31.71.03"]
    assert kemayoran[column("attendance_total", "kecamatan")] == "75"
    assert totals[column("attendance_total", "kecamatan")] == "87"
    assert_totals_are_the_sum(rows, totals, column("held", "kecamatan"))


def test_recap_counts_tips_without_kelurahan_in_their_own_row(client, staff_user, programme):
    tip, _code = services.tip_submit(observed="Ada penawaran kerja mencurigakan.")
    submitted_at(tip, jakarta(2025, 3, 15))
    header, *rows, totals = csv_rows(client, staff_user, MARCH_2025)
    assert len(rows) == 45
    assert rows[-1][0] == "" and rows[-1][column("reports")] == "1"
    assert rows[-1][column("category:")] == "1"
    assert totals[column("reports")] == "3"
    assert_totals_are_the_sum(rows, totals, column("held"))


def test_recap_staff_of_another_office_get_none_of_these_numbers(
    client, other_office_staff, programme
):
    title, header, *rows, totals = xlsx_rows(client, other_office_staff, MARCH_2025)
    assert rows == []
    assert all(value == 0 for value in totals[column("held") :])
    *_, csv_totals = csv_rows(client, other_office_staff, MARCH_2025)
    assert set(csv_totals[column("held") :]) == {"0"}


def test_recap_page_shows_the_period_totals_and_plain_download_links(client, staff_user, programme):
    client.force_login(staff_user)
    response = client.get(reverse("admin:kelurahan_recap"), MARCH_2025)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("admin:kelurahan_recap_xlsx")}?period=month&amp;month=3' in html
    assert f'href="{reverse("admin:kelurahan_recap_csv")}?period=month&amp;month=3' in html
    totals = {column.key: value for column, value in response.context["totals"]}
    assert totals["attendance_total"] == 87
    assert '<select name="month"' in html


def test_recap_page_defaults_to_this_month(client, staff_user, db):
    client.force_login(staff_user)
    response = client.get(reverse("admin:kelurahan_recap"))
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["recap"].period.number == today.month


def test_recap_rejects_an_impossible_period(client, staff_user, db):
    client.force_login(staff_user)
    response = client.get(reverse("admin:kelurahan_recap_csv"), {**MARCH_2025, "month": 13})
    assert response.status_code == 200
    assert response.context["recap"] is None
    assert response.context["form"].errors["month"]


@pytest.mark.parametrize("name", ["kelurahan_recap", "kelurahan_recap_xlsx", "kelurahan_recap_csv"])
def test_recap_anonymous_is_sent_to_the_admin_login(client, name, db):
    response = client.get(reverse(f"admin:{name}"), MARCH_2025)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_recap_kelurahan_officer_is_sent_to_the_admin_login(client, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)
    response = client.get(reverse("admin:kelurahan_recap_csv"), MARCH_2025)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
