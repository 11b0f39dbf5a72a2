"""No stored file keeps what its sender's device wrote into it.

A JPEG carrying GPS, EXIF (camera, serial number, artist), XMP, an ICC profile and a comment is
sent through every path that stores a photo; every stored file and every smaller copy is then
read back with Pillow and searched byte by byte. Private files are 0600 in folders 0700;
session PDFs lose their author, creator and title; no log names a client's address or browser.
"""

import io
import logging
import re
import stat
import tarfile
from pathlib import Path

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from binaan.ops.backup.media import restore_media
from binaan.ops.localserver import gunicorn_command
from kelurahan import services
from kelurahan.files.thumbnails import avatar_url, variant_name
from kelurahan.models import (
    AwarenessReport,
    LiaisonOfficer,
    OutreachSession,
    SessionMaterial,
    SessionPhoto,
)
from tests.support import factories
from tests.support.adminpages import form_data, url
from tests.support.photofiles import jpeg_with_everything, metadata_left_in
from tests.support.uploadfiles import pdf

SENT = "IMG_20240614_rumah_pak_budi.jpg"


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile(SENT, jpeg_with_everything((1200, 900)), "image/jpeg")


def stored_files(settings) -> dict:
    """Every file under both media roots, by path relative to its root."""
    roots = (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
    return {
        str(path.relative_to(root)): path.read_bytes()
        for root in roots
        if root.exists()
        for path in root.rglob("*")
        if path.is_file()
    }


def assert_no_metadata_anywhere(settings, *, at_least: int) -> dict:
    files = stored_files(settings)
    assert len(files) >= at_least, sorted(files)
    left = {name: metadata_left_in(data) for name, data in files.items()}
    assert {name: found for name, found in left.items() if found} == {}
    return files


def post_session_photos(client, user, session, **rows):
    """The session's admin change form with its photo rows changed as given."""
    client.force_login(user)
    change_url = url(OutreachSession, "change", session.pk)
    data = {**form_data(client.get(change_url)), **rows}
    return client.post(change_url, data)


def test_admin_new_session_photo_keeps_no_metadata(client, staff_user, kebon_kosong, settings):
    session = factories.held_session(kebon_kosong)
    response = post_session_photos(
        client, staff_user, session, **{"photos-TOTAL_FORMS": 1, "photos-0-image": photo()}
    )
    assert response.status_code == 302
    files = assert_no_metadata_anywhere(settings, at_least=3)  # the photo, 480 and 960 px
    assert not any("Budi" in name for name in files)


def test_admin_replaced_session_photo_keeps_no_metadata(
    client, staff_user, kebon_kosong, settings, django_capture_on_commit_callbacks
):
    session = factories.held_session(kebon_kosong)
    first = services.session_add_photo(
        session=session, by=None, image=SimpleUploadedFile("a.jpg", jpeg_with_everything())
    )
    old_names = {first.image.name, variant_name(first.image.name, "480w")}
    with django_capture_on_commit_callbacks(execute=True):
        response = post_session_photos(
            client, staff_user, session, **{"photos-0-image": photo(), "photos-0-caption": "Baru"}
        )
    assert response.status_code == 302
    replaced = SessionPhoto.objects.get(pk=first.pk)
    assert replaced.caption == "Baru" and replaced.image.name != first.image.name
    files = assert_no_metadata_anywhere(settings, at_least=3)
    assert not old_names & set(files)  # the old file and its copies are gone
    assert variant_name(replaced.image.name, "960w") in files


def test_admin_refuses_a_replacing_file_that_is_no_photo(client, staff_user, kebon_kosong):
    session = factories.held_session(kebon_kosong)
    first = services.session_add_photo(
        session=session, by=None, image=SimpleUploadedFile("a.jpg", jpeg_with_everything())
    )
    fake = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0 not really", "image/jpeg")
    response = post_session_photos(client, staff_user, session, **{"photos-0-image": fake})
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["image"]
    assert SessionPhoto.objects.get(pk=first.pk).image.name == first.image.name


def test_officer_session_photo_keeps_no_metadata(
    client, kebon_kosong, officer_kebon_kosong, settings
):
    session = factories.session(kebon_kosong, days_from_now=-1)
    client.force_login(officer_kebon_kosong.user)
    response = client.post(
        reverse("officer:session_held", args=[session.pk]),
        {"summary": "Warga bertanya.", "photo_1": photo(), "caption_1": "Suasana"},
    )
    assert response.status_code == 302
    assert session.photos.count() == 1
    assert_no_metadata_anywhere(settings, at_least=3)


def test_tip_form_photo_keeps_no_metadata(client, kebon_kosong, settings):
    settings.TIP_MIN_FILL_SECONDS = 0
    form = client.get("/lapor/").content.decode()
    stamp = re.search(r'name="stamp" value="([^"]+)"', form).group(1)
    data = {"observed": "Ada penampungan calon PMI.", "kelurahan": "kebon-kosong"}
    response = client.post("/lapor/", {**data, "stamp": stamp, "photo": photo()})
    assert response.status_code == 200 and "receipt-code" in response.content.decode()
    assert AwarenessReport.objects.get().photo
    assert_no_metadata_anywhere(settings, at_least=1)


def test_liaison_portrait_and_its_small_copy_keep_no_metadata(client, superuser, settings):
    officer = factories.liaison_officer()
    client.force_login(superuser)
    page = client.get(url(LiaisonOfficer, "change", officer.pk))
    response = client.post(
        url(LiaisonOfficer, "change", officer.pk), {**form_data(page), "photo": photo()}
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert avatar_url(officer.photo)
    files = assert_no_metadata_anywhere(settings, at_least=2)  # the portrait, its 144 px square
    assert variant_name(officer.photo.name, "144sq") in files


def test_report_photo_saved_directly_on_the_model_is_reencoded(kebon_kosong, settings):
    """The field itself re-encodes: a path that forgets to call the service still stores pixels."""
    tip, _code = services.tip_submit(observed="Ada perekrut.", kelurahan=kebon_kosong)
    tip.photo.save(SENT, ContentFile(jpeg_with_everything()), save=True)
    factories.liaison_officer().photo.save(SENT, ContentFile(jpeg_with_everything()))
    assert_no_metadata_anywhere(settings, at_least=2)


def test_private_photos_are_0600_in_folders_0700(kebon_kosong, settings):
    settings.PRIVATE_MEDIA_ROOT.mkdir(mode=0o755)  # made by hand, too open
    tip, _code = services.tip_submit(
        observed="Ada penampungan.", kelurahan=kebon_kosong, photo=photo()
    )
    path = settings.PRIVATE_MEDIA_ROOT / tip.photo.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    folders = [path.parent, settings.PRIVATE_MEDIA_ROOT]
    assert [oct(stat.S_IMODE(folder.stat().st_mode)) for folder in folders] == ["0o700"] * 2


def test_session_pdf_is_stored_without_its_metadata(client, staff_user, kebon_kosong, settings):
    session = factories.held_session(kebon_kosong)
    sent = pdf(author="MARKERAUTHOR", creator="MARKERCREATOR", title="MARKERTITLE")
    assert b"MARKERAUTHOR" in sent.read()
    sent.seek(0)
    response = post_session_photos(
        client,
        staff_user,
        session,
        **{"materials-TOTAL_FORMS": 1, "materials-0-title": "Modul", "materials-0-file": sent},
    )
    assert response.status_code == 302
    stored = (settings.MEDIA_ROOT / SessionMaterial.objects.get().file.name).read_bytes()
    reader = PdfReader(io.BytesIO(stored))
    assert not reader.metadata
    assert reader.xmp_metadata is None
    assert "Modul sosialisasi TPPO" in reader.pages[0].extract_text()
    assert b"MARKER" not in stored and b"ReportLab" not in stored


def test_failed_login_log_does_not_name_the_browser(client, caplog, officer_kebon_kosong):
    caplog.set_level(logging.INFO)
    client.post(
        "/petugas/masuk/",
        {"username": "petugas.kebonkosong", "password": "salah-sekali-12345"},
        HTTP_USER_AGENT="MARKERBROWSER/1.0 (Android 14; SM-A546E)",
    )
    assert "login failure by" in caplog.text  # axes did log the failure
    assert "MARKERBROWSER" not in caplog.text and "SM-A546E" not in caplog.text


def test_gunicorn_logs_no_client_addresses_in_the_guide_and_our_tools():
    guide = (Path(django_settings.BASE_DIR) / "docs" / "deployment.md").read_text()
    unit = guide[guide.index("ExecStart=") : guide.index("ExecReload=")]
    assert "--log-level error" in unit and "--access-logfile" not in unit
    ours = gunicorn_command(port=9100, workers=1)  # load_test and benchmark
    assert "--log-level=error" in ours
    assert not any(part.startswith(("--access-logfile", "--log-level=warn")) for part in ours)


def test_clean_stored_photos_reencodes_files_stored_before_the_fix(kebon_kosong, settings):
    session = factories.held_session(kebon_kosong)
    leaked = SessionPhoto.objects.create(session=session, image="sosialisasi/1/lama.jpg")
    (settings.MEDIA_ROOT / "sosialisasi/1").mkdir(parents=True)
    (settings.MEDIA_ROOT / leaked.image.name).write_bytes(jpeg_with_everything((1200, 900)))
    services.session_add_photo(session=session, by=None, image=photo())  # already clean
    output = io.StringIO()
    call_command("clean_stored_photos", stdout=output)
    assert "Checked 2 stored photo(s); re-encoded 1." in output.getvalue()
    files = assert_no_metadata_anywhere(settings, at_least=6)
    assert {leaked.image.name, variant_name(leaked.image.name, "480w")} <= set(files)


def test_restored_private_photos_are_0600_in_folders_0700(settings, tmp_path):
    """A backup made before the modes were set holds 0644 files: the restore closes them."""
    archive = tmp_path / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name in ("private-media/laporan/a.jpg", "media/sosialisasi/1/b.jpg"):
            member = tarfile.TarInfo(name)
            member.size, member.mode = 3, 0o644
            tar.addfile(member, io.BytesIO(b"jpg"))
    assert restore_media(archive) == 2
    tip_photo = settings.PRIVATE_MEDIA_ROOT / "laporan" / "a.jpg"
    modes = [tip_photo, tip_photo.parent, settings.PRIVATE_MEDIA_ROOT]
    assert [oct(stat.S_IMODE(path.stat().st_mode)) for path in modes] == ["0o600"] + ["0o700"] * 2
    public = settings.MEDIA_ROOT / "sosialisasi" / "1" / "b.jpg"
    assert stat.S_IMODE(public.stat().st_mode) == 0o644  # the web server reads these
