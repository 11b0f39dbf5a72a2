"""One benchmark run, step by step, inside the benchmark's environment (see environment.py)."""

import dataclasses
import os
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation

from binaan.ops.benchmark import dataset
from binaan.ops.benchmark.admin_timing import time_office_pages, time_report_changelist
from binaan.ops.benchmark.database import (
    StoredBuild,
    recreate_database,
    server_version,
    stored_build,
    write_marker,
)
from binaan.ops.benchmark.environment import BARE_PATH, BENCH_WSGI_APP, CEILING_PATH
from binaan.ops.benchmark.measure import Load, Page, measure_pages
from binaan.ops.benchmark.report import (
    CACHE_WARM,
    NO_CACHE,
    Results,
    machine_description,
    text_report,
    write_markdown,
)
from binaan.ops.benchmark.wrk import wrk_binary
from binaan.ops.localserver import running_gunicorn
from kelurahan.models import AwarenessReport, Kelurahan, OutreachSession

SMALL_REPORTS = 1_000
BARE = Page("bare", "bare view", "/" + BARE_PATH)
CEILING = Page("ceiling", "bare view, no middleware", "/" + CEILING_PATH)
ANCHORS = [CEILING, BARE]
READY_PATH = "/healthz"

METHOD = """
## How it is measured

- **Data**: a fresh PostgreSQL database (dropped and created again), migrated; the national
  region list imported with `load_wilayah --file` (timed: the import row); offices covering
  cities through `services.office_set_cities`; binaan kelurahan spread evenly over the country,
  each with a kelurahan officer and a liaison officer; sessions and reports written with
  PostgreSQL COPY. Report text is encrypted at rest: one ciphertext per field, made by the
  field itself with the run's key, is reused for every row, so the admin decrypts what it shows.
  A finished build leaves a marker (table `benchmark_scale`: the scale, the key, the build's
  figures). With `--reuse-database` a database holding a marker of the same scale is migrated
  to the current head and used as it is; the import, the build steps and the changelist at
  1,000 reports are then that build's figures.
- **Server**: gunicorn with sync workers on 127.0.0.1, settings as in production (DEBUG off,
  throwaway secret and encryption keys made for the run, static files collected, no TLS
  redirect on loopback). It serves `binaan/ops/benchmark/wsgi.py`, which production never
  serves: the portal, plus two anchors. The **bare view** (`HttpResponse("ok")`, no query, no
  template) answers through the full middleware stack (tip line, cache, security, CSP,
  sessions, locale, CSRF, auth, OTP, audit, messages, axes). The **no-middleware bare view**
  is the same view answered by a second Django handler built with an empty MIDDLEWARE: only
  URL resolution and the view, the framework's ceiling on this machine.
- **Pages**: every kind of public page, for the binaan kelurahan with the most held sessions
  and its regions: home, the national directory, a directory search (`--search`, default
  "sukamaju": 71 desa/kelurahan), the kelurahan page, one of its held sessions, its provinsi,
  kota and kecamatan pages, edukasi, the sessions' RSS feed, the national and the kelurahan
  calendar (jadwal.ics), the open-data page. Sessions belong to the binaan kelurahan
  (`--binaan`, default 5,000: 100 sessions each over five years and the next 90 days).
- **Load**: wrk on loopback (`--threads`, `--connections`, `--seconds`), for each page a first
  request (must answer 200), a warm-up run, then the measured run; after each run the server is
  left to finish the requests wrk left queued (connections ÷ the rate just measured, at most
  60 s). Each page runs between two rounds of the anchors (no-middleware bare view, then bare
  view), and each of its ratios is taken against the mean of that anchor's runs on either side
  of it, so a neighbour's load on a shared machine weighs on both sides alike.
  "No cache": public-page caching off (`PUBLIC_CACHE_SECONDS=0`; figures kept by content
  version, such as the home page's totals, stay in the cache, local memory here). "Cache
  warm": production's cache (Redis, `--redis-url`, a database of its own that the run empties
  first) filled by the warm-up; anonymous hits are answered by PublicCacheMiddleware, second in
  the stack, before the session, auth, OTP, audit and axes middleware.
- **Admin**: the report changelist timed in-process with Django's test client, through the full
  middleware stack, as a superuser whose TOTP step is done (the session carries the confirmed
  device, as after a correct code). The median of 7 requests after 2 warm-up requests, first with
  the first 1,000 reports written (everything else already at full size), then again after the
  rest are written; the ratio of the two is what a million reports cost the page.
- Load generator, server and database share the machine's CPUs, as a small server would; only
  the ratios are meant to be compared.
"""


@dataclass(frozen=True)
class Options:
    database_url: str
    wilayah_file: Path
    scale: dataset.Scale
    load: Load
    workers: int
    redis_url: str
    search: str
    output: Path
    command: str
    reuse_database: bool = False


