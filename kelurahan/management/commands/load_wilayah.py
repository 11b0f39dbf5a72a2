"""Load the kecamatan and kelurahan of Jakarta Pusat from the CSV shipped with the project."""

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from kelurahan.models import Kecamatan, Kelurahan, Office

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "jakarta_pusat.csv"
DEFAULT_OFFICE = "kanim-jakarta-pusat"
COLUMNS = {"kode_kecamatan", "kecamatan", "kode_kelurahan", "kelurahan", "kode_pos"}


class Command(BaseCommand):
    help = "Load kecamatan and kelurahan (kode wilayah, name, postal code); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
        parser.add_argument("--office", default=DEFAULT_OFFICE, help="slug of the serving office")

    def handle(self, *args, file: Path, office: str, **options):
        rows = self.read_rows(file)
        try:
            serving_office = Office.objects.get(slug=office)
        except Office.DoesNotExist as error:
            raise CommandError(f"No office with slug {office!r}.") from error
        with transaction.atomic():
            counts = self.load(rows, serving_office)
        self.stdout.write(
            self.style.SUCCESS(
                "Kecamatan: {kec_created} created, {kec_updated} updated, {kec_same} unchanged. "
                "Kelurahan: {kel_created} created, {kel_updated} updated, "
                "{kel_same} unchanged.".format(**counts)
            )
        )

    def read_rows(self, file: Path) -> list[dict]:
        if not file.exists():
            raise CommandError(f"File not found: {file}")
        with file.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = COLUMNS - set(reader.fieldnames or [])
            if missing:
                raise CommandError(f"{file}: missing columns {', '.join(sorted(missing))}")
            rows = list(reader)
        for line, row in enumerate(rows, start=2):
            if not all((row.get(column) or "").strip() for column in COLUMNS - {"kode_pos"}):
                raise CommandError(f"{file}, line {line}: a required value is empty.")
        return rows

    def load(self, rows: list[dict], office: Office) -> dict:
        counts = dict.fromkeys(
            ["kec_created", "kec_updated", "kec_same", "kel_created", "kel_updated", "kel_same"], 0
        )
        kecamatan_by_kode = {}
        for line, row in enumerate(rows, start=2):
            try:
                kode = row["kode_kecamatan"].strip()
                if kode not in kecamatan_by_kode:
                    kecamatan, outcome = upsert(
                        Kecamatan,
                        kode,
                        new_slug=slugify(row["kecamatan"]),
                        name=row["kecamatan"].strip(),
                    )
                    counts[f"kec_{outcome}"] += 1
                    kecamatan_by_kode[kode] = kecamatan
                _, outcome = upsert(
                    Kelurahan,
                    row["kode_kelurahan"].strip(),
                    new_slug=slugify(row["kelurahan"]),
                    name=row["kelurahan"].strip(),
                    postal_code=(row.get("kode_pos") or "").strip(),
                    kecamatan=kecamatan_by_kode[kode],
                    office=office,
                )
            except ValidationError as error:
                raise CommandError(f"line {line}: {'; '.join(error.messages)}") from error
            counts[f"kel_{outcome}"] += 1
        return counts


def upsert(model, kode: str, *, new_slug: str, **values):
    """Create the row or bring its values up to date; say which happened.

    The slug is set only on creation: it is part of a public URL printed on posters,
    so a renamed kelurahan keeps its address.
    """
    instance = model.objects.filter(kode=kode).first()
    if instance is None:
        instance = model(kode=kode, slug=new_slug, **values)
        instance.full_clean()
        instance.save()
        return instance, "created"
    changed = {k: v for k, v in values.items() if getattr(instance, k) != v}
    if not changed:
        return instance, "same"
    for field, value in changed.items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()
    return instance, "updated"
