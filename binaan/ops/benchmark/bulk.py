"""Bulk writing of generated rows: PostgreSQL COPY, or batched INSERTs on other databases.

Rows are tuples in the order of the field names given. Fields left out get their model
default (auto_now fields: the time of writing), so a field added to a model later does not
break the benchmark unless it is required and has no default. Values go in as they are: text
for encrypted fields must already be ciphertext (see encrypted_value).
"""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

INSERT_BATCH = 500
INDEX_BUILD_MEMORY = "256MB"


def encrypted_value(model, field_name: str, text: str) -> str:
    """The ciphertext the field itself would store for text (the project's own encryption)."""
    return model._meta.get_field(field_name).get_db_prep_save(text, connection)


def _filler(field: models.Field):
    """The value every row gets for a field the generator does not set."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    value = field.get_default()  # the default, "" for text that may be blank, else None
    if value is None and not field.null:
        raise ValueError(
            f"{field.model.__name__}.{field.name} is required and has no default: "
            "the benchmark's data generator must set it."
        )
    return value


def _fields_and_fillers(model, names: list[str]):
    given = [model._meta.get_field(name) for name in names]
    given_columns = {field.column for field in given}
    missing = [
        field
        for field in model._meta.concrete_fields
        if field.column not in given_columns and not field.primary_key
    ]
    return given + missing, tuple(_filler(field) for field in missing)


def next_id(model) -> int:
    """The first free primary key, for generators that number their rows themselves."""
    last = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def write_rows(model, names: list[str], rows: Iterable[tuple]) -> int:
    """Write rows into model's table in one transaction; return how many were written."""
    fields, fillers = _fields_and_fillers(model, names)
    full_rows = (row + fillers for row in rows)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            count = _copy(model, fields, full_rows)
        else:
            count = _insert(model, fields, full_rows)
    if any(field.primary_key for field in fields):
        _reset_sequence(model)
    return count


def _copy(model, fields, rows: Iterator[tuple]) -> int:
    """COPY with the table's plain indexes dropped and built again after, as pg_restore does.

    Building an index once over a million rows is several times quicker than updating it a
    million times. Primary keys and unique constraints stay, so duplicates still fail; the
    deferred foreign-key checks run before the indexes come back (PostgreSQL will not build
    an index with checks pending). All inside the caller's transaction: a failure leaves the
    table and its indexes as they were.
    """
    from psycopg import sql

    table = model._meta.db_table
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table),
        sql.SQL(", ").join(sql.Identifier(field.column) for field in fields),
    )
    count = 0
    with connection.cursor() as cursor:
        indexes = _drop_plain_indexes(cursor, table)
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
        for definition in indexes:
            cursor.execute(definition)
    return count


def _drop_plain_indexes(cursor, table: str) -> list[str]:
    """Drop the indexes that back no constraint; return the statements that rebuild them."""
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = %s::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)",
        [table],
    )
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f"DROP INDEX {name}")  # regclass text: already quoted where needed
    return [definition for _name, definition in found]


def _insert(model, fields, rows: Iterator[tuple]) -> int:
    """Plain INSERTs, values prepared by each field (dates and times as the backend wants)."""
    quote = connection.ops.quote_name
    statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (quoted names)
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    prepare = [_preparer(field) for field in fields]
    count = 0
    with connection.cursor() as cursor:
        while batch := list(islice(rows, INSERT_BATCH)):
            params = [
                tuple(p(value) for p, value in zip(prepare, row, strict=True)) for row in batch
            ]
            cursor.executemany(statement, params)
            count += len(batch)
    return count


def _preparer(field):
    from kelurahan.encryption import KeysFromSettingsMixin

    if isinstance(field, KeysFromSettingsMixin):
        return lambda value: value  # already ciphertext
    return lambda value: field.get_db_prep_save(value, connection)


def _reset_sequence(model) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
