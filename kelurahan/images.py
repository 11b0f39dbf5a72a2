"""Photos from residents and officers: checked, re-encoded from pixels, metadata dropped."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000
LONGEST_SIDE = 2000


def _open_checked(upload) -> Image.Image:
    if upload.size > settings.TIP_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large: at most %(mb)s MB.")
            % {"mb": settings.TIP_PHOTO_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        upload.seek(0)
        probe = Image.open(upload)
        probe.verify()  # structure check; the image must be opened again to be used
        upload.seek(0)
        image = Image.open(upload)
        if image.format not in ALLOWED_FORMATS or image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("Send a JPEG, PNG, WebP or GIF photo."), code="bad_type")
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("This file is not a photo we can read. Send a JPEG or PNG photo."), code="bad_image"
        ) from error
    return image


def check_photo(upload) -> None:
    """Refuse a file that is too large or not a photo Pillow can verify and read."""
    _open_checked(upload)


def reencode_photo(upload) -> ContentFile:
    """A new JPEG built from the pixels alone: no EXIF, GPS, XMP, ICC or comments survive."""
    image = ImageOps.exif_transpose(_open_checked(upload))  # keep the photo upright
    image = image.convert("RGB")
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    clean = Image.frombytes("RGB", image.size, image.tobytes())  # pixels only, no .info
    output = io.BytesIO()
    clean.save(output, format="JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name="foto.jpg")
