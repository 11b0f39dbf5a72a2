"""A session stores its office: an office's lists stop joining kelurahan.

Not atomic: on PostgreSQL the indexes are built concurrently, so a live site keeps writing
sessions while they build, and the existing rows are filled in batches of their own.

What the database guarantees (both PostgreSQL and SQLite, by triggers, as a CHECK cannot read
another table and a composite foreign key (kelurahan_id, office_id) lets a NULL office through):
- a session whose office differs from its kelurahan's office is refused (insert or update);
- when a kelurahan's office changes, its sessions take the new office in the same statement,
  like a foreign key's ON UPDATE CASCADE, whichever code changed it.
On PostgreSQL the check locks the kelurahan row (FOR SHARE), so a session written while another
transaction moves its kelurahan to another office waits for it and is then checked against the
new office, instead of keeping the old one.
"""

import django.db.models.deletion
from django.db import migrations, models, transaction
from django.db.models import OuterRef, Q, Subquery

from kelurahan.migration_operations import AddIndexConcurrentlyOnPostgreSQL, RunSQLByVendor

BATCH = 20_000

SESSIONS = "kelurahan_outreachsession"
KELURAHAN = "kelurahan_kelurahan"
MISMATCH = "session_office_matches_kelurahan"

POSTGRESQL = (
    [
        f"""
        CREATE FUNCTION kelurahan_session_office_check() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.office_id IS DISTINCT FROM (
                SELECT office_id FROM {KELURAHAN} WHERE id = NEW.kelurahan_id FOR SHARE
            ) THEN
                RAISE EXCEPTION '{MISMATCH}: session % has office %, its kelurahan another',
                    NEW.id, NEW.office_id USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$
        """,
        f"""
        CREATE TRIGGER {MISMATCH} BEFORE INSERT OR UPDATE OF kelurahan_id, office_id
        ON {SESSIONS} FOR EACH ROW EXECUTE FUNCTION kelurahan_session_office_check()
        """,
        f"""
        CREATE FUNCTION kelurahan_sessions_follow_office() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {SESSIONS} SET office_id = NEW.office_id
            WHERE kelurahan_id = NEW.id AND office_id IS DISTINCT FROM NEW.office_id;
            RETURN NULL;
        END $$
        """,
        f"""
        CREATE TRIGGER kelurahan_sessions_follow_office AFTER UPDATE OF office_id
        ON {KELURAHAN} FOR EACH ROW WHEN (OLD.office_id IS DISTINCT FROM NEW.office_id)
        EXECUTE FUNCTION kelurahan_sessions_follow_office()
        """,
    ],
    [
        f"DROP TRIGGER IF EXISTS kelurahan_sessions_follow_office ON {KELURAHAN}",
        "DROP FUNCTION IF EXISTS kelurahan_sessions_follow_office()",
        f"DROP TRIGGER IF EXISTS {MISMATCH} ON {SESSIONS}",
        "DROP FUNCTION IF EXISTS kelurahan_session_office_check()",
    ],
)

_SQLITE_MISMATCH = (
    f"NEW.office_id IS NOT (SELECT office_id FROM {KELURAHAN} WHERE id = NEW.kelurahan_id)"
)
SQLITE = (
    [
        f"""
        CREATE TRIGGER {MISMATCH}_insert BEFORE INSERT ON {SESSIONS}
        WHEN {_SQLITE_MISMATCH}
        BEGIN SELECT RAISE(ABORT, '{MISMATCH}'); END
        """,
        f"""
        CREATE TRIGGER {MISMATCH}_update BEFORE UPDATE OF kelurahan_id, office_id ON {SESSIONS}
        WHEN {_SQLITE_MISMATCH}
        BEGIN SELECT RAISE(ABORT, '{MISMATCH}'); END
        """,
        f"""
        CREATE TRIGGER kelurahan_sessions_follow_office AFTER UPDATE OF office_id ON {KELURAHAN}
        WHEN OLD.office_id IS NOT NEW.office_id
        BEGIN
            UPDATE {SESSIONS} SET office_id = NEW.office_id
            WHERE kelurahan_id = NEW.id AND office_id IS NOT NEW.office_id;
        END
        """,
    ],
    [
        "DROP TRIGGER IF EXISTS kelurahan_sessions_follow_office",
        f"DROP TRIGGER IF EXISTS {MISMATCH}_update",
        f"DROP TRIGGER IF EXISTS {MISMATCH}_insert",
    ],
)


def fill_offices(apps, schema_editor):
    """Sessions without an office take their kelurahan's, a batch of ids at a time."""
    OutreachSession = apps.get_model("kelurahan", "OutreachSession")  # noqa: N806
    Kelurahan = apps.get_model("kelurahan", "Kelurahan")  # noqa: N806
    database = schema_editor.connection.alias
    sessions = OutreachSession.objects.using(database).order_by()
    unfilled = sessions.filter(office__isnull=True, kelurahan__office__isnull=False)
    office = Subquery(Kelurahan.objects.filter(pk=OuterRef("kelurahan_id")).values("office_id"))
    last = sessions.order_by("-pk").values_list("pk", flat=True).first() or 0
    for start in range(0, last + 1, BATCH):
        with transaction.atomic(using=database):
            unfilled.filter(pk__gte=start, pk__lt=start + BATCH).update(office=office)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("kelurahan", "0019_office_contact_and_slug_redirects"),
    ]

    operations = [
        migrations.AddField(
            model_name="outreachsession",
            name="office",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sessions",
                to="kelurahan.office",
                verbose_name="office",
            ),
        ),
        migrations.RunPython(fill_offices, migrations.RunPython.noop, elidable=True),
        RunSQLByVendor({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
        # Sessions written by the previous release between the fill and the triggers.
        migrations.RunPython(fill_offices, migrations.RunPython.noop, elidable=True),
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="outreachsession",
            index=models.Index(fields=["office", "starts_at"], name="session_office_starts_idx"),
        ),
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="outreachsession",
            index=models.Index(
                condition=Q(status="held")
                & (Q(attendance_total__isnull=True) | Q(summary="")),
                fields=["office", "ends_at"],
                name="session_office_missing_idx",
            ),
        ),
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="outreachsession",
            index=models.Index(
                condition=Q(status="held", results_verified_at__isnull=True),
                fields=["office", "ends_at"],
                name="session_office_unverified_idx",
            ),
        ),
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="outreachsession",
            index=models.Index(
                condition=Q(status="planned", is_published=False, proposed_by__isnull=False),
                fields=["office", "starts_at"],
                name="session_office_proposed_idx",
            ),
        ),
    ]
