"""Load Kemendagri regions: Jakarta Pusat's from the CSV shipped with the project (the default),
or the whole country with --file in the national format (kode,nama,level,kode_pos).

Reading and writing live in kelurahan/services/wilayah_import.py; this command adds the office of
the Jakarta Pusat file, the progress line on a terminal and the summary.
"""

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from kelurahan import services
from kelurahan.models import Kecamatan, Kelurahan, Kota, Office, Provinsi
from kelurahan.public.cache import public_content_changed
from kelurahan.services.wilayah_import import (
    LABELS,
    Importer,
    WilayahFile,
    WilayahFileError,
    read_file,
)

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "jakarta_pusat.csv"
DEFAULT_OFFICE = "kanim-jakarta-pusat"
PROGRESS_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Load provinces, cities, kecamatan and desa/kelurahan (kode wilayah, name, postal "
        "code) from the Jakarta Pusat file or, with --file, a national list; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
        parser.add_argument(
            "--office",
            help=f"Jakarta Pusat format: slug of the office covering its city ({DEFAULT_OFFICE}).",
        )

    def handle(self, *args, file: Path, office: str | None, **options):
        started = time.monotonic()
        try:
            regions = read_file(file)
        except WilayahFileError as error:
            raise CommandError(str(error)) from error
        serving_office = self.serving_office(regions, office)
        importer = Importer(regions, progress=self.progress_bar(len(regions.regions)))
        try:
            with transaction.atomic():
                counts = importer.run()
                if serving_office:
                    self.cover(serving_office, regions)
                public_content_changed()  # bulk writes send no signals: refresh public pages
        except WilayahFileError as error:
            raise CommandError(str(error)) from error
        refresh_planner_statistics()
        if self.stdout.isatty():
            self.stdout.write("")
        summary = ". ".join(f"{LABELS[level]}: {counted}" for level, counted in counts.items())
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"{summary}. ({elapsed:.1f} s)"))

    def serving_office(self, regions: WilayahFile, slug: str | None) -> Office | None:
        """The Jakarta Pusat format's office; the national format leaves offices to the admin."""
        if regions.national:
            if slug:
                raise CommandError(
                    "--office works with the Jakarta Pusat format only; set the cities an "
                    "office covers in the admin."
                )
            return None
        slug = slug or DEFAULT_OFFICE
        try:
            return Office.objects.get(slug=slug)
        except Office.DoesNotExist as error:
            raise CommandError(f"No office with slug {slug!r}.") from error

    def cover(self, office: Office, regions: WilayahFile) -> None:
        """The office covers the file's cities (besides its others), so serves their kelurahan."""
        cities = Kota.objects.filter(kode__in=regions.cities()) | office.cities.all()
        try:
            services.office_set_cities(office=office, cities=cities.distinct())
        except ValidationError as error:
            raise CommandError(f"{regions.path}: {' '.join(error.messages)}") from error

    def progress_bar(self, total: int):
        """A one-line progress bar on a terminal; nothing in logs and pipes."""
        if not self.stdout.isatty() or not total:
            return lambda done: None

        def show(done: int) -> None:
            filled = PROGRESS_WIDTH * done // total
            bar = "#" * filled + "-" * (PROGRESS_WIDTH - filled)
            self.stdout.write(f"\r[{bar}] {done:,}/{total:,}", ending="")
            self.stdout.flush()

        return show


def refresh_planner_statistics() -> None:
    """PostgreSQL plans the directory's queries from table statistics; after a large import
    they are stale until autovacuum comes round, and it picks nested loops over 83,762 rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Provinsi, Kota, Kecamatan, Kelurahan):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
