"""manage.py load_test: gunicorn on this machine, many concurrent clients, zero errors expected.

Starts gunicorn (binaan.wsgi) on 127.0.0.1 and a free port against the configured database,
drives the public pages and the officer forms with --clients threads for at most --requests
requests and --max-seconds seconds, stops gunicorn, and prints errors and latency percentiles.
Exits non-zero on any error (5xx, refused connection, unexpected status). It writes draft
reports and session proposals: run it on a throwaway database (CI uses binaan_load).
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.urls import reverse
from django.utils import translation

from binaan.ops.loadtest import LOOPBACK_HOSTS, Targets, percentile, run_load
from binaan.ops.localserver import running_gunicorn
from kelurahan.models import Article, KelurahanOfficer, OutreachSession


class Command(BaseCommand):
    help = (
        "Bounded load test on this machine: gunicorn, concurrent clients on the public pages "
        "and the officer forms, errors and latency percentiles. Writes test rows: use a "
        "throwaway database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=16, help="Concurrent clients (1-64).")
        parser.add_argument("--requests", type=int, default=2000, help="Total HTTP requests.")
        parser.add_argument("--max-seconds", type=float, default=60, help="Time cap (<= 600).")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (1-8).")
        parser.add_argument("--host", default="127.0.0.1", help="127.0.0.1 or localhost only.")
        parser.add_argument("--username", default="petugas.kebonkosong")
        parser.add_argument("--password", default=None, help="Default: settings.DEMO_PASSWORD.")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the clients' choices.")
        parser.add_argument(
            "--force", action="store_true", help="Run even though DEBUG is off (never production)."
        )

    def handle(self, *args, **options):
        self.check_options(options)
        targets = self.prepare(options)
        workers = options["workers"]
        connections.close_all()  # gunicorn's workers open their own
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "binaan.settings"}
        with running_gunicorn(workers=workers, env=env, ready_path=reverse("healthz")) as server:
            self.stdout.write(f"gunicorn ready on {server.base_url}/ ({workers} workers)")
            results, elapsed = run_load(
                options["host"],  # 127.0.0.1 or localhost: where gunicorn listens
                server.port,
                targets,
                clients=options["clients"],
                requests=options["requests"],
                seconds=options["max_seconds"],
                seed=options["seed"],
            )
            tail = server.log_tail()
        self.report(results, elapsed, options, tail)

    def check_options(self, options) -> None:
        if options["host"] not in LOOPBACK_HOSTS:
            raise CommandError("The load test only runs against this machine: 127.0.0.1.")
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off, so this looks like production: the load test writes test rows. "
                "Run it on a throwaway database; --force only on a test server."
            )
        bounds = {"clients": (1, 64), "requests": (1, 100_000), "max_seconds": (1, 600)}
        bounds["workers"] = (1, 8)
        for name, (low, high) in bounds.items():
            if not low <= options[name] <= high:
                raise CommandError(f"--{name.replace('_', '-')} must be from {low} to {high}.")

    def prepare(self, options) -> Targets:
        """Demo data if the database has none; the pages to visit."""
        username = options["username"]
        if not get_user_model().objects.filter(username=username).exists():
            self.stdout.write("No demo data yet: running seed_demo.")
            call_command("seed_demo", force=options["force"], stdout=self.stdout)
        officer = KelurahanOfficer.objects.select_related("kelurahan").get(user__username=username)
        sessions = (
            OutreachSession.objects.published().select_related("kelurahan").order_by("pk")[:20]
        )
        articles = Article.objects.published().order_by("pk")[:10]
        slugs = {officer.kelurahan.slug, *(s.kelurahan.slug for s in sessions)}
        if not sessions or not articles:
            raise CommandError("The load test needs published sessions and articles (seed_demo).")
        with translation.override(settings.LANGUAGE_CODE):
            return Targets(
                home=reverse("public:home"),
                directory=reverse("public:directory"),
                kelurahan=[reverse("public:kelurahan", args=[slug]) for slug in sorted(slugs)],
                sessions=[reverse("public:session", args=[s.pk]) for s in sessions],
                articles=[reverse("public:article", args=[a.slug]) for a in articles],
                tip=reverse("public:tip"),
                login=reverse("officer:login"),
                dashboard=reverse("officer:dashboard"),
                report_form=reverse("officer:report_create"),
                session_form=reverse("officer:session_create"),
                username=username,
                password=options["password"] or settings.DEMO_PASSWORD,
            )

    def report(self, results, elapsed, options, server_log) -> None:
        total, errors = results.count, results.errors
        self.stdout.write(
            f"Load test: {options['clients']} clients, {options['workers']} gunicorn workers, "
            f"{total} requests in {elapsed:.1f} s ({total / elapsed:.1f} requests/s), "
            f"{len(errors)} errors."
        )
        self.stdout.write(f"{'page':<24}{'requests':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}")
        everything = [value for values in results.latencies.values() for value in values]
        rows = sorted(results.latencies.items()) + [("all", everything)]
        for kind, values in rows:
            if values:
                cells = [f"{percentile(values, p) * 1000:>9.0f}" for p in (50, 90, 99)]
                self.stdout.write(f"{kind:<24}{len(values):>9}{''.join(cells)}")
        if total < options["requests"]:
            self.stdout.write(f"Stopped by the time cap of {options['max_seconds']:g} s.")
        if errors:
            for kind, error in errors[:20]:
                self.stderr.write(f"  {kind}: {error}")
            if server_log:
                self.stderr.write(f"gunicorn said:\n{server_log}")
            raise CommandError(f"{len(errors)} of {total} requests failed.")
