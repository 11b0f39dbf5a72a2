"""manage.py benchmark: national data on PostgreSQL, gunicorn, wrk; the table in docs/benchmarks.md.

Drops and recreates its own database (--database-url, default binaan_bench; with
--reuse-database keeps it if it holds a finished build of the same scale), imports the
national region list, builds 500,000 sessions and 1,000,000 reports, then measures the public
pages against a bare Django view with wrk, with and without their cache, times the admin's
report changelist at 1,000 and at 1,000,000 reports, and writes the table. The logic lives in
binaan/ops/benchmark/. It re-runs itself with production-like settings and throwaway keys
(binaan/ops/benchmark/environment.py), so whatever the caller's settings, it measures the same.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from binaan.ops.benchmark.database import check_benchmark_url, stored_build
from binaan.ops.benchmark.dataset import Scale
from binaan.ops.benchmark.environment import (
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    benchmark_environment,
    in_benchmark_environment,
)
from binaan.ops.benchmark.measure import Load
from binaan.ops.benchmark.runner import Options, run
from binaan.ops.benchmark.wrk import WrkError, wrk_binary

DEFAULT_WILAYAH = Path(settings.BASE_DIR).parent / "shared" / "data" / "wilayah_indonesia.csv"
DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
DEFAULT_WORKERS = 2 * (os.cpu_count() or 1)
# (option, default): passed on to the re-run, and shown in the command line to reproduce.
OPTIONS = {
    "database_url": DEFAULT_DATABASE_URL,
    "wilayah_file": DEFAULT_WILAYAH,
    "sessions": Scale.sessions,
    "reports": Scale.reports,
    "binaan": Scale.binaan,
    "offices": Scale.offices,
    "seconds": Load.seconds,
    "warmup": Load.warmup,
    "threads": Load.threads,
    "connections": Load.connections,
    "workers": DEFAULT_WORKERS,
    "redis_url": DEFAULT_REDIS_URL,
    "search": "sukamaju",
    "output": DEFAULT_OUTPUT,
    "reuse_database": False,
}


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


class Command(BaseCommand):
    help = (
        "Benchmark at national scale: drops and rebuilds its own PostgreSQL database (unless "
        "--reuse-database finds it built at the same scale), starts "
        "gunicorn, measures with wrk, writes docs/benchmarks.md. Takes several minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="dropped!")
        parser.add_argument("--wilayah-file", type=Path, default=DEFAULT_WILAYAH)
        parser.add_argument("--sessions", type=int, default=Scale.sessions)
        parser.add_argument("--reports", type=int, default=Scale.reports)
        parser.add_argument("--binaan", type=int, default=Scale.binaan, help="binaan kelurahan")
        parser.add_argument("--offices", type=int, default=Scale.offices)
        parser.add_argument("--seconds", type=int, default=Load.seconds, help="per wrk run")
        parser.add_argument("--warmup", type=int, default=Load.warmup, help="seconds per page")
        parser.add_argument("--threads", type=int, default=Load.threads, help="wrk threads")
        parser.add_argument("--connections", type=int, default=Load.connections)
        parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="gunicorn")
        parser.add_argument(
            "--redis-url", default=DEFAULT_REDIS_URL, help="emptied; '' for local memory"
        )
        parser.add_argument("--search", default="sukamaju", help="directory search term")
        parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
        parser.add_argument(
            "--reuse-database",
            action="store_true",
            help="keep the database if it holds a finished build of the same scale (migrated)",
        )

    def handle(self, *args, **options):
        self.check_options(options)
        if not in_benchmark_environment():
            return self.rerun_in_benchmark_environment(options)
        run(self.make_options(options), say=self.stdout.write)

    def check_options(self, options) -> None:
        check_benchmark_url(options["database_url"])
        try:
            wrk_binary()
        except WrkError as error:
            raise CommandError(str(error)) from None
        minimums = {"sessions": 1, "reports": 1, "binaan": 1, "offices": 2, "seconds": 1}
        minimums.update({"warmup": 0, "threads": 1, "connections": 1, "workers": 1})
        for name, least in minimums.items():
            if options[name] < least:
                raise CommandError(f"{_flag(name)} must be at least {least}.")
        if options["connections"] < options["threads"]:
            raise CommandError("--connections must be at least --threads (wrk's rule).")

    def rerun_in_benchmark_environment(self, options) -> None:
        manage = Path(settings.BASE_DIR) / "manage.py"
        arguments = [_argument(name, options[name]) for name in OPTIONS]
        done = subprocess.run(  # noqa: S603 (this very command, our own arguments)
            [sys.executable, str(manage), "benchmark", *filter(None, arguments)],
            env=benchmark_environment(options["database_url"], reused_keys(options)),
            check=False,
        )
        if done.returncode != 0:
            raise CommandError(f"The benchmark failed (exit status {done.returncode}).")

    def make_options(self, options) -> Options:
        return Options(
            database_url=options["database_url"],
            wilayah_file=options["wilayah_file"],
            scale=Scale(
                sessions=options["sessions"],
                reports=options["reports"],
                binaan=options["binaan"],
                offices=options["offices"],
            ),
            load=Load(
                seconds=options["seconds"],
                warmup=options["warmup"],
                threads=options["threads"],
                connections=options["connections"],
            ),
            workers=options["workers"],
            redis_url=options["redis_url"],
            search=options["search"],
            output=options["output"],
            command=reproduce_command(options),
            reuse_database=options["reuse_database"],
        )


def reused_keys(options) -> str:
    """The encryption keys of the data set --reuse-database may keep ("" if none)."""
    if not options["reuse_database"]:
        return ""
    build = stored_build(options["database_url"])
    return build.encryption_keys if build else ""


def _argument(name: str, value) -> str:
    """--name=value; a switch (True/False) is --name or nothing."""
    if isinstance(value, bool):
        return _flag(name) if value else ""
    return f"{_flag(name)}={value}"


def reproduce_command(options) -> str:
    """`manage.py benchmark` with the options that differ from their defaults, no passwords."""
    changed = [
        _argument(name, _without_password(options[name]))
        for name, default in OPTIONS.items()
        if str(options[name]) != str(default) and name != "output"
    ]
    return " ".join([".venv/bin/python manage.py benchmark", *changed])


def _without_password(value):
    """A URL's password replaced by ***: the command line is written into the docs."""
    if not isinstance(value, str):
        return value
    parts = urlsplit(value)
    if not parts.password:
        return value
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
