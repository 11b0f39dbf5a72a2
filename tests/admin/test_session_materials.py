"""Session materials: staff attach PDF handouts in the admin; residents download them."""

import re

import pytest
from django.urls import reverse

from kelurahan.models import OutreachSession, SessionMaterial
from tests.support import factories
from tests.support.adminpages import form_data, url
from tests.support.uploadfiles import pdf, upload

MATERIAL_NAME = r"materi/\d+/[0-9a-f]{32}\.pdf"


def add_material(client, user, session, file, title="Modul sosialisasi TPPO"):
    """Post the session's admin change form with one new material in the inline."""
    client.force_login(user)
    change_url = url(OutreachSession, "change", session.pk)
    data = form_data(client.get(change_url))
    data.update(
        {"materials-TOTAL_FORMS": "1", "materials-0-title": title, "materials-0-file": file}
    )
    return client.post(change_url, data)


@pytest.fixture
def held(kebon_kosong):
    return factories.held_session(kebon_kosong)


def test_staff_attach_a_pdf_and_residents_download_it(client, staff_user, held, settings):
    response = add_material(client, staff_user, held, pdf())
    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.errors
    material = SessionMaterial.objects.get(session=held)
    assert re.fullmatch(MATERIAL_NAME, material.file.name)
    assert (settings.MEDIA_ROOT / material.file.name).read_bytes().startswith(b"%PDF-")

    client.logout()
    page = client.get(held.get_absolute_url()).content.decode()
    assert "Materi sosialisasi" in page
    assert f'href="{material.file.url}"' in page
    assert "Modul sosialisasi TPPO" in page


@pytest.mark.parametrize(
    "file",
    [
        upload(b"MZ\x90\x00 an executable named .pdf %%EOF", "modul.pdf", "application/pdf"),
        upload(b"<html><script>alert(1)</script></html>", "modul.pdf", "application/pdf"),
    ],
    ids=["executable", "html"],
)
def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_stored(
    client, staff_user, held, settings, file
):
    response = add_material(client, staff_user, held, file)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][1].formset.errors
    assert "Berkas ini bukan dokumen PDF." in str(errors)
    assert not SessionMaterial.objects.exists()
    assert not list(settings.MEDIA_ROOT.rglob("*.pdf"))


def test_a_pdf_over_ten_megabytes_is_refused(client, staff_user, held):
    response = add_material(client, staff_user, held, pdf(b"0" * (10 * 1024 * 1024)))
    assert response.status_code == 200
    assert "terlalu besar" in str(response.context["inline_admin_formsets"][1].formset.errors)
    assert not SessionMaterial.objects.exists()


def test_staff_of_another_office_cannot_attach_material(
    client, staff_user, other_office_staff, held, settings
):
    change_url = url(OutreachSession, "change", held.pk)
    client.force_login(staff_user)  # the form as the session's own office sees it
    data = form_data(client.get(change_url))
    data.update(
        {"materials-TOTAL_FORMS": "1", "materials-0-title": "Modul", "materials-0-file": pdf()}
    )
    client.force_login(other_office_staff)
    response = client.post(change_url, data)
    # Outside the office's scope the session does not exist: back to the admin index.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert not SessionMaterial.objects.exists()
    assert not list(settings.MEDIA_ROOT.rglob("*.pdf"))
