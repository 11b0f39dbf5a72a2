"""Database side of backups: pg_dump/pg_restore for PostgreSQL, the online backup API for SQLite.

Everything here talks to the database through the driver itself (psycopg or sqlite3), not
through Django, because the target of a restore may be another database than the portal's.
"""

import os
import re
import sqlite3
import subprocess
from pathlib import Path

DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# libpq settings that may sit in DATABASES[...]["OPTIONS"], with their environment variables.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "application_name": "PGAPPNAME",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "options": "PGOPTIONS",
}
PG_VARIABLES = {"NAME": "PGDATABASE", "HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER"}
PG_VARIABLES["PASSWORD"] = "PGPASSWORD"  # noqa: S105 (the variable's name, not a password)
# pg_restore waits at most this long for a table lock (stop the portal before restoring).
RESTORE_LOCK_TIMEOUT = "60s"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


def vendor_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    for vendor, marker in (("postgresql", "postgresql"), ("sqlite", "sqlite3")):
        if marker in engine:
            return vendor
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def pg_environment(settings_dict: dict) -> dict[str, str]:
    """Environment for pg_dump/pg_restore: PGHOST, PGUSER, PGPASSWORD... from the settings."""
    env = dict(os.environ)
    for key in ("NAME", "HOST", "PORT", "USER", "PASSWORD"):
        if settings_dict.get(key):
            env[PG_VARIABLES[key]] = str(settings_dict[key])
    for key, variable in LIBPQ_OPTIONS.items():
        if settings_dict.get("OPTIONS", {}).get(key):
            env[variable] = str(settings_dict["OPTIONS"][key])
    return env


def connect(settings_dict: dict):
    """A DB-API connection of the driver itself (psycopg or sqlite3)."""
    name = str(settings_dict["NAME"])
    try:
        if vendor_of(settings_dict) == "sqlite":
            return sqlite3.connect(name, uri=name.startswith("file:"))
        import psycopg

        params = {key: settings_dict.get(key.upper()) or None for key in ("host", "port", "user")}
        params.update(dbname=name, password=settings_dict.get("PASSWORD") or None)
        options = settings_dict.get("OPTIONS", {})
        params.update({key: options[key] for key in LIBPQ_OPTIONS if options.get(key)})
        return psycopg.connect(**{key: value for key, value in params.items() if value is not None})
    except (sqlite3.Error, ImportError, OSError) as error:
        raise BackupError(f"Cannot open database {name}: {error}") from error
    except Exception as error:  # psycopg.OperationalError: no server, no such database, password
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise BackupError(f"Cannot connect to database {name}: {first_line}") from error


def table_names(raw, vendor: str) -> list[str]:
    if vendor == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    cursor = raw.cursor()
    cursor.execute(sql)
    return sorted(row[0] for row in cursor.fetchall())


def row_counts(raw, vendor: str) -> dict[str, int]:
    cursor = raw.cursor()
    counts = {}
    for table in table_names(raw, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {quote_name(table)}")  # noqa: S608 (quoted name)
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(raw) -> dict[str, str]:
    """The last migration applied per app, as recorded in the backed-up database."""
    cursor = raw.cursor()
    cursor.execute("SELECT app, name FROM django_migrations")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def tool_major(tool: str) -> tuple[int, str]:
    """(major version, version line) of pg_dump or pg_restore."""
    try:
        line = subprocess.run(  # noqa: S603 (pg_dump or pg_restore, fixed arguments)
            [tool, "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as error:
        raise BackupError(f"{tool} is not available: install the PostgreSQL client.") from error
    match = re.search(r"(\d+)(?:\.\d+)?", line)
    return (int(match.group(1)) if match else 0), line


def check_tool(tool: str, server_major: int) -> str:
    major, line = tool_major(tool)
    if major < server_major:
        raise BackupError(
            f"{line} is older than the server (PostgreSQL {server_major}): install "
            f"postgresql-client-{server_major} so {tool} matches the server."
        )
    return line


def run_tool(command: list[str], env: dict[str, str]) -> None:
    # Our fixed command lines; the connection settings travel in the environment.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed:\n{result.stderr.strip()}")


def dump_postgresql(settings_dict: dict, path: Path) -> dict:
    """pg_dump -Fc of an exported snapshot; the row counts come from the very same snapshot."""
    raw = connect(settings_dict)
    try:
        import psycopg

        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        server = raw.execute("SHOW server_version").fetchone()[0]
        tool = check_tool("pg_dump", raw.info.server_version // 10000)
        snapshot = raw.execute("SELECT pg_export_snapshot()").fetchone()[0]
        command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}"]
        run_tool(command, pg_environment(settings_dict))
        facts = {"tables": row_counts(raw, "postgresql"), "migrations": applied_migrations(raw)}
        raw.rollback()
    finally:
        raw.close()
    return {**facts, "server_version": server, "dump_tool": tool}


def dump_sqlite(settings_dict: dict, path: Path) -> dict:
    """sqlite3's online backup: a consistent copy even while the portal writes."""
    source, copy = connect(settings_dict), sqlite3.connect(path)
    try:
        source.backup(copy)
        facts = {"tables": row_counts(copy, "sqlite"), "migrations": applied_migrations(copy)}
    finally:
        copy.close()
        source.close()
    return {**facts, "server_version": sqlite3.sqlite_version, "dump_tool": "sqlite3 backup API"}


def restore_postgresql(settings_dict: dict, path: Path) -> None:
    """pg_restore --clean --if-exists in one transaction: all of the backup or nothing."""
    raw = connect(settings_dict)
    try:
        server_major = raw.info.server_version // 10000
    finally:
        raw.close()
    check_tool("pg_restore", server_major)
    env = pg_environment(settings_dict)
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c lock_timeout={RESTORE_LOCK_TIMEOUT}".strip()
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    command += ["--single-transaction", "--exit-on-error", f"--dbname={settings_dict['NAME']}"]
    run_tool([*command, str(path)], env)


def restore_sqlite(settings_dict: dict, path: Path) -> None:
    """Copy the backed-up pages over the target database with the online backup API."""
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    target = connect(settings_dict)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
