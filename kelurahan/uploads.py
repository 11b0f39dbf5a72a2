"""Uploaded files: their real type and size checked, stored under random names.

Photos are checked and re-encoded by kelurahan/images.py. A stored name never repeats the
sender's file name (it may name a person or a place) nor the upload time.
"""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kelurahan.images import check_photo

PDF_MAGIC = b"%PDF-"
PDF_END = b"%%EOF"
PDF_MAX_BYTES = 10 * 1024 * 1024


def random_name(folder: str, extension: str = "jpg") -> str:
    """folder/<32 random hex digits>.<extension>"""
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def validate_photo(value) -> None:
    """Model-field validator: a new upload must be a photo we can read, within the size limit."""
    if getattr(value, "_committed", False):
        return  # a file stored earlier was checked when it was uploaded
    check_photo(value)


def validate_pdf(upload, *, max_bytes: int = PDF_MAX_BYTES) -> None:
    """A PDF for session materials: within the size limit, starting with %PDF-, ending %%EOF."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(max(upload.size - 1024, 0))
    tail = upload.read()
    upload.seek(0)
    if head != PDF_MAGIC or PDF_END not in tail:
        raise ValidationError(_("This file is not a PDF document."), code="bad_type")
