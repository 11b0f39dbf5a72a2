"""manage.py backup --output DIR: database dump, uploaded files and a manifest in one folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from binaan.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc on PostgreSQL, the online backup API on SQLite) and "
        "the uploaded files, public and private, into a new folder with a manifest. The backup "
        "holds personal data: store it encrypted. Encryption keys are not in it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, type=Path, help="A new or empty folder for this backup."
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default)."
        )

    def handle(self, *args, output: Path, database: str, **options):
        try:
            manifest = create_backup(output, connections[database].settings_dict)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output}: {len(manifest['tables'])} tables, {rows} rows, "
                f"{len(manifest['media'])} uploaded files."
            )
        )
        self.stdout.write(
            "It contains personal data: store it encrypted. The field-encryption keys are not in "
            "it; keep them backed up separately."
        )