def preflight(options: Options) -> None:
    """Everything that can fail fast, before the database is dropped."""
    wrk_binary()
    if not options.wilayah_file.is_file():
        raise CommandError(f"Region list not found: {options.wilayah_file}")
    if options.redis_url:
        import redis

        try:
            redis.Redis.from_url(options.redis_url, socket_timeout=5).ping()
        except redis.RedisError as error:
            raise CommandError(
                f"Redis does not answer at {options.redis_url} ({error}); start it, or pass "
                "--redis-url '' to measure the warm cache in local memory."
            ) from None


def run(options: Options, say) -> Results:
    preflight(options)
    connections.close_all()
    reusable = reusable_build(options, say)
    if reusable is None:
        recreate_database(options.database_url)
    results = Results(
        command=options.command,
        scale=_scale_summary(options.scale),
        machine=machine_description(server_version(connection)),
        load=_load_summary(options),
    )
    if reusable is None:
        build_data_set(options, results, say)
    else:
        reuse_data_set(reusable, results, say)
    connections.close_all()  # gunicorn's workers open their own
    _measure_http(options, results, say)
    say("")
    say(text_report(results))
    write_markdown(options.output, results, METHOD)
    say(f"\nWritten to {options.output}")
    return results


def reusable_build(options: Options, say) -> StoredBuild | None:
    """With --reuse-database: the finished build of the same scale in the database, if any."""
    if not options.reuse_database:
        return None
    build = stored_build(options.database_url)
    wanted = dataclasses.asdict(options.scale)
    if build is None:
        say("--reuse-database: no finished data set in the database; building it.")
    elif build.scale != wanted:
        say(f"--reuse-database: the database holds scale {build.scale}; building {wanted}.")
    elif build.encryption_keys != os.environ.get("DJANGO_FIELD_ENCRYPTION_KEYS"):
        say("--reuse-database: the data set's encryption key was not passed on; building it.")
    else:
        return build
    return None


def build_data_set(options: Options, results: Results, say) -> None:
    """The national data set in the freshly created database, then its marker."""
    say("Building the data set:")
    _prepare_database(results, say)
    results.import_seconds = _timed(
        results,
        "national region import",
        lambda: call_command("load_wilayah", file=options.wilayah_file, verbosity=1),
        say,
        rows=lambda: Kelurahan.objects.count(),
    )
    world = dataset.build_base(options.scale, results.steps, say)
    _time_admin_at_two_sizes(options.scale, world, results, say)
    write_marker(
        options.database_url,
        StoredBuild(
            scale=dataclasses.asdict(options.scale),
            encryption_keys=os.environ["DJANGO_FIELD_ENCRYPTION_KEYS"],
            admin_small=results.admin_small,
            import_seconds=results.import_seconds,
            steps=[[s.name, s.seconds, s.rows] for s in results.steps],
        ),
    )
    say("  data set marked as built (reused by --reuse-database)")


def reuse_data_set(build: StoredBuild, results: Results, say) -> None:
    """The data set already built: migrated to the current head, then timed as after a build.

    The changelist at the first 1,000 reports, the import and the build steps are that
    build's figures: they cannot be measured again without building again.
    """
    say(f"Reusing the data set built at {build.built_at} (--reuse-database):")
    results.reused_from = build.built_at
    results.steps = [dataset.Step(name, seconds, rows) for name, seconds, rows in build.steps]
    results.import_seconds = build.import_seconds
    _prepare_database(results, say, " (this run)")
    results.admin_small = build.admin_small
    _time_admin_at_full_size(results, say)


def _prepare_database(results: Results, say, note: str = "") -> None:
    """Migrated to the current head, static files collected for gunicorn; both timed."""
    for command in ("migrate", "collectstatic"):
        work = partial(call_command, command, interactive=False, verbosity=0)
        _timed(results, f"{command}{note}", work, say)


def _timed(results: Results, name: str, work, say, rows=None) -> float:
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    results.steps.append(dataset.Step(name, seconds, rows() if rows else 0))
    say(f"  {name}: {seconds:.1f} s")
    return seconds


def _load_summary(options: Options) -> str:
    load = options.load
    return (
        f"gunicorn with {options.workers} sync workers; wrk with {load.threads} threads and "
        f"{load.connections} connections, {load.seconds} s per run after a {load.warmup} s "
        "warm-up"
    )


def _scale_summary(scale: dataset.Scale) -> dict:
    return {
        "sessions": scale.sessions,
        "reports": scale.reports,
        "binaan kelurahan": scale.binaan,
        "offices": scale.offices,
    }


def _vacuum_analyze(table: str = "") -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"VACUUM ANALYZE {connection.ops.quote_name(table)}" if table else "VACUUM ANALYZE"
        )
    return 0  # rows written, for dataset.timed


