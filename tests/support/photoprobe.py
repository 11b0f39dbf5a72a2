"""Peak memory of one photo upload, measured in a fresh process:
python -m tests.support.photoprobe FILE.

Runs what every upload path does with a photo (Django's image form field, the model validator,
the re-encoding, the stored file's thumbnails) and prints a JSON line: accepted or refused, and
the peak resident memory above the warmed-up baseline. Pillow allocates pixels with C malloc,
which tracemalloc does not see, so the process's own peak (VmHWM) is what is measured.
"""

import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path


def _memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def _reset_peak() -> None:
    """Start VmHWM again from the current size (Linux 4.0+); without it the probe over-reports."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _upload(data: bytes):
    from django.core.files.uploadedfile import InMemoryUploadedFile

    size = len(data)
    return InMemoryUploadedFile(io.BytesIO(data), "photo", "foto.jpg", "image/jpeg", size, None)


def _store_like_every_path(data: bytes) -> str:
    """The checks and writes of every path; returns "accepted" or the refusal's error code."""
    from django import forms
    from django.core.exceptions import ValidationError

    from kelurahan.files.images import reencode_photo
    from kelurahan.files.thumbnails import make_thumbnails
    from kelurahan.files.uploads import validate_photo
    from kelurahan.models import SessionPhoto

    try:
        forms.ImageField().clean(_upload(data))  # officer and admin forms
        validate_photo(_upload(data))  # the model fields' validator
        clean = reencode_photo(_upload(data))  # services, and every model save
    except ValidationError as error:
        return error.code or "invalid"
    photo = SessionPhoto(session_id=1)
    photo.image.save("foto.jpg", clean, save=False)
    make_thumbnails(photo.image)
    return "accepted"


def main(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binaan.settings")
    os.environ["DJANGO_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="photoprobe-")
    import django

    django.setup()
    from tests.support.photofiles import jpeg_with_everything, one_bit_png

    for warm_up in (jpeg_with_everything(), one_bit_png((64, 64))):
        _store_like_every_path(warm_up)  # imports, codecs and allocator pools are in place
    baseline = _memory_kb("VmRSS")
    _reset_peak()
    outcome = _store_like_every_path(Path(path).read_bytes())
    peak = max(_memory_kb("VmHWM"), _memory_kb("VmRSS"))
    print(json.dumps({"outcome": outcome, "above_baseline_mb": (peak - baseline) / 1024}))


if __name__ == "__main__":
    main(sys.argv[1])
