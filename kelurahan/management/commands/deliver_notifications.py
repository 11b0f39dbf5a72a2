"""Send the queued notifications (the outbox); with --loop, keep doing it every few seconds."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from kelurahan.services.delivery import deliver_due, outbox_purge_sent


class Command(BaseCommand):
    help = (
        "Send the e-mails waiting in the outbox; a failed one is retried later with back-off and "
        "marked failed (visible in the admin) after NOTIFY_MAX_ATTEMPTS tries. One pass, or "
        "--loop to keep running as a worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="keep running, one pass every --interval seconds"
        )
        parser.add_argument(
            "--interval", type=float, default=10.0, help="seconds between passes (default 10)"
        )

    def handle(self, *args, loop: bool, interval: float, **options):
        if not loop:
            self.one_pass(report_idle=True)
            return
        try:
            while True:
                self.one_pass(report_idle=False)
                close_old_connections()  # a long-running worker must not keep a dead connection
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")

    def one_pass(self, *, report_idle: bool) -> None:
        run = deliver_due()
        purged = outbox_purge_sent()
        if report_idle or run.sent or run.retrying or run.failed or purged:
            self.stdout.write(
                f"{run.sent} sent, {run.retrying} to retry later, {run.failed} failed"
                + (f", {purged} old sent message(s) deleted" if purged else "")
                + "."
            )
