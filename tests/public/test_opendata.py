"""Open data at /data/: figures that add up, small counts hidden, never a person or a text."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kelurahan import services
from kelurahan.models import AwarenessReport
from kelurahan.selectors.opendata import suppress
from tests.support import factories
from tests.support.heldsessions import at, held

REPORT_MARKER = "RAHASIA-ISI-LAPORAN-7781"
TIP_MARKER = "RAHASIA-ISI-TIP-5523"
OFFICER_MARKER = "Namapetugasrahasia"
LIAISON_MARKER = "Pimpasa Rahasia Sekali"
STAFF_MARKER = "Namastafrahasia"


@pytest.fixture
def figures(kebon_kosong, gambir, officer_kebon_kosong):
    """Known sessions and reports; the expected figures are written out in the tests."""
    officer = officer_kebon_kosong
    officer.user.first_name = OFFICER_MARKER
    officer.user.save()
    factories.staff(username="staf.rahasia", first_name=STAFF_MARKER)
    liaison = factories.liaison_officer(name=LIAISON_MARKER)
    held(kebon_kosong, at(2024, 7, 10), men=20, women=25, topics=["tppo", "paspor"])
    held(kebon_kosong, at(2024, 7, 31, 23, 30), men=10, women=15, speaker=liaison)
    # 00:30 WIB on 1 August is still 31 July in UTC: it belongs to August.
    held(kebon_kosong, at(2024, 8, 1, 0, 30), men=4, women=6, topics=["tppm"])
    held(gambir, at(2024, 7, 15), men=7, women=8)
    held(gambir, at(2024, 7, 16), men=100, women=100, published=False)
    factories.session(kebon_kosong, title="Belum terlaksana")
    for _ in range(6):
        factories.report(kebon_kosong, filed_by=officer.user, observed=REPORT_MARKER)
    factories.report(kebon_kosong, filed_by=officer.user, observed=REPORT_MARKER, submit=False)
    tips = [services.tip_submit(observed=TIP_MARKER, kelurahan=gambir)[0] for _ in range(2)]
    AwarenessReport.objects.filter(pk__in=[tip.pk for tip in tips]).update(
        submitted_at=at(2024, 7, 20)
    )
    return {"kebon_kosong": kebon_kosong, "gambir": gambir, "officer": officer}


def get_csv(client, name="public:opendata_csv") -> list[dict]:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def get_json(client) -> dict:
    response = client.get(reverse("public:opendata_json"))
    assert response.status_code == 200
    return json.loads(response.content.decode("utf-8"))


def test_suppress_hides_counts_from_one_to_four():
    assert [suppress(n) for n in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 12]


def test_statistics_csv_has_one_row_per_kelurahan_and_month(client, figures):
    rows = get_csv(client)
    assert [(row["kelurahan"], row["month"]) for row in rows] == [
        ("Gambir", "2024-07"),
        ("Kebon Kosong", "2024-07"),
        ("Kebon Kosong", "2024-08"),
    ]
    july = rows[1]
    assert july["kode_wilayah"] == "31.71.03.1002"
    assert july["kecamatan"] == "Kemayoran"
    assert july["sessions_held"] == "2"
    assert (july["attendance_men"], july["attendance_women"], july["attendance_total"]) == (
        "30",
        "40",
        "70",
    )
    assert (july["topic_tppo"], july["topic_paspor"], july["topic_tppm"]) == ("2", "1", "0")
    assert rows[2]["topic_tppm"] == "1" and rows[2]["attendance_total"] == "10"


def test_statistics_leave_out_unpublished_and_planned_sessions(client, figures):
    gambir = get_csv(client)[0]
    assert gambir["sessions_held"] == "1"
    assert gambir["attendance_total"] == "15"


def test_statistics_csv_has_a_column_per_topic_with_underscores(client, figures):
    header = get_csv(client)[0].keys()
    assert "topic_pmi_prosedural" in header
    assert "topic_kesadaran_hukum" in header


def test_statistics_json_matches_the_csv(client, figures):
    document = get_json(client)
    assert document["meta"]["licence"] == "CC BY 4.0"
    assert "Kantor Imigrasi Kelas I Non TPI Jakarta Pusat" in document["meta"]["source"]
    assert document["meta"]["generated_at"]
    assert document["meta"]["topics"]["tppo"]
    july = document["rows"][1]
    assert july["month"] == "2024-07" and july["sessions_held"] == 2
    assert july["attendance_total"] == 70
    assert july["topics"] == {
        "tppo": 2,
        "tppm": 0,
        "paspor": 1,
        "pmi-prosedural": 0,
        "apoa": 0,
        "kesadaran-hukum": 0,
    }


def test_report_totals_are_per_month_with_small_counts_shown_as_under_five(client, figures):
    officer_reports = AwarenessReport.objects.filter(source="officer").exclude(submitted_at=None)
    officer_reports.update(submitted_at=at(2024, 8, 5))
    rows = {row["month"]: row for row in get_csv(client, "public:opendata_reports_csv")}
    assert rows["2024-07"]["reports_by_officers"] == "0"
    assert rows["2024-07"]["tips_from_residents"] == "<5"
    assert rows["2024-08"]["reports_by_officers"] == "6"
    assert rows["2024-08"]["tips_from_residents"] == "0"
    assert set(rows["2024-07"]) == {"month", "office", "reports_by_officers", "tips_from_residents"}


def test_report_totals_in_json_are_a_number_or_null_with_a_flag(client, figures):
    reports = get_json(client)["reports"]
    july = next(row for row in reports if row["month"] == "2024-07")
    assert july["tips_from_residents"] is None and july["tips_from_residents_suppressed"] is True
    assert july["reports_by_officers"] == 0 and july["reports_by_officers_suppressed"] is False
    for row in reports:
        for name in ("reports_by_officers", "tips_from_residents"):
            assert row[name] is None or isinstance(row[name], int)


def test_open_data_never_shows_names_or_texts(client, figures):
    urls = ["public:opendata", "public:opendata_csv", "public:opendata_json"]
    urls.append("public:opendata_reports_csv")
    for name in urls:
        body = client.get(reverse(name)).content.decode("utf-8")
        for marker in (REPORT_MARKER, TIP_MARKER, OFFICER_MARKER, LIAISON_MARKER, STAFF_MARKER):
            assert marker not in body, (name, marker)
        assert "petugas.kebonkosong" not in body


def test_open_data_files_may_be_cached_for_an_hour(client, figures):
    for name in ("public:opendata_csv", "public:opendata_json", "public:opendata_reports_csv"):
        cache_control = client.get(reverse(name))["Cache-Control"]
        assert "public" in cache_control and "max-age=3600" in cache_control


def count_queries(client, name) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    return len(queries)


def test_open_data_query_count_does_not_grow_with_data(client, figures):
    names = ("public:opendata_csv", "public:opendata_json", "public:opendata_reports_csv")
    before = [count_queries(client, name) for name in names]
    for month in (3, 4, 5):
        place = factories.kelurahan()
        held(place, at(2024, month, 2), men=1, women=2, topics=["apoa", "tppo"])
        factories.report(place)
    assert [count_queries(client, name) for name in names] == before
    assert before[1] <= 6  # offices, topics, topic counts, sessions, passport days, reports


def test_opendata_page_explains_every_column_and_links_the_files(client, figures):
    response = client.get(reverse("public:opendata"))
    page = response.content.decode()
    assert response.status_code == 200
    for column in ("kode_wilayah", "sessions_held", "attendance_women", "topic_tppm"):
        assert f"<code>{column}</code>" in page
    for column in ("reports_by_officers", "tips_from_residents"):
        assert f"<code>{column}</code>" in page
    for name in ("public:opendata_csv", "public:opendata_json", "public:opendata_reports_csv"):
        assert f'href="{reverse(name)}"' in page
    assert "CC BY 4.0" in page


def test_opendata_files_work_with_no_data(client, db):
    assert get_csv(client) == []
    assert get_json(client)["rows"] == []
    assert get_csv(client, "public:opendata_reports_csv") == []


def test_footer_links_to_open_data(client, db):
    page = client.get(reverse("public:home")).content.decode()
    assert f'href="{reverse("public:opendata")}"' in page
