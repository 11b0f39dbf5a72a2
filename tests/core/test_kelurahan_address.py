"""Posters keep working: slug and kode never change in the admin; a rename keeps a 301."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kelurahan import services
from kelurahan.models import Kelurahan
from tests.support.adminpages import form_data, url
from tests.support.wilayahfiles import national_file, replaced, run, slug


def rename_url(kelurahan):
    return reverse("admin:kelurahan_kelurahan_rename", args=[kelurahan.pk])


@pytest.mark.parametrize("role", ["staff_user", "superuser"])
def test_kelurahan_slug_and_kode_are_read_only_once_created(client, request, role, kebon_kosong):
    client.force_login(request.getfixturevalue(role))
    page = client.get(url(Kelurahan, "change", kebon_kosong.pk))
    data = {**form_data(page), "slug": "dicuri", "kode": "31.71.03.9999"}
    assert client.post(url(Kelurahan, "change", kebon_kosong.pk), data).status_code == 302
    kebon_kosong.refresh_from_db()
    assert (kebon_kosong.slug, kebon_kosong.kode) == ("kebon-kosong", "31.71.03.1002")


def test_kelurahan_rename_keeps_the_old_address_as_a_permanent_redirect(
    client, superuser, kebon_kosong
):
    client.force_login(superuser)
    response = client.post(rename_url(kebon_kosong), {"slug": "kebon-kosong-kemayoran"})
    assert response.status_code == 302
    client.logout()
    old = client.get("/kelurahan/kebon-kosong/")
    assert old.status_code == 301
    assert old["Location"] == "/kelurahan/kebon-kosong-kemayoran/"
    assert "Kebon Kosong" in client.get(old["Location"]).content.decode()
    feed = client.get("/kelurahan/kebon-kosong/jadwal.ics")
    assert (feed.status_code, feed["Location"]) == (
        301,
        "/kelurahan/kebon-kosong-kemayoran/jadwal.ics",
    )
    assert client.get("/en/kelurahan/kebon-kosong/")["Location"] == (
        "/en/kelurahan/kebon-kosong-kemayoran/"
    )
    assert client.get("/kelurahan/tidak-pernah-ada/").status_code == 404


def test_kelurahan_rename_is_for_superusers_only(client, staff_user, kebon_kosong):
    client.force_login(staff_user)
    assert client.get(rename_url(kebon_kosong)).status_code == 403
    assert client.post(rename_url(kebon_kosong), {"slug": "baru"}).status_code == 403
    kebon_kosong.refresh_from_db()
    assert kebon_kosong.slug == "kebon-kosong"


def test_kelurahan_former_address_is_never_given_to_another(superuser, kebon_kosong, gambir):
    services.kelurahan_change_slug(kelurahan=kebon_kosong, slug="kebon-kosong-baru", by=superuser)
    with pytest.raises(ValidationError):
        services.kelurahan_change_slug(kelurahan=gambir, slug="kebon-kosong", by=superuser)
    with pytest.raises(ValidationError):
        services.kelurahan_create(
            kecamatan=gambir.kecamatan, kode="31.71.01.1999", name="X", slug="kebon-kosong"
        )
    # Going back to its own former address is allowed, and the new one then redirects.
    services.kelurahan_change_slug(kelurahan=kebon_kosong, slug="kebon-kosong", by=superuser)
    kebon_kosong.refresh_from_db()
    assert kebon_kosong.slug == "kebon-kosong"
    assert list(kebon_kosong.slug_redirects.values_list("old_slug", flat=True)) == [
        "kebon-kosong-baru"
    ]


def test_kelurahan_region_import_never_reuses_a_former_address(client, tmp_path, db):
    run(file=national_file(tmp_path))
    kebon_kosong = Kelurahan.objects.get(kode="31.71.03.1002")
    services.kelurahan_change_slug(kelurahan=kebon_kosong, slug="kebon-kosong-kemayoran")
    # The file renames it and adds a new desa whose own slug would be the former address.
    rows = [
        *replaced("31.71.03.1002", "Kebon Kosong Baru", "4", "10630"),
        ["11.01.01.2003", "Kebon Kosong", "4", "23773"],
    ]
    run(file=national_file(tmp_path, rows, name="baru.csv"))
    assert slug("11.01.01.2003") != "kebon-kosong"
    assert client.get("/kelurahan/kebon-kosong/")["Location"] == (
        "/kelurahan/kebon-kosong-kemayoran/"
    )


def test_kelurahan_admin_add_refuses_a_former_address(client, superuser, kebon_kosong):
    services.kelurahan_change_slug(kelurahan=kebon_kosong, slug="kebon-kosong-baru")
    client.force_login(superuser)
    response = client.post(
        url(Kelurahan, "add"),
        {
            "name": "Kebon Kosong",
            "slug": "kebon-kosong",
            "kode": "31.71.03.1099",
            "kind": Kelurahan.Kind.KELURAHAN,
            "kecamatan": kebon_kosong.kecamatan.pk,
        },
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert not Kelurahan.objects.filter(kode="31.71.03.1099").exists()
