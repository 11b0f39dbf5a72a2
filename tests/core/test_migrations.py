"""Migrations: every kelurahan migration can be undone and redone; the models match them.

Migrating changes the schema outside any transaction, so these tests run on a transactional
database; the serialized rollback restores migration 0002's reference data for later tests.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kelurahan.models import AwarenessReport
from kelurahan.services.tips import tip_submit
from tests.support import factories

APP = "kelurahan"

pytestmark = pytest.mark.usefixtures("reference_data_back_afterwards")


def _executor() -> MigrationExecutor:
    """A fresh executor: its loader reads which migrations are applied right now."""
    return MigrationExecutor(connection)


def _applied(app: str = APP) -> list[str]:
    return sorted(name for label, name in _executor().loader.applied_migrations if label == app)


def _app_nodes(executor: MigrationExecutor) -> list[tuple[str, str]]:
    """The app's migrations in the order they are applied."""
    plan = executor.loader.graph.forwards_plan(executor.loader.graph.leaf_nodes(APP)[0])
    return [node for node in plan if node[0] == APP]


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_kelurahan_migrations_go_back_to_zero_and_forward_again():
    executor = _executor()
    everything = executor.loader.graph.leaf_nodes()
    all_ours = [name for _app, name in _app_nodes(executor)]
    assert _applied() == sorted(all_ours)

    executor.migrate([(APP, None)])  # also undoes other apps' migrations that depend on ours

    assert _applied() == []
    assert not {table for table in _tables() if table.startswith(f"{APP}_")}

    _executor().migrate(everything)

    assert _applied() == sorted(all_ours)
    assert {"kelurahan_awarenessreport", "kelurahan_outreachsession"} <= _tables()
    # The starter content of the data migrations is back, so the portal works again.
    assert factories.main_office().slug == "kanim-jakarta-pusat"
    assert factories.topic("tppo")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_latest_kelurahan_migration_undone_and_redone_keeps_the_data(kebon_kosong):
    report = factories.report(kebon_kosong, observed="Perekrut menawarkan kerja ke luar negeri.")
    tip, _code = tip_submit(observed="Penampungan calon PMI.", contact="0812-0000-1111")
    executor = _executor()
    latest = _app_nodes(executor)[-1]
    previous = _app_nodes(executor)[-2]

    executor.migrate([previous])
    assert latest[1] not in _applied()
    _executor().migrate(executor.loader.graph.leaf_nodes())

    assert latest[1] in _applied()
    again = AwarenessReport.objects.get(pk=report.pk)
    assert again.observed == "Perekrut menawarkan kerja ke luar negeri."
    tip_again = AwarenessReport.objects.get(pk=tip.pk)
    assert (tip_again.observed, tip_again.reporter_contact) == (
        "Penampungan calon PMI.",
        "0812-0000-1111",
    )


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """makemigrations --check: a model change without its migration fails here."""
    output = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output, stderr=output)
    except SystemExit as exit_:
        pytest.fail(f"makemigrations --check found changes:\n{output.getvalue()} ({exit_})")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_session_review_migration_keeps_results_that_were_already_public(kebon_kosong):
    """Held sessions' results published before the office's review existed stay public."""
    held = factories.held_session(kebon_kosong, verified=False)
    review = (APP, "0016_session_review")
    parents = _executor().loader.graph.node_map[review].parents
    before = next(parent.key for parent in parents if parent.key[0] == APP)

    _executor().migrate([before])
    assert review[1] not in _applied()
    _executor().migrate(_executor().loader.graph.leaf_nodes())

    held.refresh_from_db()
    assert held.results_are_public
