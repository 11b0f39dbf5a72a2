"""Uploads: real type and size checked, metadata stripped, random names, report files private."""

import io
import re

import pytest
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.views.static import serve
from PIL import Image

from kelurahan import services
from kelurahan.files.uploads import validate_pdf, validate_photo
from kelurahan.models import LiaisonOfficer
from kelurahan.models.outreach import SessionPhoto, session_photo_path
from kelurahan.models.people import liaison_photo_path
from kelurahan.models.reports import report_photo_path
from tests.support import factories
from tests.support.adminpages import form_data, url
from tests.support.uploadfiles import SENDERS_NAME, pdf, upload

RANDOM = r"[0-9a-f]{32}\.jpg"


def jpeg_with_metadata(size=(64, 48)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "MARKERCAM"  # camera make
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 50.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", size, "darkred").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_upload_names_are_random_never_the_senders(kebon_kosong):
    session = factories.session(kebon_kosong)
    names = [
        report_photo_path(None, SENDERS_NAME),
        session_photo_path(SessionPhoto(session=session), SENDERS_NAME),
        liaison_photo_path(LiaisonOfficer(), SENDERS_NAME),
    ]
    assert re.fullmatch(f"laporan/{RANDOM}", names[0])
    assert re.fullmatch(f"sosialisasi/{session.pk}/{RANDOM}", names[1])
    assert re.fullmatch(f"pimpasa/{RANDOM}", names[2])
    assert not any("Budi" in name or "2024" in name for name in names)
    assert liaison_photo_path(None, SENDERS_NAME) != names[2]


def test_session_photo_is_stored_under_a_random_name_without_metadata(kebon_kosong, settings):
    held = factories.held_session(kebon_kosong)
    photo = services.session_add_photo(session=held, by=None, image=upload(jpeg_with_metadata()))
    assert re.fullmatch(f"sosialisasi/{held.pk}/{RANDOM}", photo.image.name)
    stored = (settings.MEDIA_ROOT / photo.image.name).read_bytes()
    assert b"MARKERCAM" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def liaison_change(client, superuser, **files):
    officer = factories.liaison_officer()
    client.force_login(superuser)
    page = client.get(url(LiaisonOfficer, "change", officer.pk))
    response = client.post(url(LiaisonOfficer, "change", officer.pk), {**form_data(page), **files})
    officer.refresh_from_db()
    return officer, response


def test_liaison_photo_from_the_admin_is_reencoded_under_a_random_name(client, superuser, settings):
    officer, response = liaison_change(client, superuser, photo=upload(jpeg_with_metadata()))
    assert response.status_code == 302
    assert re.fullmatch(f"pimpasa/{RANDOM}", officer.photo.name)
    stored = (settings.MEDIA_ROOT / officer.photo.name).read_bytes()
    assert b"MARKERCAM" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert not list(settings.MEDIA_ROOT.rglob("*Budi*"))


@pytest.mark.parametrize(
    "content",
    [b"<?php echo 'not a photo'; ?>", b"\xff\xd8\xff\xe0" + b"\x00" * 200],  # a script; a stub
)
def test_liaison_photo_that_is_not_a_photo_is_refused(client, superuser, settings, content):
    officer, response = liaison_change(client, superuser, photo=upload(content))
    assert response.status_code == 200
    assert "photo" in response.context["adminform"].form.errors
    assert not officer.photo
    assert not list(settings.MEDIA_ROOT.rglob("*.*"))


def test_liaison_photo_over_the_size_limit_is_refused(client, superuser, settings):
    settings.TIP_PHOTO_MAX_BYTES = 1024
    officer, response = liaison_change(
        client, superuser, photo=upload(jpeg_with_metadata((400, 300)))
    )
    assert response.status_code == 200
    assert "photo" in response.context["adminform"].form.errors
    assert not officer.photo


def test_liaison_photo_model_validator_checks_new_files_only(db):
    with pytest.raises(ValidationError):
        validate_photo(upload(b"GIF89a but not really"))
    validate_photo(upload(jpeg_with_metadata()))
    officer = factories.liaison_officer()
    officer.photo.name = "pimpasa/lost.jpg"  # stored earlier; the file is gone
    officer.full_clean()  # nothing to re-check, no error


def test_validate_pdf_accepts_a_pdf_and_refuses_others():
    validate_pdf(pdf())
    for name, content in [
        ("fake.pdf", b"MZ\x90\x00 an executable named .pdf %%EOF"),
        ("cut.pdf", b"%PDF-1.7\n1 0 obj << >> endobj\n"),  # truncated: no %%EOF
        ("page.pdf", b"<html>%PDF-1.4 %%EOF</html>"),
    ]:
        with pytest.raises(ValidationError) as error:
            validate_pdf(upload(content, name, "application/pdf"))
        assert error.value.code == "bad_type"


def test_validate_pdf_refuses_a_file_over_the_limit():
    big = pdf(b"0" * 5000)
    with pytest.raises(ValidationError) as error:
        validate_pdf(big, max_bytes=4096)
    assert error.value.code == "too_large"
    validate_pdf(big, max_bytes=10_000)


def _routed_to(url, view) -> bool:
    try:
        return resolve(url).func is view
    except Resolver404:
        return False


def test_report_photo_is_never_a_public_file(client, kebon_kosong, settings):
    tip, _code = services.tip_submit(
        observed="Ada penampungan.", kelurahan=kebon_kosong, photo=upload(jpeg_with_metadata())
    )
    name = tip.photo.name
    assert re.fullmatch(f"laporan/{RANDOM}", name)
    assert (settings.PRIVATE_MEDIA_ROOT / name).is_file()
    assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
    assert not settings.PRIVATE_MEDIA_ROOT.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
    with pytest.raises(ValueError):
        tip.photo.url  # noqa: B018 - private files have no URL
    # The development media view is in the URLconf only if it was first loaded with DEBUG on (a
    # whole-suite run loads it while collecting, with the development default). It then refuses
    # a path that climbs out of MEDIA_ROOT (400); without it, no URL matches (404).
    media_url = f"/{settings.MEDIA_URL.strip('/')}/"
    climbing_out = 400 if _routed_to(media_url + name, serve) else 404
    for path, expected in (
        (name, 404),
        (f"../private-media/{name}", climbing_out),
        (f"..%2Fprivate-media/{name}", climbing_out),
    ):
        response = client.get(media_url + path)
        assert response.status_code == expected, path
        # Even where development serves MEDIA_ROOT, the photo is not there to be served.
        with pytest.raises((Http404, SuspiciousFileOperation)):
            serve(RequestFactory().get("/"), path, document_root=settings.MEDIA_ROOT)
