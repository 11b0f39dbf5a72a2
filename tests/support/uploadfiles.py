"""Files as a browser uploads them: any bytes under a sender's name, and small real PDFs."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

SENDERS_NAME = "KTP_Budi_Santoso_2024-06-01.jpg"


def upload(content: bytes, name=SENDERS_NAME, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(body: bytes = b"", **metadata) -> SimpleUploadedFile:
    """A one-page PDF (ReportLab), with `body` as text and document metadata if given."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pageCompression=0)  # `body` keeps its size
    for name, value in metadata.items():  # author="...", title="...", creator="..."
        getattr(page, f"set{name.capitalize()}")(value)
    page.drawString(72, 720, "Modul sosialisasi TPPO")
    page.drawString(72, 700, body.decode())
    page.save()
    return upload(buffer.getvalue(), "materi.pdf", "application/pdf")
