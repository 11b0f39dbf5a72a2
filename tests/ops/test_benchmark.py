"""The benchmark's pieces that run without the long run: wrk's report, the data generator,
the bare view, the admin timing's verified session, the table's verdicts."""

import dataclasses

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve

from binaan.ops.benchmark import database, dataset, measure, rows, runner, wrk
from binaan.ops.benchmark.admin_timing import (
    USERNAME,
    median_seconds,
    report_changelist_url,
    verified_admin_client,
)
from binaan.ops.benchmark.measure import Load, Measurement, Page
from binaan.ops.benchmark.report import Results, http_rows, markdown_report
from binaan.ops.management.commands.benchmark import OPTIONS, reproduce_command
from kelurahan.models import (
    AwarenessReport,
    Kelurahan,
    KelurahanOfficer,
    LiaisonAssignment,
    OutreachSession,
)
from tests.support import factories

User = get_user_model()

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/kelurahan/gambir/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.50ms    8.10ms 180.00ms   80.00%
    Req/Sec   371.10     40.00   450.00     70.00%
  Latency Distribution
     50%  850.00us
     75%   24.10ms
     90%   30.20ms
     99%    1.20s
  7422 requests in 10.01s, 98.12MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 5
Requests/sec:    741.49
Transfer/sec:      9.80MB
"""


def test_wrk_parser_reads_rate_percentiles_and_failures():
    result = wrk.parse_wrk_output(WRK_OUTPUT)

    assert result.requests_per_second == 741.49
    assert result.p50 == pytest.approx(0.00085)
    assert result.p99 == pytest.approx(1.2)
    assert result.requests == 7422
    assert (result.non_2xx, result.read_errors, result.timeouts) == (5, 3, 2)
    assert result.failures == 5 + 3 + 2


def test_wrk_parser_refuses_a_report_without_latency_distribution():
    without_latency = WRK_OUTPUT.replace("     50%  850.00us\n", "")

    with pytest.raises(wrk.WrkError, match="--latency"):
        wrk.parse_wrk_output(without_latency)


def test_wrk_missing_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(wrk.shutil, "which", lambda name: None)

    with pytest.raises(wrk.WrkError, match="apt-get install wrk"):
        wrk.wrk_command("http://127.0.0.1:1/", seconds=1, threads=1, connections=1)


def test_benchmark_refuses_to_drop_a_database_not_named_bench():
    with pytest.raises(CommandError, match="does not look like a benchmark database"):
        call_command("benchmark", database_url="postgres://postgres@127.0.0.1:5432/binaan")


def test_benchmark_command_line_in_the_docs_shows_no_password():
    options = {**OPTIONS, "database_url": "postgres://bench:s3cret@db:5432/x_bench", "seconds": 3}

    command = reproduce_command(options)

    assert command.endswith("--database-url=postgres://bench:***@db:5432/x_bench --seconds=3")


def test_bare_view_answers_through_the_full_middleware_stack(client, settings):
    settings.ROOT_URLCONF = "binaan.ops.benchmark.urls"

    response = client.get("/benchmark/bare/")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert resolve("/").url_name == "home"  # the portal's own URLs are all still there


def test_ceiling_view_answers_with_no_middleware_at_all(settings, db):
    """The framework's ceiling: Django's handler with an empty MIDDLEWARE, for one path only."""
    settings.ROOT_URLCONF = "binaan.ops.benchmark.urls"
    from django.test.client import RequestFactory

    from binaan.ops.benchmark import wsgi

    assert wsgi.ceiling._middleware_chain is not None
    environ = RequestFactory()._base_environ(PATH_INFO="/benchmark/ceiling/", REQUEST_METHOD="GET")
    answers = []
    body = b"".join(wsgi.application(environ, lambda status, headers: answers.append(headers)))
    headers = dict(answers[0])

    assert body == b"ok"
    assert "Content-Security-Policy" not in headers  # no CSP middleware ran
    assert "X-Frame-Options" not in headers
    portal = RequestFactory()._base_environ(PATH_INFO="/benchmark/bare/", REQUEST_METHOD="GET")
    answers.clear()
    b"".join(wsgi.application(portal, lambda status, headers: answers.append(headers)))
    assert "Content-Security-Policy" in dict(answers[0])  # the bare view: the full stack


def test_bare_view_is_not_served_by_the_production_urlconf():
    with pytest.raises(Resolver404):
        resolve("/benchmark/bare/", urlconf="binaan.urls")


def _small_country() -> None:
    """Four cities with three kelurahan each, no office yet (create_offices assigns them)."""
    for city in ("31.71", "32.01", "32.02", "33.01"):
        kecamatan = factories.kecamatan(kode=f"{city}.01", kota=factories.kota(city))
        for _ in range(3):
            factories.kelurahan(kecamatan=kecamatan, office=None)


def _small_data_set():
    """Three offices over the small country, binaan kelurahan, people, 50 sessions, 100 reports."""
    _small_country()
    dataset.create_offices(3)
    dataset.designate_binaan(4)
    dataset.create_people()
    world = dataset.load_world(seed=3)
    dataset.write_sessions(world, 50)
    dataset.write_reports(world, 100)
    return world


@pytest.fixture
def tiny_data_set(db):
    return _small_data_set()


def test_generator_covers_every_city_with_an_office(tiny_data_set):
    assert not Kelurahan.objects.filter(office__isnull=True).exists()
    assert Kelurahan.objects.values("office").distinct().count() == 3
    jakarta_pusat = Kelurahan.objects.filter(kecamatan__kota__kode="31.71")
    assert {k.office.slug for k in jakarta_pusat} == {"kanim-jakarta-pusat"}


def test_generator_people_follow_the_models_rules(tiny_data_set):
    assert Kelurahan.objects.binaan().count() == 4
    for officer in KelurahanOfficer.objects.select_related("user", "kelurahan"):
        officer.full_clean()
        assert officer.kelurahan.is_binaan
    for assignment in LiaisonAssignment.objects.select_related("officer", "kelurahan"):
        assignment.full_clean()  # the liaison officer is of the kelurahan's own office


def test_generator_sessions_are_valid_and_shown_with_topics(tiny_data_set):
    sessions = list(OutreachSession.objects.prefetch_related("topics", "speakers"))

    assert len(sessions) == 50
    for session in sessions:
        session.full_clean()
        assert session.kelurahan.is_binaan
        assert 1 <= len(session.topics.all()) <= 2
        assert len(session.speakers.all()) == 1
    assert {s.status for s in sessions} >= {OutreachSession.Status.HELD}


def test_generator_reports_are_valid_and_their_text_decrypts(tiny_data_set):
    reports = list(AwarenessReport.objects.select_related("kelurahan"))

    assert len(reports) == 100
    for report in reports:
        report.full_clean()  # choices, lengths, unique receipt lookups, check constraints
        assert report.observed == rows.REPORT_TEXT["observed"]
        if report.kelurahan:
            assert report.office_id == report.kelurahan.office_id
        if report.source == AwarenessReport.Source.TIP_LINE:
            assert report.filed_by_id is None
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(AwarenessReport._meta.db_table)
        cursor.execute(f"SELECT observed FROM {table}")  # noqa: S608 (our own table name)
        stored = {row[0] for row in cursor.fetchall()}
    assert len(stored) == 1 and stored.pop().startswith("gAAAAA")  # one ciphertext, reused


def test_generator_numbers_follow_existing_rows(tiny_data_set):
    dataset.write_reports(tiny_data_set, 10)  # appended later, as the run does after 1,000

    assert AwarenessReport.objects.count() == 110
    new = AwarenessReport.objects.create(
        source=AwarenessReport.Source.TIP_LINE, office=factories.main_office()
    )
    assert new.pk == 111  # the sequence was moved past the numbered rows


def test_admin_timing_session_passes_the_two_factor_step(tiny_data_set, settings):
    settings.STAFF_OTP_REQUIRED = True
    url = report_changelist_url()

    verified = verified_admin_client()
    password_only = Client()
    password_only.force_login(User.objects.get(username=USERNAME))
    assert password_only.get(url).status_code == 302  # without the code: sent to the code step
    response = verified.get(url)
    assert response.status_code == 200
    assert "LAP-" in response.content.decode()
    assert median_seconds(verified_admin_client(), url, samples=1) > 0


def _result(rate: float) -> wrk.WrkResult:
    return wrk.WrkResult(requests_per_second=rate, p50=0.01, p99=0.05, requests=int(rate * 10))


def test_measure_takes_each_ratio_against_both_anchors_on_either_side(monkeypatch):
    # ceiling, bare, page, ceiling, bare, page, ceiling, bare
    rates = iter([2000.0, 1000.0, 600.0, 2400.0, 800.0, 100.0, 1600.0, 900.0])
    monkeypatch.setattr(measure, "check_answers", lambda base, page: None)
    monkeypatch.setattr(measure, "run_wrk", lambda url, **load: _result(next(rates)))
    anchors = [Page("ceiling", "bare view, no middleware", "/c/"), Page("bare", "bare", "/b/")]
    pages = [Page("kelurahan", "kelurahan page", "/k/"), Page("home", "home page", "/")]

    found = measure.measure_pages("http://x", anchors, pages, "no cache", Load(warmup=0))

    kelurahan, home = (m for m in found if m.page.key not in ("bare", "ceiling"))
    assert kelurahan.references == {"ceiling": 2200.0, "bare": 900.0}
    assert home.references == {"ceiling": 2000.0, "bare": 850.0}
    assert Results.ratio(kelurahan) == pytest.approx(600 / 900)
    assert Results.ratio(kelurahan, "ceiling") == pytest.approx(600 / 2200)


def test_measure_waits_for_the_requests_wrk_left_queued():
    load = Load(connections=16)

    assert measure.settle_seconds(_result(8.0), load) == 2.0  # 16 queued at 8 per second
    assert measure.settle_seconds(_result(0.0), load) == measure.MAX_SETTLE_SECONDS


def test_report_marks_each_goal_met_or_not():
    kelurahan = Page("kelurahan", "kelurahan page", "/k/")
    bare = Page("bare", "bare view", "/bare/")
    ceiling = Page("ceiling", "bare view, no middleware", "/c/")
    slow = wrk.WrkResult(requests_per_second=300, p50=0.08, p99=0.2, requests=3000)
    both = {"bare": 1000, "ceiling": 2000}
    results = Results(command="manage.py benchmark --seconds=3", scale={"reports": 10}, machine={})
    results.measurements = [
        Measurement(ceiling, "no cache", _result(2000)),
        Measurement(bare, "no cache", _result(1000)),
        Measurement(kelurahan, "no cache", _result(400), references=both),
        Measurement(Page("home", "home page", "/"), "no cache", slow, references=both),
        Measurement(ceiling, "cache warm", _result(2000)),
        Measurement(bare, "cache warm", _result(1000)),
        Measurement(kelurahan, "cache warm", _result(1900), references=both),
    ]
    results.admin_small, results.admin_large, results.admin_counts = 0.1, 0.3, (1000, 10**6)

    verdicts = {row[0]: (row[2], row[3], row[-1]) for row in http_rows(results)}
    assert verdicts["bare view, no middleware, no cache"][1] == "1.00"
    assert verdicts["bare view, no cache"][1] == "0.50"
    assert verdicts["kelurahan page, no cache"] == ("0.40", "0.20", "NO")  # < 0.25 × ceiling
    assert verdicts["home page, no cache"][-1] == "NO"  # p50 80 ms > 50 ms
    assert verdicts["kelurahan page, cache warm"] == ("1.90", "0.95", "yes")
    text = markdown_report(results, method="")
    assert "manage.py benchmark --seconds=3" in text
    assert (
        "| admin report changelist, 1,000,000 ÷ 1,000 reports | 300.0 ms ÷ 100.0 ms | 3.00" in text
    )


def _benchmark_options(scale: dataset.Scale, output, reuse: bool) -> runner.Options:
    test_database = connection.settings_dict
    return runner.Options(
        database_url=f"postgres://{test_database['USER']}@{test_database['HOST']}:"
        f"{test_database['PORT']}/{test_database['NAME']}",
        wilayah_file=output,
        scale=scale,
        load=Load(),
        workers=1,
        redis_url="",
        search="",
        output=output,
        command="manage.py benchmark --reuse-database",
        reuse_database=reuse,
    )


TINY_SCALE = dataset.Scale(sessions=50, reports=100, binaan=4, offices=3, seed=3)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reuse_database_keeps_a_finished_build_of_the_same_scale(monkeypatch, settings, tmp_path):
    _small_data_set()
    key = settings.FIELD_ENCRYPTION_KEYS[0]
    monkeypatch.setenv("DJANGO_FIELD_ENCRYPTION_KEYS", key)
    settings.STATIC_ROOT = tmp_path / "static"
    options = _benchmark_options(TINY_SCALE, tmp_path / "benchmarks.md", reuse=True)
    built = database.StoredBuild(
        scale=dataclasses.asdict(TINY_SCALE),
        encryption_keys=key,
        admin_small=0.25,
        import_seconds=12.5,
        steps=[["outreach sessions", 3.0, 50]],
    )
    database.write_marker(options.database_url, built)
    monkeypatch.setattr(runner, "recreate_database", _must_not_drop)
    monkeypatch.setattr(runner, "preflight", lambda options: None)
    monkeypatch.setattr(runner, "_measure_http", lambda options, results, say: None)
    said = []

    try:
        results = runner.run(options, say=said.append)
    finally:
        database.drop_marker(options.database_url)

    assert said[0].startswith("Reusing the data set built at ")
    assert [step.name for step in results.steps] == [
        "outreach sessions",
        "migrate (this run)",
        "collectstatic (this run)",
    ]
    assert (results.import_seconds, results.admin_small) == (12.5, 0.25)  # the build's figures
    assert results.admin_large > 0 and results.admin_counts == (100, 100)  # measured again
    assert OutreachSession.objects.count() == 50  # nothing dropped, nothing built again
    text = (tmp_path / "benchmarks.md").read_text()
    assert "Data set: reused (`--reuse-database`), built at " in text
    assert "manage.py benchmark --reuse-database" in text


def _must_not_drop(url):
    raise AssertionError(f"{url} was dropped")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reuse_database_builds_again_at_another_scale_or_without_a_marker(monkeypatch, settings):
    monkeypatch.setenv("DJANGO_FIELD_ENCRYPTION_KEYS", settings.FIELD_ENCRYPTION_KEYS[0])
    options = _benchmark_options(TINY_SCALE, None, reuse=True)
    said = []

    assert runner.reusable_build(options, said.append) is None
    database.write_marker(
        options.database_url,
        database.StoredBuild(
            scale=dataclasses.asdict(dataclasses.replace(TINY_SCALE, reports=101)),
            encryption_keys=settings.FIELD_ENCRYPTION_KEYS[0],
        ),
    )
    try:
        assert runner.reusable_build(options, said.append) is None
        same = dataclasses.replace(options, scale=dataclasses.replace(TINY_SCALE, reports=101))
        assert runner.reusable_build(same, said.append) is not None
        assert runner.reusable_build(dataclasses.replace(same, reuse_database=False), print) is None
        monkeypatch.setenv("DJANGO_FIELD_ENCRYPTION_KEYS", "another key")
        assert runner.reusable_build(same, said.append) is None  # its reports would not decrypt
    finally:
        database.drop_marker(options.database_url)

    assert said[0] == "--reuse-database: no finished data set in the database; building it."
    assert said[1].startswith("--reuse-database: the database holds scale {")
    assert "building" in said[2]


def test_reuse_database_is_passed_on_and_shown_in_the_command_line():
    options = {**OPTIONS, "reuse_database": True}

    assert reproduce_command(options).endswith("benchmark --reuse-database")
    assert reproduce_command(OPTIONS).endswith("benchmark")
