"""manage.py backup / restore: a round trip keeps every row of every table and every file.

The data must be committed for pg_dump (another session) or sqlite3's backup API (another
connection) to see it, so these tests run outside a wrapping transaction; the serialized
rollback brings back migration 0002's reference data afterwards.
"""

import io
import json
import os
import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from binaan.ops.backup import MANIFEST, BackupError, restore_backup
from binaan.ops.backup.database import connect, quote_name, table_names, vendor_of
from binaan.ops.backup.media import ARCHIVE, media_roots, sha256_of
from kelurahan import services
from kelurahan.models import AwarenessReport
from kelurahan.services.tips import tip_submit
from tests.support import factories

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data_back_afterwards"),
]


def _jpeg(color="darkred") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, format="JPEG")
    return SimpleUploadedFile("kamera_warga.jpg", buffer.getvalue(), "image/jpeg")


@pytest.fixture
def portal_data(client, kebon_kosong, officer_kebon_kosong, staff_user):
    """Sessions with photos, officer and assisted reports, a tip with a photo, a login."""
    officer = officer_kebon_kosong.user
    held = factories.held_session(kebon_kosong, by=officer)
    for color in ("navy", "olive"):
        services.session_add_photo(session=held, by=officer, image=_jpeg(color), caption=color)
    factories.session(kebon_kosong, by=officer, title="Sosialisasi TPPM")
    factories.report(kebon_kosong, filed_by=officer, observed="Perekrut di RW 05.")
    assisted = factories.report(
        kebon_kosong, filed_by=officer, submit=False, source=AwarenessReport.Source.ASSISTED
    )
    services.report_submit(report=assisted, by=officer)
    tip, _code = tip_submit(observed="Penampungan calon PMI.", photo=_jpeg(), contact="0812")
    services.report_add_note(report=tip, by=staff_user, internal_note="Cek lokasi.")
    client.force_login(officer)  # a row in django_session
    return tip


