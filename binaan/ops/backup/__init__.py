"""Backups of the database and the uploaded files, and restoring them (manage.py backup/restore).

A backup is one directory (mode 0700, files 0600):

    manifest.json      when, which database, row counts per table, sha256 of every file
    database.dump      PostgreSQL: pg_dump's custom format (-Fc), restored with pg_restore
    database.sqlite3   SQLite: a consistent copy made with sqlite3's online backup API
    media.tar.gz       MEDIA_ROOT as media/ and PRIVATE_MEDIA_ROOT (tip photos) as private-media/

It holds everything residents and officers sent: store it encrypted. The keys that encrypt
report text are in the environment, not in the backup: back them up separately.
"""

import datetime
import json
from pathlib import Path

from binaan.ops.backup.database import (
    DUMP_NAMES,
    BackupError,
    connect,
    dump_postgresql,
    dump_sqlite,
    restore_postgresql,
    restore_sqlite,
    row_counts,
    table_names,
    vendor_of,
)
from binaan.ops.backup.media import (
    ARCHIVE,
    archive_media,
    check_archive,
    media_files,
    restore_media,
    safe_destination,
    sha256_of,
)

__all__ = ["BackupError", "create_backup", "read_manifest", "restore_backup"]

FORMAT = 1
MANIFEST = "manifest.json"


def create_backup(output: Path, settings_dict: dict) -> dict:
    """Dump the database and archive the uploads into output; return the manifest."""
    vendor = vendor_of(settings_dict)
    output.mkdir(parents=True, exist_ok=True)
    if any(output.iterdir()):
        raise BackupError(f"{output} is not empty: give a new folder for each backup.")
    output.chmod(0o700)
    dump_name = DUMP_NAMES[vendor]
    dump = dump_postgresql if vendor == "postgresql" else dump_sqlite
    facts = dump(settings_dict, output / dump_name)
    media = archive_media(output / ARCHIVE)
    files = {}
    for name in (dump_name, ARCHIVE):
        (output / name).chmod(0o600)
        files[name] = {"sha256": sha256_of(output / name), "bytes": (output / name).stat().st_size}
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": {
            "vendor": vendor,
            "name": Path(str(settings_dict["NAME"])).name
            if vendor == "sqlite"
            else settings_dict["NAME"],
            "server_version": facts["server_version"],
            "dump_tool": facts["dump_tool"],
        },
        "migrations": facts["migrations"],
        "tables": facts["tables"],
        "files": files,
        "media": media,
        "contains": "personal data: store encrypted; field-encryption keys are NOT included",
    }
    path = output / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return manifest


def read_manifest(source: Path) -> dict:
    """The manifest, once every file it lists has the sha256 it recorded."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source / MANIFEST} is missing or unreadable.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for name, facts in manifest["files"].items():
        path = source / name
        if not path.is_file() or sha256_of(path) != facts["sha256"]:
            raise BackupError(f"{path} is missing or damaged (sha256 differs from the manifest).")
    return manifest


def what_is_there(settings_dict: dict) -> list[str]:
    """What a restore would overwrite: database tables, uploaded files."""
    found = []
    raw = connect(settings_dict)
    try:
        tables = table_names(raw, vendor_of(settings_dict))
    finally:
        raw.close()
    if tables:
        found.append(f"the database has {len(tables)} tables")
    files = media_files()
    if files:
        found.append(f"the media folders hold {len(files)} files")
    return found


def verify_restore(settings_dict: dict, manifest: dict) -> list[str]:
    """Differences between the restored data and the manifest (empty when all is equal)."""
    raw = connect(settings_dict)
    try:
        counts = row_counts(raw, vendor_of(settings_dict))
    finally:
        raw.close()
    problems = [
        f"table {table}: {counts.get(table)} rows, the backup had {expected}"
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    ]
    for name, expected in manifest["media"].items():
        path = safe_destination(name)
        if not path.is_file() or sha256_of(path) != expected:
            problems.append(f"file {name} is missing or differs")
    return problems


def restore_backup(source: Path, settings_dict: dict, *, force: bool = False) -> dict:
    """Restore database and uploads from source; refuses to overwrite data unless force."""
    manifest = read_manifest(source)
    vendor = vendor_of(settings_dict)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['database']['vendor']} database; "
            f"the target is {vendor}."
        )
    missing = {DUMP_NAMES[vendor], ARCHIVE} - set(manifest["files"])
    if missing:
        raise BackupError(f"The manifest does not list {', '.join(sorted(missing))}.")
    check_archive(source / ARCHIVE)
    existing = what_is_there(settings_dict)
    if existing and not force:
        raise BackupError(
            "Refusing to overwrite existing data (" + "; ".join(existing) + "). "
            "Restore into an empty database, or add --force to replace everything."
        )
    dump = source / DUMP_NAMES[vendor]
    (restore_postgresql if vendor == "postgresql" else restore_sqlite)(settings_dict, dump)
    files = restore_media(source / ARCHIVE)
    problems = verify_restore(settings_dict, manifest)
    if files != len(manifest["media"]):
        problems.append(f"{files} files unpacked, the manifest lists {len(manifest['media'])}")
    if problems:
        raise BackupError("The restored data differs from the backup:\n" + "\n".join(problems))
    rows = sum(manifest["tables"].values())
    return {"tables": len(manifest["tables"]), "rows": rows, "files": files, "manifest": manifest}
