"""Compile the project's .po files to .mo with polib, so setup needs no GNU gettext."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogs() -> list[Path]:
    return sorted(
        po_path
        for locale_dir in settings.LOCALE_PATHS
        for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po")
    )


def unfinished(catalog: polib.POFile) -> list[str]:
    """Messages a reader would see untranslated: empty or fuzzy entries."""
    return [entry.msgid for entry in catalog.untranslated_entries() + catalog.fuzzy_entries()]


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files (what compilemessages does)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="fail when any message is untranslated or fuzzy"
        )

    def handle(self, *args, check: bool, **options):
        problems = []
        for po_path in catalogs():
            catalog = polib.pofile(str(po_path))
            catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(f"{po_path}: {catalog.percent_translated()}% translated")
            problems += [f"{po_path}: {msgid!r}" for msgid in unfinished(catalog)]
        if check and problems:
            raise CommandError("Untranslated or fuzzy messages:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS(f"Compiled {len(catalogs())} translation file(s)."))