@pytest.fixture
def empty_database(tmp_path):
    """Settings of a second, empty database of the same kind: the restore target."""
    source = connection.settings_dict
    if vendor_of(source) == "sqlite":
        yield {**source, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{source['NAME']}_restore"
    admin = connect(source)
    admin.autocommit = True
    admin.execute(f"DROP DATABASE IF EXISTS {quote_name(name)} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {quote_name(name)}")
    try:
        yield {**source, "NAME": name}
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {quote_name(name)} WITH (FORCE)")
        admin.close()


def _tables_in(settings_dict) -> list[str]:
    raw = connect(settings_dict)
    try:
        return table_names(raw, vendor_of(settings_dict))
    finally:
        raw.close()


def every_row(settings_dict) -> dict[str, tuple[list[str], list[tuple]]]:
    """Columns and all rows, ordered by primary key, of every table Django knows about."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        keys = {t: connection.introspection.get_primary_key_columns(cursor, t) for t in tables}
    raw = connect(settings_dict)
    try:
        contents = {}
        for table in tables:
            order = ", ".join(quote_name(column) for column in keys[table]) or "1"
            cursor = raw.cursor()
            cursor.execute(f"SELECT * FROM {quote_name(table)} ORDER BY {order}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            contents[table] = (columns, [tuple(row) for row in cursor.fetchall()])
        return contents
    finally:
        raw.close()


def every_file() -> dict[str, str]:
    """sha256 of every uploaded file, public and private, by its path under its folder."""
    return {
        f"{prefix}/{path.relative_to(root).as_posix()}": sha256_of(path)
        for prefix, root in media_roots().items()
        if root.is_dir()
        for path in root.rglob("*")
        if path.is_file()
    }


def test_backup_round_trip_into_an_empty_database_keeps_every_row_and_file(
    portal_data, empty_database, settings, tmp_path
):
    rows_before, files_before = every_row(connection.settings_dict), every_file()
    call_command("backup", "--output", str(tmp_path / "backup"), stdout=io.StringIO())

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "restored-private-media"
    result = restore_backup(tmp_path / "backup", empty_database)

    assert every_row(empty_database) == rows_before
    assert every_file() == files_before
    # The data really is there: reports, timeline, both photo folders, the login session.
    assert len(rows_before["kelurahan_awarenessreport"][1]) == 3
    assert len(rows_before["kelurahan_sessionphoto"][1]) == 2
    assert len(rows_before["django_session"][1]) == 1
    assert any(name.startswith("private-media/laporan/") for name in files_before)
    assert sum(name.startswith("media/sosialisasi/") for name in files_before) >= 2
    assert result["files"] == len(files_before)
    assert result["rows"] == sum(len(rows) for _columns, rows in rows_before.values())


def test_restore_with_force_brings_back_what_was_deleted_and_changed(portal_data, tmp_path):
    rows_before, files_before = every_row(connection.settings_dict), every_file()
    call_command("backup", "--output", str(tmp_path / "backup"), stdout=io.StringIO())

    photo = portal_data.photo.path
    AwarenessReport.objects.filter(source=AwarenessReport.Source.OFFICER).update(observed="x")
    portal_data.delete()
    os.remove(photo)
    factories.report(observed="Dibuat setelah backup.")
    (media_roots()["media"] / "stray.txt").write_text("not in the backup")
    assert every_row(connection.settings_dict) != rows_before
    assert every_file() != files_before

    call_command("restore", "--input", str(tmp_path / "backup"), "--force", stdout=io.StringIO())

    assert every_row(connection.settings_dict) == rows_before
    assert every_file() == files_before
    # Sequences came back too: new rows do not collide with restored ones.
    assert factories.report(observed="Sesudah restore.").pk > max(
        row[0] for row in rows_before["kelurahan_awarenessreport"][1]
    )


def test_restore_refuses_to_overwrite_existing_data_without_force(portal_data, tmp_path):
    call_command("backup", "--output", str(tmp_path / "backup"), stdout=io.StringIO())
    factories.report(observed="Laporan baru yang tidak boleh hilang.")
    rows_before = every_row(connection.settings_dict)

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", "--input", str(tmp_path / "backup"), stdout=io.StringIO())

    assert every_row(connection.settings_dict) == rows_before


def test_restore_refuses_a_damaged_backup(portal_data, empty_database, tmp_path):
    call_command("backup", "--output", str(tmp_path / "backup"), stdout=io.StringIO())
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    dump = tmp_path / "backup" / next(name for name in manifest["files"] if name != ARCHIVE)
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))

    with pytest.raises(BackupError, match="sha256"):
        restore_backup(tmp_path / "backup", empty_database)

    assert _tables_in(empty_database) == []  # checked before anything was written


def test_restore_refuses_archive_entries_outside_the_media_folders(
    portal_data, empty_database, settings, tmp_path
):
    backup = tmp_path / "backup"
    call_command("backup", "--output", str(backup), stdout=io.StringIO())
    evil = io.BytesIO(b"overwritten")
    with tarfile.open(backup / ARCHIVE, "w:gz") as archive:
        entry = tarfile.TarInfo("media/../../outside.txt")
        entry.size = len(evil.getvalue())
        archive.addfile(entry, evil)
    manifest = json.loads((backup / MANIFEST).read_text())
    manifest["files"][ARCHIVE]["sha256"] = sha256_of(backup / ARCHIVE)
    (backup / MANIFEST).write_text(json.dumps(manifest))
    settings.MEDIA_ROOT = tmp_path / "m" / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "m" / "private-media"

    with pytest.raises(BackupError, match="Unexpected entry"):
        restore_backup(backup, empty_database)

    assert not (tmp_path / "outside.txt").exists()
    assert _tables_in(empty_database) == []  # the archive is checked before the database


def test_backup_is_private_and_lists_rows_and_checksums(portal_data, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", "--output", str(backup), stdout=io.StringIO())

    manifest = json.loads((backup / MANIFEST).read_text())
    assert backup.stat().st_mode & 0o777 == 0o700
    assert all((backup / name).stat().st_mode & 0o777 == 0o600 for name in manifest["files"])
    assert (backup / MANIFEST).stat().st_mode & 0o777 == 0o600
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"]["kelurahan_awarenessreport"] == 3
    assert manifest["migrations"]["kelurahan"].startswith("00")
    for name, facts in manifest["files"].items():
        assert sha256_of(backup / name) == facts["sha256"]
    assert manifest["media"] == every_file()


def test_backup_refuses_a_folder_that_is_not_empty(db, tmp_path):
    (tmp_path / "old-backup.txt").write_text("keep me")

    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", "--output", str(tmp_path), stdout=io.StringIO())

    assert (tmp_path / "old-backup.txt").read_text() == "keep me"
