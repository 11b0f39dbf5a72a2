"""Uploaded files: their real type and size checked, metadata removed, stored under random names.

Photos are checked and re-encoded by kelurahan/files/images.py; PDFs lose their document information
(author, creator, title, dates) and XMP metadata here. Both happen in the model fields
themselves (PhotoField, PdfField), so no path that stores a file can skip them. A stored name
never repeats the sender's file name (it may name a person or a place) nor the upload time.
"""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from kelurahan.files.images import CleanPhoto, check_photo, reencode_photo

PDF_MAGIC = b"%PDF-"
PDF_END = b"%%EOF"
PDF_METADATA_KEYS = ("/Metadata", "/PieceInfo")  # XMP streams; private application data


def random_name(folder: str, extension: str = "jpg") -> str:
    """folder/<32 random hex digits>.<extension>"""
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def validate_photo(value) -> None:
    """Model-field validator: a new upload must be a photo we can read, within the size limit."""
    if getattr(value, "_committed", False):
        return  # a file stored earlier was checked when it was uploaded
    if isinstance(getattr(value, "file", value), CleanPhoto):
        return  # made by reencode_photo from a photo that passed these checks
    check_photo(value)


class PhotoFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Whichever path stores a photo (form, service, admin inline), only its pixels are kept."""
        super().save(name, reencode_photo(content), save)


class PhotoField(models.ImageField):
    """An ImageField whose files are always re-encoded by kelurahan.files.images before storage."""

    attr_class = PhotoFieldFile


class CleanPdf(ContentFile):
    """A PDF rewritten by strip_pdf_metadata: stored as it is."""


def validate_pdf(upload, *, max_bytes: int | None = None) -> None:
    """A PDF for session materials: within the size limit, starting with %PDF-, ending %%EOF."""
    max_bytes = settings.PDF_MAX_BYTES if max_bytes is None else max_bytes
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


def _without_metadata(upload) -> bytes:
    reader = PdfReader(upload)
    if reader.is_encrypted:
        raise ValidationError(
            _("This PDF is protected with a password. Upload it without one."), code="encrypted"
        )
    writer = PdfWriter(clone_from=reader)  # copies only what the pages reach
    writer.metadata = None  # the document information: Author, Creator, Producer, Title, dates
    for holder in [writer.root_object, *writer.pages]:
        for key in PDF_METADATA_KEYS:
            holder.pop(NameObject(key), None)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def strip_pdf_metadata(upload) -> CleanPdf:
    """The same pages without the document information dictionary or XMP metadata streams."""
    if isinstance(upload, CleanPdf):
        return upload
    validate_pdf(upload)
    try:
        content = _without_metadata(upload)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on a malformed file
        raise ValidationError(_("This PDF could not be read."), code="bad_pdf") from error
    finally:
        upload.seek(0)
    return CleanPdf(content, name="materi.pdf")


class PdfFieldFile(FieldFile):
    def save(self, name, content, save=True):
        """Whichever path stores a PDF, its author and creator metadata are left out."""
        super().save(name, strip_pdf_metadata(content), save)


class PdfField(models.FileField):
    """A FileField whose PDFs are always stored without their metadata."""

    attr_class = PdfFieldFile
