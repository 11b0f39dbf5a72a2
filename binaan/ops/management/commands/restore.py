"""manage.py restore --input DIR: put back a backup made by manage.py backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from binaan.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from a folder made by manage.py backup. "
        "Checks every file's sha256 first; refuses to overwrite a database or media folders "
        "that hold data unless --force. Stop the portal before restoring."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--input",
            dest="source",
            required=True,
            type=Path,
            help="The backup folder (with manifest.json).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the existing database contents and uploaded files.",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default)."
        )

    def handle(self, *args, source: Path, force: bool, database: str, **options):
        # Our own open connections would hold locks that pg_restore --clean waits for.
        connections.close_all()
        try:
            result = restore_backup(source, connections[database].settings_dict, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        created = result["manifest"]["created_at"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {created}: {result['tables']} tables, "
                f"{result['rows']} rows and {result['files']} files, all equal to the manifest."
            )
        )
        self.stdout.write(
            "Next: manage.py migrate (if this code is newer than the backup), then "
            "manage.py purge_expired_tips (tips whose retention ended since the backup)."
        )
