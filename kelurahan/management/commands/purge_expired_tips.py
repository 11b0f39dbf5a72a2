"""Delete residents' reports closed longer ago than TIP_RETENTION_DAYS, and residents' questions
answered or passed on longer ago than QUESTION_RETENTION_DAYS; run it daily."""

from django.conf import settings
from django.core.management.base import BaseCommand

from kelurahan import services
from kelurahan.services.questions import questions_expired, questions_purge_expired
from kelurahan.services.tips import tips_expired


class Command(BaseCommand):
    help = (
        "Delete tips and assisted reports closed more than TIP_RETENTION_DAYS ago, with their "
        "timeline and photo. Meant for a daily timer (cron or systemd)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run: bool, **options):
        days = settings.TIP_RETENTION_DAYS
        question_days = settings.QUESTION_RETENTION_DAYS
        if dry_run:
            count = tips_expired().count()
            self.stdout.write(
                f"Dry run: {count} resident report(s) closed more than {days} days ago "
                "would be deleted."
            )
            self.stdout.write(
                f"Dry run: {questions_expired().count()} question(s) answered more than "
                f"{question_days} days ago would be deleted."
            )
            return
        count = services.tips_purge_expired()
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {count} resident report(s) closed more than {days} days ago."
            )
        )
        count = questions_purge_expired()
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {count} question(s) answered more than {question_days} days ago."
            )
        )
