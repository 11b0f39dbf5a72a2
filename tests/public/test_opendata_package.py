"""Open data that cannot date a tip, and its Frictionless data package.

Report counts are published for months that have ended only: polling /data/ must not show
when a tip arrives. /data/datapackage.json describes every file; the `frictionless` package
validates the descriptor and the files as served, saved next to it.
"""

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from frictionless import Package, validate

from kelurahan import services
from kelurahan.models import AwarenessReport
from kelurahan.selectors.opendata import first_unpublished_moment
from tests.support import factories
from tests.support.heldsessions import at, held

FILES = {
    "statistik.csv": "public:opendata_csv",
    "laporan.csv": "public:opendata_reports_csv",
    "statistik.json": "public:opendata_json",
}


@pytest.fixture
def published(kebon_kosong, gambir, officer_kebon_kosong):
    """Sessions, and reports and tips of months that have ended: 6 (shown) and 2 (hidden)."""
    held(kebon_kosong, at(2024, 7, 10), men=20, women=25, topics=["tppo", "paspor"])
    held(gambir, at(2024, 8, 15), men=7, women=8)
    reports = [factories.report(kebon_kosong) for _ in range(6)]
    tips = [services.tip_submit(observed="Ada calo.", kelurahan=gambir)[0] for _ in range(2)]
    AwarenessReport.objects.filter(pk__in=[r.pk for r in reports]).update(
        submitted_at=at(2024, 7, 3)
    )
    AwarenessReport.objects.filter(pk__in=[t.pk for t in tips]).update(submitted_at=at(2024, 8, 4))
    return {"kebon_kosong": kebon_kosong, "gambir": gambir}


def served(client) -> dict[str, bytes]:
    """Every open data file as a resident downloads it, the JSON without its timestamp."""
    cache.clear()
    files = {name: client.get(reverse(url)).content for name, url in FILES.items()}
    document = json.loads(files["statistik.json"])
    del document["meta"]["generated_at"]
    files["statistik.json"] = json.dumps(document, sort_keys=True).encode()
    return files


def test_open_data_a_tip_filed_today_changes_nothing(client, published, officer_kebon_kosong):
    before = served(client)

    services.tip_submit(observed="Ada perekrut di dekat pasar.", kelurahan=published["gambir"])
    factories.report(published["kebon_kosong"], filed_by=officer_kebon_kosong.user)

    assert served(client) == before


def test_open_data_counts_reports_of_months_that_have_ended(client, published):
    reports = json.loads(client.get(reverse("public:opendata_json")).content)["reports"]

    assert [(r["month"], r["reports_by_officers"], r["tips_from_residents"]) for r in reports] == [
        ("2024-07", 6, 0),
        ("2024-08", 0, None),  # two tips: hidden, as "<5" in the CSV file
    ]


def test_open_data_publishes_a_month_once_it_has_ended(client, published):
    tip = services.tip_submit(observed="Ada calo.", kelurahan=published["gambir"])[0]
    just_before = first_unpublished_moment() - datetime.timedelta(minutes=1)
    AwarenessReport.objects.filter(pk=tip.pk).update(submitted_at=just_before)

    reports = json.loads(client.get(reverse("public:opendata_json")).content)["reports"]

    last_month = timezone.localtime(just_before).strftime("%Y-%m")
    assert [r["month"] for r in reports] == ["2024-07", "2024-08", last_month]
    assert reports[-1]["tips_from_residents_suppressed"] is True


# The data package


def save_package(client, folder: Path) -> dict:
    """datapackage.json and the three files as served, side by side in `folder`."""
    response = client.get(reverse("public:opendata_datapackage"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    (folder / "datapackage.json").write_bytes(response.content)
    for name, url in FILES.items():
        (folder / name).write_bytes(client.get(reverse(url)).content)
    return json.loads(response.content)


def test_datapackage_describes_every_file_with_its_columns(client, published, tmp_path):
    descriptor = save_package(client, tmp_path)

    resources = {resource["path"]: resource for resource in descriptor["resources"]}
    assert set(resources) == set(FILES)
    for name in ("statistik.csv", "laporan.csv"):
        header = (tmp_path / name).read_text("utf-8").splitlines()[0].split(",")
        assert [field["name"] for field in resources[name]["schema"]["fields"]] == header
    reports = resources["laporan.csv"]["schema"]
    assert reports["missingValues"] == ["<5"]
    assert {f["name"]: f["type"] for f in reports["fields"]} == {
        "month": "yearmonth",
        "office": "string",
        "reports_by_officers": "integer",
        "tips_from_residents": "integer",
    }
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"


def test_datapackage_and_served_files_pass_frictionless_validation(client, published, tmp_path):
    save_package(client, tmp_path)
    assert "<5" in (tmp_path / "laporan.csv").read_text("utf-8")  # a hidden count is in there

    report = validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["type", "note"])
    package = Package(str(tmp_path / "datapackage.json"))
    rows = package.get_resource("laporan").read_rows()
    assert [(r["month"].month, r["tips_from_residents"]) for r in rows] == [
        (7, 0),
        (8, None),  # "<5" read as a missing value, not as text in a number column
    ]


def test_datapackage_catches_a_file_that_breaks_it(client, published, tmp_path):
    """The validation is real: a count that is neither a number nor "<5" is reported."""
    save_package(client, tmp_path)
    broken = (tmp_path / "laporan.csv").read_text("utf-8").replace("<5", "sedikit")
    (tmp_path / "laporan.csv").write_text(broken, "utf-8")

    report = validate(str(tmp_path / "datapackage.json"))

    assert not report.valid
    assert ["type-error"] in report.flatten(["type"])


def test_statistics_json_matches_the_schema_in_the_package(client, published, tmp_path):
    descriptor = save_package(client, tmp_path)
    schema = next(r for r in descriptor["resources"] if r["path"] == "statistik.json")["jsonSchema"]
    document = json.loads((tmp_path / "statistik.json").read_text("utf-8"))

    jsonschema.validate(document, schema)
    document["reports"][1]["tips_from_residents"] = "<5"  # the old, mixed type is refused
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
