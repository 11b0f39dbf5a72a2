"""Photos from residents, officers and staff: judged by their header, decoded small, re-encoded.

Every photo the portal stores passes through reencode_photo (kelurahan.files.uploads.PhotoField
calls it on every save, whatever the path): only its pixels survive, as a new JPEG with no EXIF,
GPS, XMP, ICC profile or comment.

A 50 KB file can claim 6000×6000 pixels in several frames (issue 15). So before a pixel is
decoded, the header must show one picture of at most MAX_PIXELS whose decoding fits
DECODE_BUDGET (kelurahan/files/imagebudget.py counts it); a JPEG is then decoded already reduced
(draft), and every photo is reduced before anything else is done with it.
"""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import (  # noqa: F401 - importing a plugin registers its format with Image.open
    GifImagePlugin,
    Image,
    JpegImagePlugin,
    PngImagePlugin,
    UnidentifiedImageError,
    WebPImagePlugin,
)

from kelurahan.files import imagebudget as budget

# The formats Pillow may try; a JPEG with a second picture (an HDR gain map) opens as "MPO".
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
JPEG_FORMATS = ("JPEG", "MPO")
ORIENTATION = 0x0112
TURNS = {  # EXIF orientation -> what makes the photo upright
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class CleanPhoto(ContentFile):
    """A JPEG made by reencode_photo: stored as it is, never re-encoded a second time."""

    name: str  # always given ("foto.jpg")


def _too_big() -> ValidationError:
    return ValidationError(
        _(
            "This picture is too large for us to process. Send the photo as your phone camera "
            "took it (at most %(mp)s megapixels), or a smaller copy of it."
        )
        % {"mp": budget.MAX_PIXELS // 1_000_000},
        code="too_large",
    )


def _animated() -> ValidationError:
    return ValidationError(_("Send a single photo, not an animation."), code="bad_type")


def _not_a_photo() -> ValidationError:
    return ValidationError(
        _("This file is not a photo we can read. Send a JPEG or PNG photo."), code="bad_image"
    )


def _check_file(upload) -> None:
    """The file's size, and a WebP's header: Pillow allocates its canvas as it opens it."""
    if upload.size > settings.TIP_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large: at most %(mb)s MB.")
            % {"mb": settings.TIP_PHOTO_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    webp = budget.webp_header(upload.read(30))
    if webp and webp[1]:
        raise _animated()
    if webp and budget.webp_peak(webp[0]) > budget.DECODE_BUDGET:
        raise _too_big()


def _open(upload) -> Image.Image:
    """Pillow's structural check, then the file opened again without decoding it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            upload.seek(0)
            Image.open(upload, formats=ALLOWED_FORMATS).verify()
            upload.seek(0)
            return Image.open(upload, formats=ALLOWED_FORMATS)
    except Image.DecompressionBombError as error:
        raise _too_big() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _not_a_photo() from error


def _open_checked(upload) -> tuple[Image.Image, int]:
    """The photo, opened but not decoded, and its JPEG draft scale, if its header passes."""
    _check_file(upload)
    image = _open(upload)
    if image.format not in JPEG_FORMATS and getattr(image, "n_frames", 1) > 1:
        raise _animated()  # an MPO's second picture is a gain map or a preview, never decoded
    if image.width * image.height > budget.MAX_PIXELS:
        raise _too_big()
    scale: int | None = 1
    if image.format in JPEG_FORMATS:
        upload.seek(0)
        scale = budget.jpeg_scale(image, upload.read())
    elif image.format == "WEBP":
        scale = 1 if budget.webp_peak(image.size) <= budget.DECODE_BUDGET else None
    elif budget.peak(image.size, image.mode) > budget.DECODE_BUDGET:
        scale = None
    if scale is None:
        raise _too_big()
    upload.seek(0)
    return image, scale


def _decode_small(upload) -> Image.Image:
    """The photo's pixels, upright, at most LONGEST_SIDE, in RGB; ValidationError if refused.

    Each step rebinds `image`, so the step before it is freed at once (imagebudget counts on it).
    """
    image, scale = _open_checked(upload)
    turn = TURNS.get(image.getexif().get(ORIENTATION, 1))
    if image.format in JPEG_FORMATS:  # libjpeg decodes at 1/2, 1/4 or 1/8 directly
        image.draft("RGB", (max(1, image.width // scale), max(1, image.height // scale)))
    try:
        image.load()
        if image.format == "WEBP" or image.mode not in budget.REDUCIBLE_MODES:
            image = image.convert(budget.working_mode(image.mode))  # frees libwebp's canvases
        if (factor := budget.reduction(image.size)) > 1:
            image = image.reduce(factor)
        width, height = budget.fitted(image.size)
        if height != image.height:
            image = image.resize((image.width, height), Image.Resampling.LANCZOS)
        if width != image.width:
            image = image.resize((width, height), Image.Resampling.LANCZOS)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise _not_a_photo() from error
    if turn is not None:
        image = image.transpose(turn)  # keep the photo upright
    if image.mode != "RGB":
        image = image.convert("RGB")
    clean = Image.new("RGB", image.size)  # pixels only: no .info, no EXIF, no palette
    clean.paste(image)
    return clean


def check_photo(upload) -> None:
    """Refuse a file that is too large, too many pixels, animated, or not a readable photo."""
    _decode_small(upload)
    upload.seek(0)


def reencode_photo(upload) -> CleanPhoto:
    """A new JPEG built from the pixels alone: no EXIF, GPS, XMP, ICC or comments survive."""
    if isinstance(upload, CleanPhoto):
        return upload
    image = _decode_small(upload)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=85, optimize=True)
    return CleanPhoto(output.getvalue(), name="foto.jpg")