def _time_admin_at_two_sizes(scale, world, results: Results, say) -> None:
    small = min(SMALL_REPORTS, scale.reports)
    steps = results.steps
    dataset.timed(
        "awareness reports (first)", lambda: dataset.write_reports(world, small), steps, say
    )
    dataset.timed("vacuum analyze", lambda: _vacuum_analyze() or 0, steps, say)
    results.admin_small = time_report_changelist()
    say(f"  admin report changelist at {small:,} reports: {results.admin_small * 1000:.1f} ms")
    rest = scale.reports - small
    world.seed += 1  # the rest are new rows, not the first ones again
    dataset.timed(
        "awareness reports (rest)", lambda: dataset.write_reports(world, rest), steps, say
    )
    table = AwarenessReport._meta.db_table
    dataset.timed("vacuum analyze reports", lambda: _vacuum_analyze(table) or 0, steps, say)
    _time_admin_at_full_size(results, say)


def _time_admin_at_full_size(results: Results, say) -> None:
    results.admin_large = time_report_changelist()
    count = AwarenessReport.objects.count()
    results.admin_counts = (min(SMALL_REPORTS, count), count)
    large_ms = results.admin_large * 1000
    say(f"  admin report changelist at {results.admin_counts[1]:,} reports: {large_ms:.1f} ms")
    results.office_rows = time_office_pages().rows
    for row in results.office_rows:
        say(f"  {row[0]}: {row[1]}")


def benchmark_pages(search: str) -> list[Page]:
    """Every kind of public page, for the busiest binaan kelurahan and its regions."""
    held = Q(sessions__status=OutreachSession.Status.HELD)
    busiest = (
        Kelurahan.objects.binaan()
        .select_related("kecamatan__kota__provinsi")
        .annotate(held=Count("sessions", filter=held))
        .order_by("-held", "kode")
        .first()
    )
    if busiest is None:
        raise CommandError("No binaan kelurahan: the data set was not built.")
    session = OutreachSession.objects.published().filter(kelurahan=busiest).held().first()
    kecamatan = busiest.kecamatan
    kota, provinsi = kecamatan.kota, kecamatan.kota.provinsi
    region = {"provinsi": provinsi.slug, "kota": kota.slug, "kecamatan": kecamatan.slug}
    with translation.override("id"):
        pages = [
            Page("home", "home page", reverse("public:home")),
            Page("directory", "directory", reverse("public:directory")),
            Page(
                "search",
                "directory search",
                f"{reverse('public:directory')}?{urlencode({'q': search})}",
            ),
            Page("kelurahan", "kelurahan page", busiest.get_absolute_url()),
            Page(
                "provinsi", "provinsi page", reverse("public:provinsi", kwargs=region_of(region, 1))
            ),
            Page("kota", "kota page", reverse("public:kota", kwargs=region_of(region, 2))),
            Page("kecamatan", "kecamatan page", reverse("public:kecamatan", kwargs=region)),
            Page("articles", "edukasi", reverse("public:articles")),
            Page("rss", "sessions RSS feed", reverse("public:sessions_rss")),
            Page("calendar", "calendar (jadwal.ics)", reverse("public:calendar")),
            Page(
                "kelurahan_calendar",
                "kelurahan calendar",
                reverse("public:kelurahan_calendar", args=[busiest.slug]),
            ),
            Page("opendata", "open data page", reverse("public:opendata")),
        ]
        if session is not None:
            pages.insert(4, Page("session", "session page", session.get_absolute_url()))
    return pages


def region_of(region: dict, depth: int) -> dict:
    """The first `depth` of provinsi, kota, kecamatan."""
    return dict(list(region.items())[:depth])


def _measure_http(options: Options, results: Results, say) -> None:
    pages = benchmark_pages(options.search)
    connections.close_all()
    phases = [
        (NO_CACHE, {"PUBLIC_CACHE_SECONDS": "0"}),
        (CACHE_WARM, {"REDIS_URL": options.redis_url} if options.redis_url else {}),
    ]
    for phase, extra in phases:
        if phase == CACHE_WARM and options.redis_url:
            _empty_redis(options.redis_url)
        env = {**os.environ, **extra}
        say(f"gunicorn, {options.workers} workers, {phase}:")
        with running_gunicorn(
            workers=options.workers, env=env, ready_path=READY_PATH, app=BENCH_WSGI_APP
        ) as server:
            base = server.base_url
            results.measurements += measure_pages(base, ANCHORS, pages, phase, options.load, say)


def _empty_redis(url: str) -> None:
    """The benchmark's own Redis database starts empty, so "warm" is what this run filled."""
    import redis

    redis.Redis.from_url(url).flushdb()
