"""The session and report lists of the admin at a million rows (kelurahan/admin/paginator.py).

No page view counts every row: short lists are counted exactly, long lists on PostgreSQL take
the planner's estimate, and the date drill-down reads the first and last date only. The
PostgreSQL tests make a list "long" with a low threshold and a freshly analyzed table.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kelurahan.admin.paginator import EstimatedCountPaginator, row_estimate
from kelurahan.models import AwarenessReport, OutreachSession
from tests.support import factories
from tests.support.adminpages import url

ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.postgresql  # the estimated count is PostgreSQL's (pg_class, EXPLAIN)
LOW_THRESHOLD = 10


def submitted_reports(kelurahan, officer, count, *, start=None):
    """count submitted reports, one a day from start, inserted in one statement."""
    start = start or timezone.now() - datetime.timedelta(days=count)
    return AwarenessReport.objects.bulk_create(
        AwarenessReport(
            office_id=kelurahan.office_id,
            kelurahan=kelurahan,
            filed_by=officer.user,
            category=AwarenessReport.Category.TPPO,
            observed="Ada tawaran kerja mencurigakan.",
            status=AwarenessReport.Status.SUBMITTED,
            submitted_at=start + datetime.timedelta(days=day),
        )
        for day in range(count)
    )


def sessions(kelurahan, count):
    start = timezone.now()
    return OutreachSession.objects.bulk_create(
        OutreachSession(
            kelurahan=kelurahan,
            office_id=kelurahan.office_id,
            title=f"Sosialisasi {n}",
            venue="Aula",
            starts_at=start + datetime.timedelta(days=n),
            ends_at=start + datetime.timedelta(days=n, hours=2),
        )
        for n in range(count)
    )


def analyze(model) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def changelist(client, model, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(model, "changelist") + query)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries]


def counts(sql: list[str]) -> list[str]:
    return [statement for statement in sql if "COUNT(" in statement]


def test_report_list_is_counted_once_and_exactly(client, staff_user, officer_kebon_kosong):
    submitted_reports(officer_kebon_kosong.kelurahan, officer_kebon_kosong, 3)
    client.force_login(staff_user)

    response, sql = changelist(client, AwarenessReport, "?status=submitted")

    assert response.context["cl"].result_count == 3
    assert not response.context["cl"].paginator.estimated
    assert len(counts(sql)) == 1  # no second count of the unfiltered list
    assert f"3 {AwarenessReport._meta.verbose_name_plural}" in response.content.decode()


def test_date_drill_down_offers_every_year_from_the_first_to_the_last(
    client, staff_user, officer_kebon_kosong
):
    place, officer = officer_kebon_kosong.kelurahan, officer_kebon_kosong
    for year in (2024, 2026):
        start = timezone.make_aware(datetime.datetime(year, 3, 1))
        submitted_reports(place, officer, 2, start=start)
    client.force_login(staff_user)

    response, sql = changelist(client, AwarenessReport)

    html = response.content.decode()
    assert all(f"submitted_at__year={year}" in html for year in (2024, 2025, 2026))
    assert not [statement for statement in sql if "DISTINCT" in statement]


def test_date_drill_down_offers_the_months_of_a_year(client, staff_user, officer_kebon_kosong):
    start = timezone.make_aware(datetime.datetime(2025, 2, 10))
    submitted_reports(officer_kebon_kosong.kelurahan, officer_kebon_kosong, 60, start=start)
    client.force_login(staff_user)

    response, _sql = changelist(client, AwarenessReport, "?submitted_at__year=2025")

    html = response.content.decode()
    offered = [month for month in range(1, 13) if f"submitted_at__month={month}&" in html]
    assert offered == [2, 3, 4]


def test_paginator_counts_short_lists_exactly(officer_kebon_kosong):
    submitted_reports(officer_kebon_kosong.kelurahan, officer_kebon_kosong, 4)
    paginator = EstimatedCountPaginator(AwarenessReport.objects.order_by("pk"), 2)

    assert (paginator.count, paginator.num_pages, paginator.estimated) == (4, 2, False)


class LowThresholdPaginator(EstimatedCountPaginator):
    estimate_above = LOW_THRESHOLD


@postgresql_only
def test_long_table_is_counted_from_pg_class(kebon_kosong):
    sessions(kebon_kosong, 40)
    analyze(OutreachSession)
    paginator = LowThresholdPaginator(OutreachSession.objects.order_by("pk"), 5)

    with CaptureQueriesContext(connection) as queries:
        count = paginator.count

    sql = [q["sql"] for q in queries]
    assert (count, paginator.estimated) == (40, True)
    assert any("pg_class" in statement for statement in sql) and not counts(sql)


@postgresql_only
def test_long_filtered_list_takes_the_planner_estimate(officer_kebon_kosong, gambir):
    place, officer = officer_kebon_kosong.kelurahan, officer_kebon_kosong
    submitted_reports(place, officer, 60)
    submitted_reports(gambir, factories.kelurahan_officer(gambir), 20)
    analyze(AwarenessReport)
    scoped = AwarenessReport.objects.filter(kelurahan=place).order_by("pk")

    with CaptureQueriesContext(connection) as queries:
        paginator = LowThresholdPaginator(scoped, 5)
        count = paginator.count

    sql = [q["sql"] for q in queries]
    assert paginator.estimated and 40 <= count <= 80  # the planner's estimate of 60
    assert any(statement.startswith("EXPLAIN") for statement in sql) and not counts(sql)


@postgresql_only
def test_estimate_of_a_list_that_shrank_is_not_trusted(officer_kebon_kosong):
    reports = submitted_reports(officer_kebon_kosong.kelurahan, officer_kebon_kosong, 40)
    analyze(AwarenessReport)
    AwarenessReport.objects.filter(pk__in=[r.pk for r in reports[5:]]).delete()

    paginator = LowThresholdPaginator(AwarenessReport.objects.order_by("pk"), 5)

    assert row_estimate(AwarenessReport.objects.all()) > LOW_THRESHOLD  # the stale statistics
    assert (paginator.count, paginator.estimated) == (5, False)


@postgresql_only
def test_long_report_list_runs_no_count(client, staff_user, officer_kebon_kosong, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "estimate_above", LOW_THRESHOLD)
    submitted_reports(officer_kebon_kosong.kelurahan, officer_kebon_kosong, 40)
    analyze(AwarenessReport)
    client.force_login(staff_user)

    response, sql = changelist(client, AwarenessReport)

    assert response.context["cl"].paginator.estimated
    assert response.context["cl"].result_count > LOW_THRESHOLD
    assert not counts(sql) and not [statement for statement in sql if "DISTINCT" in statement]
    count = response.context["cl"].result_count  # shown as an estimate, never as exact
    assert f"sekitar {count} laporan kewaspadaan" in response.content.decode()


@postgresql_only
def test_long_session_list_of_a_superuser_runs_no_count(
    client, superuser, kebon_kosong, monkeypatch
):
    monkeypatch.setattr(EstimatedCountPaginator, "estimate_above", LOW_THRESHOLD)
    sessions(kebon_kosong, 40)
    analyze(OutreachSession)
    client.force_login(superuser)

    response, sql = changelist(client, OutreachSession)

    assert response.context["cl"].result_count == 40  # pg_class.reltuples, exact after ANALYZE
    assert not counts(sql)


def test_short_list_shows_its_exact_count(client, staff_user, officer_kebon_kosong):
    submitted_reports(officer_kebon_kosong.kelurahan, officer_kebon_kosong, 3)
    client.force_login(staff_user)

    response, _sql = changelist(client, AwarenessReport)

    page = response.content.decode()
    assert "3 laporan kewaspadaan" in page and "sekitar" not in page
