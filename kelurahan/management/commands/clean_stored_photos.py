"""Re-encode stored photos that still carry metadata; run once after upgrading (issue 15).

Before the fix, a session photo replaced in the admin was stored byte for byte: its GPS
position, camera serial number and XMP creator were public. This finds every stored photo that
still carries EXIF, XMP, an ICC profile or a comment, re-encodes it under the same name (its URL
does not change) and makes its smaller copies again.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from PIL import Image, UnidentifiedImageError

from kelurahan.files.images import reencode_photo
from kelurahan.files.thumbnails import delete_thumbnails, make_thumbnails
from kelurahan.models import AwarenessReport, LiaisonOfficer, SessionPhoto

# model, field, whether its 480/960 px copies are made at upload (portraits' come on first view)
PHOTO_FIELDS: tuple[
    tuple[type[SessionPhoto | LiaisonOfficer | AwarenessReport], str, bool], ...
] = (
    (SessionPhoto, "image", True),
    (LiaisonOfficer, "photo", False),
)
PHOTO_FIELDS += ((AwarenessReport, "photo", False),)
METADATA_KEYS = ("exif", "xmp", "icc_profile", "comment")


def carries_metadata(data: bytes) -> bool:
    """True for anything our re-encoding would not have written."""
    image = Image.open(io.BytesIO(data))
    return (
        image.format != "JPEG" or bool(image.getexif()) or any(map(image.info.get, METADATA_KEYS))
    )


def clean_in_place(field_file, *, with_copies: bool) -> None:
    """The same name, only the pixels; the smaller copies made again from them."""
    storage, name = field_file.storage, field_file.name
    with storage.open(name, "rb") as stored:
        clean = reencode_photo(ContentFile(stored.read(), name=name))
    delete_thumbnails(field_file)
    storage.delete(name)
    if storage.save(name, clean) != name:  # the row must still point at its file
        raise OSError(f"{name} could not be written back under its own name")
    if with_copies:
        make_thumbnails(field_file)


class Command(BaseCommand):
    help = "Re-encode stored photos that still carry EXIF, GPS, XMP, ICC or comment metadata."

    def handle(self, *args, **options):
        checked, cleaned, failed = 0, 0, []
        for model, field, with_copies in PHOTO_FIELDS:
            for row in model.objects.exclude(**{field: ""}).iterator():
                field_file = getattr(row, field)
                checked += 1
                try:
                    with field_file.storage.open(field_file.name, "rb") as stored:
                        if not carries_metadata(stored.read()):
                            continue
                    clean_in_place(field_file, with_copies=with_copies)
                    cleaned += 1
                except (OSError, UnidentifiedImageError, ValidationError):
                    failed.append(field_file.name)
        self.stdout.write(f"Checked {checked} stored photo(s); re-encoded {cleaned}.")
        if failed:
            self.stdout.write(
                self.style.WARNING(
                    f"Could not read or re-encode {len(failed)}; replace or delete them: "
                    + ", ".join(failed)
                )
            )
