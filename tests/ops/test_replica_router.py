"""Public read-only traffic reads the replica; all other traffic and every write use the primary.

The replica is a second database on the local PostgreSQL server: a copy of the test database
(CREATE DATABASE ... TEMPLATE, as a streaming replica holds the primary's rows), not a mirror.
Each test then changes a row in the replica only, so the page shows which database answered.
On SQLite the database tests are skipped: they need a second database on a server.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.core.cache import cache
from django.db import OperationalError, connections, router
from django.urls import reverse
from django.utils import translation
from psycopg import sql

from binaan.db_router import REPLICA, ReplicaRouter, public_reads
from kelurahan.models import Article, Topic
from kelurahan.public import cache as public_cache

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "apa-itu-tppo-dan-tppm"  # starter content (migration 0002): in both databases
REPLICA_TITLE = "Judul dari basis data replika"

# The replica is a second database on the same PostgreSQL server.
needs_postgres = pytest.mark.postgresql
on_both_databases = pytest.mark.django_db(databases=["default", REPLICA])


def _on_server(settings_dict: dict, statement: str, *names: str) -> None:
    """Run CREATE/DROP DATABASE on the primary's server (outside any transaction)."""
    params = {
        "dbname": "postgres",
        "host": settings_dict["HOST"] or None,
        "port": settings_dict["PORT"] or None,
        "user": settings_dict["USER"] or None,
        "password": settings_dict["PASSWORD"] or None,
    }
    query = sql.SQL(statement).format(*(sql.Identifier(name) for name in names))
    with psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v}) as server:
        server.execute(query)


def _add_alias(alias: str, database: str) -> None:
    primary = connections["default"].settings_dict
    connections.settings[alias] = {**primary, "NAME": database, "TEST": dict(primary["TEST"])}


def _remove_alias(alias: str) -> None:
    if alias in connections.settings:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


@pytest.fixture(scope="module")
def replica_database(django_db_setup, django_db_blocker):
    """The replica: a copy of the test database under another name, as the alias "replica"."""
    with django_db_blocker.unblock():
        primary = connections["default"]
        source, settings_dict = primary.settings_dict["NAME"], dict(primary.settings_dict)
        name = f"{source}_replica"
        primary.close()  # a template database must have no open connection
        _on_server(settings_dict, "DROP DATABASE IF EXISTS {}", name)
        _on_server(settings_dict, "CREATE DATABASE {} TEMPLATE {}", name, source)
        _add_alias(REPLICA, name)
    yield name
    with django_db_blocker.unblock():
        _remove_alias(REPLICA)
        _on_server(settings_dict, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


@pytest.fixture
def primary_title(replica_database, settings, monkeypatch) -> str:
    """Routing on, as DATABASE_REPLICA_URL turns it on; the article's title in the primary.

    In the replica the article has another title, REPLICA_TITLE.
    """
    settings.DATABASE_ROUTERS = ["binaan.db_router.ReplicaRouter"]
    # Pages read the primary for a few seconds after each change; these tests change rows.
    monkeypatch.setattr(public_cache, "REPLICA_LAG_SECONDS", 0)
    Article.objects.using(REPLICA).filter(slug=ARTICLE).update(title=REPLICA_TITLE)
    return Article.objects.using("default").get(slug=ARTICLE).title


def page(client, path: str) -> str:
    response = client.get(path)
    translation.activate("id")
    assert response.status_code == 200, path
    return response.content.decode()


@needs_postgres
@on_both_databases
def test_public_pages_for_anonymous_readers_come_from_the_replica(client, primary_title):
    for path in (reverse("public:article", args=[ARTICLE]), reverse("public:articles")):
        html = page(client, path)
        assert REPLICA_TITLE in html, path
        assert primary_title not in html, path


@needs_postgres
@on_both_databases
def test_logged_in_traffic_reads_the_primary(client, primary_title, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)  # the account exists in the primary only

    html = page(client, reverse("public:article", args=[ARTICLE]))
    dashboard = page(client, reverse("officer:dashboard"))

    assert primary_title in html and REPLICA_TITLE not in html
    assert officer_kebon_kosong.kelurahan.name in dashboard


@needs_postgres
@on_both_databases
def test_writes_go_to_the_primary_even_while_a_public_page_reads(primary_title):
    with public_reads():
        assert router.db_for_read(Topic) == REPLICA
        assert router.db_for_write(Topic) == "default"
        Topic.objects.create(slug="ditulis-saat-baca", name="Ditulis saat halaman publik dibaca")

    assert Topic.objects.using("default").filter(slug="ditulis-saat-baca").exists()
    assert not Topic.objects.using(REPLICA).filter(slug="ditulis-saat-baca").exists()


@needs_postgres
@on_both_databases
def test_right_after_a_change_public_pages_read_the_primary(client, primary_title, monkeypatch):
    monkeypatch.setattr(public_cache, "REPLICA_LAG_SECONDS", 10)
    path = reverse("public:article", args=[ARTICLE])
    Topic.objects.create(slug="baru", name="Baru")  # any change: the replica may lag behind it

    assert primary_title in page(client, path)

    cache.set(public_cache.VERSION_KEY, time.time_ns() - 60 * public_cache.NANOSECONDS)
    assert REPLICA_TITLE in page(client, path)


@pytest.fixture
def replica_down(primary_title, monkeypatch):
    """Every query to the replica fails, as when it is down or cancels a query in recovery."""

    def unavailable(*args, **kwargs):
        raise OperationalError("could not connect to the replica")

    monkeypatch.setattr(connections[REPLICA], "cursor", unavailable)


@needs_postgres
@on_both_databases
def test_when_the_replica_is_down_public_pages_read_the_primary(
    client, primary_title, replica_down
):
    html = page(client, reverse("public:article", args=[ARTICLE]))

    assert primary_title in html


def test_router_reads_from_the_replica_only_inside_public_reads():
    routing = ReplicaRouter()

    assert routing.db_for_read(Article) is None
    with public_reads():
        assert routing.db_for_read(Article) == REPLICA
        assert routing.db_for_write(Article) == "default"
    assert routing.db_for_read(Article) is None
    assert routing.allow_migrate(REPLICA, "kelurahan") is False
    assert routing.allow_migrate("default", "kelurahan") is None


def settings_with(**env) -> dict:
    """DATABASES aliases and routers of binaan.settings under this environment."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    environment.update(env, DJANGO_SETTINGS_MODULE="binaan.settings")
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'aliases': sorted(s.DATABASES), 'routers': getattr(s, 'DATABASE_ROUTERS', []),"
        "'replica': s.DATABASES.get('replica', {}).get('NAME')}))"
    )
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_replica_is_configured_only_when_database_replica_url_is_set():
    assert settings_with() == {"aliases": ["default"], "routers": [], "replica": None}
    assert settings_with(DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/binaan") == {
        "aliases": ["default", "replica"],
        "routers": ["binaan.db_router.ReplicaRouter"],
        "replica": "binaan",
    }
