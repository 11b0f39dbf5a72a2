"""What reports and tips say is encrypted in the database, with keys of its own that rotate."""

import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kelurahan import services
from kelurahan.models import AwarenessReport, ReportUpdate
from tests.support import factories
from tests.support.checks import manage_check

REPORT_COLUMNS = ("observed", "location_rt_rw", "location_street", "reporter_contact")
UPDATE_COLUMNS = ("note_for_reporter", "reporter_message", "internal_note")
BEFORE = ("kelurahan", "0007_english_starter_content")
ENCRYPTING = ("kelurahan", "0008_encrypt_report_text")
KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def raw_rows(table: str, columns) -> list[tuple]:
    """The columns as stored, read with plain SQL (no field decrypts them)."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return cursor.fetchall()


def stored_text() -> str:
    reports = raw_rows("kelurahan_awarenessreport", REPORT_COLUMNS)
    updates = raw_rows("kelurahan_reportupdate", UPDATE_COLUMNS)
    return repr(reports + updates)


def filled_report_and_tip(kebon_kosong, staff_user):
    """An officer's report and a tip whose every encrypted field holds a marker."""
    report = factories.report(
        kebon_kosong,
        observed="MARK-OBSERVED perekrut Pak Budi",
        location_rt_rw="MARK-RT 003/005",
        location_street="MARK-STREET Gang Kelinci",
    )
    services.report_start_review(
        report=report, by=staff_user, note_for_reporter="MARK-NOTE", internal_note="MARK-INTERNAL"
    )
    tip, _code = services.tip_submit(
        observed="MARK-TIP penampungan calon PMI",
        kelurahan=kebon_kosong,
        location="MARK-PLACE rumah kontrakan",
        contact="MARK-CONTACT 0812-0000-1111",
    )
    services.tip_add_information(report=tip, message="MARK-ADDED mobil hitam")
    return report, tip


def test_encryption_raw_columns_hold_no_plaintext_but_the_orm_reads_it(kebon_kosong, staff_user):
    report, tip = filled_report_and_tip(kebon_kosong, staff_user)

    assert "MARK-" not in stored_text()
    for row in raw_rows("kelurahan_awarenessreport", REPORT_COLUMNS):
        assert all(value == "" or value.startswith("gAAAAA") for value in row)
    report.refresh_from_db()
    tip.refresh_from_db()
    assert report.observed == "MARK-OBSERVED perekrut Pak Budi"
    assert report.location_rt_rw == "MARK-RT 003/005"
    assert (tip.location_street, tip.reporter_contact) == (
        "MARK-PLACE rumah kontrakan",
        "MARK-CONTACT 0812-0000-1111",
    )
    notes = ReportUpdate.objects.values_list(
        "note_for_reporter", "internal_note", "reporter_message"
    )
    assert ("MARK-NOTE", "MARK-INTERNAL", "") in list(notes)
    assert ("", "", "MARK-ADDED mobil hitam") in list(notes)


def test_encryption_uses_its_own_key_not_the_secret_key(kebon_kosong, settings):
    report = factories.report(kebon_kosong, observed="Rahasia laporan")
    (stored,) = raw_rows("kelurahan_awarenessreport", ["observed"])[0]

    own_key = Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode())
    assert own_key.decrypt(stored.encode()) == b"Rahasia laporan"
    settings.SECRET_KEY = "another-secret-key-" * 3  # rotating the secret key keeps the data
    assert AwarenessReport.objects.get(pk=report.pk).observed == "Rahasia laporan"


def test_encryption_keeps_blank_text_blank_and_full_length_text_fits(kebon_kosong):
    report = factories.report(
        kebon_kosong, location_rt_rw="R" * 20, location_street="J" * 200, observed="x" * 5000
    )
    report.full_clean()  # the model still limits the text, not the longer ciphertext
    again = AwarenessReport.objects.get(pk=report.pk)
    assert (len(again.location_rt_rw), len(again.location_street)) == (20, 200)
    assert AwarenessReport.objects.filter(reporter_contact="").count() == 1
    (stored,) = raw_rows("kelurahan_awarenessreport", ["reporter_contact"])
    assert stored == ("",)


def test_encryption_the_tip_status_timeline_still_shows_decrypted_text(
    client, kebon_kosong, staff_user
):
    tip, code = services.tip_submit(observed="Tip teks", kelurahan=kebon_kosong)
    services.report_start_review(report=tip, by=staff_user, note_for_reporter="PESAN-KANTOR")
    page = client.post("/lapor/status/", {"code": code}).content.decode()
    assert "PESAN-KANTOR" in page
    assert "gAAAAA" not in page


def rotate(*arguments) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", *arguments, stdout=out)
    return out.getvalue()


