"""The benchmark's own PostgreSQL database: dropped and created again at every run, unless
--reuse-database finds it built at the same scale (the marker table below says so)."""

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.core.management.base import CommandError
from psycopg import sql

from binaan.ops.benchmark.environment import database_name

# Written by the benchmark once its data set is complete; not a Django model, so migrations
# never see it. One row: the scale built, and what reusing the data needs from the build.
MARKER_TABLE = "benchmark_scale"


def check_benchmark_url(url: str) -> None:
    """Only a PostgreSQL database whose name says "bench" is ever dropped."""
    if not url.startswith(("postgres://", "postgresql://")):
        raise CommandError("--database-url must be a PostgreSQL URL (postgres://...).")
    name = database_name(url)
    if "bench" not in name:
        raise CommandError(
            f"The benchmark drops its database; {name!r} does not look like a benchmark "
            "database. Use a name containing 'bench', such as binaan_bench."
        )


def maintenance_url(url: str) -> str:
    """The same server's `postgres` database, from which another database can be dropped."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def recreate_database(url: str) -> None:
    check_benchmark_url(url)
    name = sql.Identifier(database_name(url))
    try:
        with psycopg.connect(maintenance_url(url), autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    except psycopg.OperationalError as error:
        raise CommandError(f"Cannot reach PostgreSQL at {maintenance_url(url)}: {error}") from None


def server_version(connection) -> str:
    """ "PostgreSQL 15.20" from the open Django connection."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


@dataclass(frozen=True)
class StoredBuild:
    """What a finished build left in its database's marker table.

    The encryption key is the build's throwaway key: the synthetic reports' text is encrypted
    with it, so a run reusing the data must run with the same key (it is no secret: the data
    is made up and the database is the benchmark's own). The changelist timing at the first
    1,000 reports and the build's steps cannot be measured again without rebuilding.
    """

    scale: dict
    encryption_keys: str
    admin_small: float | None = None
    import_seconds: float | None = None
    steps: list = field(default_factory=list)  # [name, seconds, rows] per build step
    built_at: str = ""


def stored_build(url: str) -> StoredBuild | None:
    """The marker of the database at url, or None: no such database, or no finished build."""
    query = sql.SQL(
        "SELECT scale, encryption_keys, admin_small, import_seconds, steps, "
        "to_char(built_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"') FROM {}"
    ).format(sql.Identifier(MARKER_TABLE))
    try:
        with psycopg.connect(url, connect_timeout=10) as connection:
            row = connection.execute(query).fetchone()
    except (psycopg.OperationalError, psycopg.errors.UndefinedTable):
        return None
    if row is None:
        return None
    scale, keys, admin_small, import_seconds, steps, built_at = row
    return StoredBuild(scale, keys, admin_small, import_seconds, steps, built_at)


def write_marker(url: str, build: StoredBuild) -> None:
    """Mark the database at url as built at build.scale (replacing any marker)."""
    table = sql.Identifier(MARKER_TABLE)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
        connection.execute(
            sql.SQL(
                "CREATE TABLE {} (scale jsonb NOT NULL, encryption_keys text NOT NULL, "
                "admin_small double precision, import_seconds double precision, "
                "steps jsonb NOT NULL, built_at timestamptz NOT NULL DEFAULT now())"
            ).format(table)
        )
        connection.execute(
            sql.SQL(
                "INSERT INTO {} (scale, encryption_keys, admin_small, import_seconds, steps) "
                "VALUES (%s, %s, %s, %s, %s)"
            ).format(table),
            [
                json.dumps(build.scale),
                build.encryption_keys,
                build.admin_small,
                build.import_seconds,
                json.dumps(build.steps),
            ],
        )


def drop_marker(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(MARKER_TABLE)))
