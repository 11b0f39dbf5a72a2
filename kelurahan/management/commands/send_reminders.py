"""Daily reminder e-mails; safe to run again the same day (nothing is sent twice)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from kelurahan.services import reminders_send


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--today: use YYYY-MM-DD, not {text!r}.") from error


class Command(BaseCommand):
    help = (
        "E-mail kelurahan and liaison officers about held sessions still missing results, "
        "and office staff about reports open too long. Run it once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list the e-mails without sending them"
        )
        parser.add_argument(
            "--today", type=_date, default=None, help="the day to act as (YYYY-MM-DD)"
        )

    def handle(self, *args, dry_run: bool, today: datetime.date | None, **options):
        run = reminders_send(today=today, dry_run=dry_run)
        if dry_run:
            for reminder in run.planned:
                self.stdout.write(
                    f"{reminder.kind}: user {reminder.user.pk} ({reminder.user.username}), "
                    f"{len(reminder.items)} item(s)"
                )
            self.stdout.write(f"Dry run: {len(run.planned)} e-mail(s) would be sent.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"{run.sent} e-mail(s) sent, {run.skipped} already sent today.")
        )