def test_rotate_field_keys_rewrites_with_the_newest_key_once(kebon_kosong, staff_user, settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    filled_report_and_tip(kebon_kosong, staff_user)
    before = stored_text()

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]  # a new key in front
    with pytest.raises(CommandError):
        rotate("--check")
    first = rotate()
    assert "kelurahan.AwarenessReport: 2 row(s) rewritten" in first
    assert stored_text() != before
    assert "0 row(s) rewritten" in rotate()  # nothing left: running it again changes nothing
    rotate("--check")

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]  # the old key removed
    newest = Fernet(KEY_B.encode())
    for (observed,) in raw_rows("kelurahan_awarenessreport", ["observed"]):
        newest.decrypt(observed.encode())
    (token,) = raw_rows("kelurahan_awarenessreport", ["observed"])[0]
    with pytest.raises(InvalidToken):
        Fernet(KEY_A.encode()).decrypt(token.encode())
    assert {r.observed for r in AwarenessReport.objects.all()} == {
        "MARK-OBSERVED perekrut Pak Budi",
        "MARK-TIP penampungan calon PMI",
    }


def test_rotate_field_keys_refuses_values_no_key_can_read_and_leaves_them(
    kebon_kosong, settings, caplog
):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    report = factories.report(kebon_kosong, observed="Ditulis dengan kunci A")
    before = stored_text()

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]  # key A removed too early
    with pytest.raises(CommandError, match="cannot be decrypted"):
        rotate()
    assert stored_text() == before
    caplog.set_level("WARNING")
    assert AwarenessReport.objects.get(pk=report.pk).observed.startswith("gAAAAA")
    assert "kelurahan.AwarenessReport.observed could not be decrypted" in caplog.text
    assert "Ditulis" not in caplog.text


def test_rotate_field_keys_encrypts_text_left_in_plain(kebon_kosong):
    report = factories.report(kebon_kosong, observed="Teks lama")
    table = connection.ops.quote_name("kelurahan_awarenessreport")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET observed = %s", ["PLAIN-LEFTOVER"])  # noqa: S608
    assert "PLAIN-LEFTOVER" in stored_text()
    assert AwarenessReport.objects.get(pk=report.pk).observed == "PLAIN-LEFTOVER"  # still readable

    assert "1 not encrypted" in rotate()
    assert "PLAIN-LEFTOVER" not in stored_text()
    assert AwarenessReport.objects.get(pk=report.pk).observed == "PLAIN-LEFTOVER"


def _old_rows(apps):
    """A tip and its timeline written with the models as they were before 0008."""
    Office = apps.get_model("kelurahan", "Office")
    Report = apps.get_model("kelurahan", "AwarenessReport")
    Update = apps.get_model("kelurahan", "ReportUpdate")
    report = Report.objects.create(
        source="tip_line",
        office=Office.objects.get(slug="kanim-jakarta-pusat"),
        observed="OLD-OBSERVED",
        location_rt_rw="OLD-RT 01/02",
        location_street="OLD-STREET",
        reporter_contact="OLD-CONTACT",
    )
    Update.objects.create(
        report=report,
        note_for_reporter="OLD-NOTE",
        reporter_message="OLD-MESSAGE",
        internal_note="OLD-INTERNAL",
    )
    return report.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_encryption_migration_encrypts_existing_rows_and_undoes_it():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate([BEFORE])
    pk = _old_rows(MigrationExecutor(connection).loader.project_state([BEFORE]).apps)
    assert "OLD-OBSERVED" in stored_text()

    MigrationExecutor(connection).migrate([ENCRYPTING])
    assert "OLD-" not in stored_text()
    report = AwarenessReport.objects.get(pk=pk)
    assert (report.observed, report.location_rt_rw, report.reporter_contact) == (
        "OLD-OBSERVED",
        "OLD-RT 01/02",
        "OLD-CONTACT",
    )
    update = report.updates.get()
    assert (update.note_for_reporter, update.reporter_message, update.internal_note) == (
        "OLD-NOTE",
        "OLD-MESSAGE",
        "OLD-INTERNAL",
    )

    MigrationExecutor(connection).migrate([BEFORE])  # backwards: plain text again
    assert raw_rows("kelurahan_awarenessreport", ["observed", "location_rt_rw"]) == [
        ("OLD-OBSERVED", "OLD-RT 01/02")
    ]
    assert raw_rows("kelurahan_reportupdate", ["internal_note"]) == [("OLD-INTERNAL",)]
    MigrationExecutor(connection).migrate(leaves)
    assert AwarenessReport.objects.get(pk=pk).observed == "OLD-OBSERVED"


def run_check(**env):
    """A production-like `manage.py check` with the given variables on top."""
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "s" * 60,
        "DJANGO_ALLOWED_HOSTS": "binaan.example",
    }
    return manage_check(**{**production, **env})


def test_production_refuses_to_start_without_its_own_encryption_keys(settings):
    missing = run_check()
    assert missing.returncode != 0 and "DJANGO_FIELD_ENCRYPTION_KEYS" in missing.stderr
    dev_key = run_check(DJANGO_FIELD_ENCRYPTION_KEYS=settings.DEV_FIELD_ENCRYPTION_KEY)
    assert dev_key.returncode != 0 and "DJANGO_FIELD_ENCRYPTION_KEYS" in dev_key.stderr
    not_a_key = run_check(DJANGO_FIELD_ENCRYPTION_KEYS=f"{KEY_A},not-a-fernet-key")
    assert not_a_key.returncode != 0 and "Fernet key" in not_a_key.stderr
    assert run_check(DJANGO_FIELD_ENCRYPTION_KEYS=f"{KEY_B},{KEY_A}").returncode == 0
