"""Re-encrypt every encrypted value with the newest key; safe to run again at any time."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from kelurahan.encryption import encrypted_field_names, reencrypt_rows


class Command(BaseCommand):
    help = (
        "Write every encrypted report and timeline text again with the first key of "
        "DJANGO_FIELD_ENCRYPTION_KEYS (and encrypt any text still stored in plain). Run it after "
        "putting a new key in front; remove the old key only once it reports nothing left."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="change nothing; fail if any value is not yet under the newest key",
        )

    def handle(self, *args, check: bool, **options):
        totals = {"old_key": 0, "plaintext": 0, "unreadable": 0}
        for model in apps.get_models():
            names = encrypted_field_names(model)
            if not names:
                continue
            counts = reencrypt_rows(model, names, write=not check)
            for kind in totals:
                totals[kind] += counts[kind]
            verb = "would be rewritten" if check else "rewritten"
            self.stdout.write(
                f"{model._meta.label}: {counts['rows_changed']} row(s) {verb}; values: "
                f"{counts['old_key']} under an older key, {counts['plaintext']} not encrypted, "
                f"{counts['current']} already under the newest key, {counts['empty']} empty, "
                f"{counts['unreadable']} unreadable."
            )
        if totals["unreadable"]:
            raise CommandError(
                f"{totals['unreadable']} value(s) cannot be decrypted with any key in "
                "DJANGO_FIELD_ENCRYPTION_KEYS: put back the key they were written with."
            )
        if check and (totals["old_key"] or totals["plaintext"]):
            raise CommandError("Some values are not under the newest key yet: run without --check.")
        self.stdout.write(self.style.SUCCESS("Every encrypted value is under the newest key."))
