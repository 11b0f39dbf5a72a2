"""Region files for the import tests: a small country in the national format, and helpers."""

import csv
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from kelurahan.models import Kecamatan, Kelurahan, Kota, Provinsi

NATIONAL_FILE = Path(settings.BASE_DIR).parent / "shared" / "data" / "wilayah_indonesia.csv"
HEADER = ["kode", "nama", "level", "kode_pos"]
# A small country: two cities in Aceh, Jakarta Pusat's Kemayoran; names that repeat.
ROWS = [
    ["11", "Aceh", "1", ""],
    ["11.01", "Kabupaten Aceh Selatan", "2", ""],
    ["11.01.01", "Bakongan", "3", ""],
    ["11.01.01.2001", "Keude Bakongan", "4", "23773"],
    ["11.01.01.2002", "Sukamaju", "4", "23773"],
    ["11.01.02", "Kluet Utara", "3", ""],
    ["11.01.02.1001", "Lubuk Pakam I,II", "4", "23771"],
    ["11.01.02.2002", "Sukamaju", "4", "23771"],
    ["11.02", "Kabupaten Aceh Tenggara", "2", ""],
    ["11.02.01", "Bakongan", "3", ""],
    ["11.02.01.2001", "Sukamaju", "4", "24651"],
    ["11.02.01.2002", "Gambir", "4", "24651"],
    ["31", "Daerah Khusus Ibukota Jakarta", "1", ""],
    ["31.71", "Kota Administrasi Jakarta Pusat", "2", ""],
    ["31.71.01", "Gambir", "3", ""],
    ["31.71.01.1001", "Gambir", "4", "10110"],
    ["31.71.03", "Kemayoran", "3", ""],
    ["31.71.03.1002", "Kebon Kosong", "4", "10630"],
]
MODELS = (Provinsi, Kota, Kecamatan, Kelurahan)


class Terminal(StringIO):
    def isatty(self):
        return True


def run(*args, stdout=None, **options) -> str:
    out = stdout or StringIO()
    call_command("load_wilayah", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def national_file(tmp_path, rows=ROWS, name="wilayah.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def replaced(kode: str, *values) -> list[list[str]]:
    return [[kode, *values] if row[0] == kode else row for row in ROWS]


def snapshot() -> list:
    return [list(model.objects.order_by("kode").values()) for model in MODELS]


def slug(kode: str) -> str:
    return Kelurahan.objects.get(kode=kode).slug
