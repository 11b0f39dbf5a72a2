"""Migration operations that pick what they do by database vendor.

PostgreSQL builds an index on a big table concurrently (no lock on writes while it builds);
SQLite has no such thing and builds it the ordinary way. Migrations using these must set
`atomic = False`, as PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations


def _is_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class AddIndexConcurrentlyOnPostgreSQL(AddIndexConcurrently):
    """AddIndexConcurrently on PostgreSQL, a plain AddIndex on any other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgresql(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_forwards(
            self, app_label, schema_editor, from_state, to_state
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgresql(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_backwards(
            self, app_label, schema_editor, from_state, to_state
        )


class RunSQLByVendor(migrations.RunSQL):
    """RunSQL with statements per vendor: {"postgresql": ([forward, ...], [backward, ...]), ...}."""

    def __init__(self, scripts: dict[str, tuple[list[str], list[str]]], **kwargs):
        self.scripts = scripts
        super().__init__(sql="", reverse_sql="", **kwargs)

    def deconstruct(self):
        return self.__class__.__qualname__, [self.scripts], {}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        forward, _backward = self._script(schema_editor)
        self._run_sql(schema_editor, forward)  # type: ignore[attr-defined]

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        _forward, backward = self._script(schema_editor)
        self._run_sql(schema_editor, backward)  # type: ignore[attr-defined]

    def _script(self, schema_editor) -> tuple[list[str], list[str]]:
        vendor = schema_editor.connection.vendor
        if vendor not in self.scripts:
            raise NotImplementedError(f"No SQL for {vendor} in this migration.")
        return self.scripts[vendor]
