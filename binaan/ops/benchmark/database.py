"""The benchmark's own PostgreSQL database: dropped and created again at every run."""

from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.core.management.base import CommandError
from psycopg import sql

from binaan.ops.benchmark.environment import database_name


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
