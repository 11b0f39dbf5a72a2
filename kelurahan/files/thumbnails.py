"""Smaller copies of published photos, so a phone downloads the size it shows.

Session photos get 480 px and 960 px wide JPEG copies when they are uploaded, stored next to
the original as <name>-480w.jpg and <name>-960w.jpg. Liaison officers' portraits get a small
square copy (<name>-144sq.jpg), made the first time a page shows it.
"""

import io
import logging
import posixpath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

WIDTHS = (480, 960)
SIZES = "(max-width: 30rem) 100vw, (max-width: 48rem) 50vw, 16rem"  # the .photos grid
AVATAR = 144
QUALITY = 80


def variant_name(name: str, suffix: str) -> str:
    """sosialisasi/7/2024.jpg -> sosialisasi/7/2024-480w.jpg"""
    root, _ext = posixpath.splitext(name)
    return f"{root}-{suffix}.jpg"


def _save_jpeg(storage, name: str, image: Image.Image) -> None:
    """A JPEG of the pixels only: the source is a re-encoded photo, and nothing else is copied."""
    output = io.BytesIO()
    pixels = image.convert("RGB")  # a new image (or a copy): clearing its info is safe
    pixels.info.clear()
    pixels.save(output, format="JPEG", quality=QUALITY, optimize=True)
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(output.getvalue()))


def _open(field_file) -> Image.Image:
    with field_file.storage.open(field_file.name, "rb") as source:
        image = Image.open(source)
        image.load()
    return ImageOps.exif_transpose(image)


def make_thumbnails(field_file) -> list[str]:
    """Write the narrower copies of a photo; widths the photo does not reach are skipped."""
    image = _open(field_file)
    made = []
    for width in WIDTHS:
        if width >= image.width:
            continue
        height = max(1, round(image.height * width / image.width))
        name = variant_name(field_file.name, f"{width}w")
        _save_jpeg(
            field_file.storage, name, image.resize((width, height), Image.Resampling.LANCZOS)
        )
        made.append(name)
    return made


def delete_thumbnails(field_file) -> None:
    """Remove the copies made by make_thumbnails and avatar_url (the original stays)."""
    if not field_file:
        return
    for suffix in [f"{width}w" for width in WIDTHS] + [f"{AVATAR}sq"]:
        name = variant_name(field_file.name, suffix)
        if field_file.storage.exists(name):
            field_file.storage.delete(name)


def responsive(field_file) -> dict:
    """src, srcset, sizes, width and height for an <img> of a session photo."""
    storage = field_file.storage
    width, height = field_file.width, field_file.height
    candidates = []
    for size in WIDTHS:
        name = variant_name(field_file.name, f"{size}w")
        if size < width and storage.exists(name):
            candidates.append((storage.url(name), size))
    candidates.append((field_file.url, width))
    src, shown = candidates[0]
    return {
        "src": src,
        "srcset": ", ".join(f"{url} {size}w" for url, size in candidates),
        "sizes": SIZES,
        "width": shown,
        "height": max(1, round(height * shown / width)),
    }


def avatar_url(field_file) -> str:
    """URL of a small square copy of a portrait, made on first use; "" if it cannot be made."""
    if not field_file:
        return ""
    name = variant_name(field_file.name, f"{AVATAR}sq")
    storage = field_file.storage
    if not storage.exists(name):
        try:
            square = ImageOps.fit(_open(field_file), (AVATAR, AVATAR), Image.Resampling.LANCZOS)
            _save_jpeg(storage, name, square)
        except (OSError, ValueError, Image.DecompressionBombError):
            logger.warning("Portrait %s could not be made smaller", field_file.name)
            return ""
    return storage.url(name)
