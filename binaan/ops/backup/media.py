"""Uploaded files in backups: MEDIA_ROOT as media/, PRIVATE_MEDIA_ROOT as private-media/."""

import hashlib
import shutil
import tarfile
from pathlib import Path, PurePosixPath

from django.conf import settings

from binaan.ops.backup.database import BackupError
from kelurahan.files.storage import close_private_tree

ARCHIVE = "media.tar.gz"


def media_roots() -> dict[str, Path]:
    """Folders in the archive and where they live: public uploads and private photos."""
    return {"media": Path(settings.MEDIA_ROOT), "private-media": Path(settings.PRIVATE_MEDIA_ROOT)}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files() -> list[tuple[str, Path]]:
    """(name in the archive, path on disk) of every uploaded file, sorted."""
    found = []
    for prefix, root in media_roots().items():
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    found.append((f"{prefix}/{path.relative_to(root).as_posix()}", path))
    return found


def archive_media(path: Path) -> dict[str, str]:
    """Write media.tar.gz; return the sha256 of every file in it."""
    hashes = {}
    with tarfile.open(path, "w:gz") as archive:
        for name, file_path in media_files():
            archive.add(file_path, arcname=name, recursive=False)
            hashes[name] = sha256_of(file_path)
    return hashes


def safe_destination(name: str) -> Path:
    """Where an archive member goes; refuses absolute paths, '..' and unknown folders."""
    parts = PurePosixPath(name).parts
    roots = media_roots()
    if len(parts) < 2 or parts[0] not in roots or ".." in parts or name.startswith("/"):
        raise BackupError(f"Unexpected entry in {ARCHIVE}: {name!r}")
    return roots[parts[0]].joinpath(*parts[1:])


def clear_folder(root: Path) -> None:
    """Remove what is inside root, keeping root itself (it may be a mount point)."""
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def files_in(archive: tarfile.TarFile):
    """(member, destination) of each file; refuses links, devices and paths outside the roots."""
    for member in archive:
        if member.isdir():
            continue
        if not member.isfile():
            raise BackupError(f"Unexpected entry in {ARCHIVE}: {member.name!r}")
        yield member, safe_destination(member.name)


def check_archive(path: Path) -> int:
    """Read the whole archive before anything is overwritten; return its file count."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            return sum(1 for _entry in files_in(archive))
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{ARCHIVE} cannot be read: {error}") from error


def restore_media(path: Path) -> int:
    """Empty the media folders and unpack the archive into them; return the file count."""
    for root in media_roots().values():
        root.mkdir(parents=True, exist_ok=True)
        clear_folder(root)
    count = 0
    with tarfile.open(path, "r:gz") as archive:
        for member, destination in files_in(archive):
            destination.parent.mkdir(parents=True, exist_ok=True)
            stream = archive.extractfile(member)
            assert stream is not None  # files_in yields regular files only
            with stream, destination.open("wb") as out:
                shutil.copyfileobj(stream, out)
            destination.chmod(member.mode & 0o666)
            count += 1
    close_private_tree(media_roots()["private-media"])  # tip photos: 0600 in folders 0700
    return count
