"""Offices cover whole cities (services.office_set_cities), and a desa no office covers."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kelurahan import services
from kelurahan.models import AwarenessReport, Kelurahan, Kota, Office
from tests.support import factories
from tests.support.wilayahfiles import national_file, replaced, run

pytestmark = pytest.mark.django_db


# Offices and the cities they cover


@pytest.fixture
def aceh(tmp_path):
    run(file=national_file(tmp_path))
    return {kota.kode: kota for kota in Kota.objects.all()}


def test_office_set_cities_serves_their_kelurahan_and_releases_the_rest(aceh):
    office = factories.office()
    services.office_set_cities(office=office, cities=[aceh["11.01"], aceh["11.02"]])
    assert Kelurahan.objects.filter(office=office).count() == 6

    services.office_set_cities(office=office, cities=[aceh["11.02"]])

    assert set(office.cities.all()) == {aceh["11.02"]}
    assert set(Kelurahan.objects.filter(office=office).values_list("kode", flat=True)) == {
        "11.02.01.2001",
        "11.02.01.2002",
    }
    assert not Kelurahan.objects.filter(kecamatan__kota=aceh["11.01"], office__isnull=False)


def test_office_set_cities_refuses_a_city_of_another_office(aceh):
    first, second = factories.office(), factories.office()
    services.office_set_cities(office=first, cities=[aceh["11.01"]])

    with pytest.raises(ValidationError, match="sudah dilayani oleh"):
        services.office_set_cities(office=second, cities=[aceh["11.01"], aceh["11.02"]])

    assert not second.cities.exists()
    assert not Kelurahan.objects.filter(office=second).exists()


def test_office_set_cities_refuses_to_strand_a_current_assignment(aceh):
    office = factories.office()
    services.office_set_cities(office=office, cities=[aceh["11.01"]])
    desa = Kelurahan.objects.get(kode="11.01.01.2001")
    services.liaison_assign(
        officer=factories.liaison_officer(office), kelurahan=desa, start_date=datetime.date.today()
    )

    with pytest.raises(ValidationError, match="Keude Bakongan"):
        services.office_set_cities(office=office, cities=[])

    assert Kelurahan.objects.get(pk=desa.pk).office == office


def test_office_admin_saves_cities_through_the_service(client, superuser, aceh):
    office = factories.office(name="Kantor Imigrasi Tapaktuan", slug="kanim-tapaktuan")
    client.force_login(superuser)
    url = reverse("admin:kelurahan_office_change", args=[office.pk])
    form = {"name": office.name, "slug": office.slug, "cities": [aceh["11.01"].pk]}

    response = client.post(url, form)

    assert response.status_code == 302
    assert set(office.cities.all()) == {aceh["11.01"]}
    assert Kelurahan.objects.filter(office=office).count() == 4


def test_office_admin_shows_why_a_city_of_another_office_is_refused(client, superuser, aceh):
    first = factories.office()
    services.office_set_cities(office=first, cities=[aceh["11.01"]])
    second = factories.office()
    client.force_login(superuser)
    url = reverse("admin:kelurahan_office_change", args=[second.pk])

    response = client.post(
        url, {"name": second.name, "slug": second.slug, "cities": [aceh["11.01"].pk]}
    )

    assert response.status_code == 200
    assert first.name in str(response.context["adminform"].form.errors["cities"])
    assert not second.cities.exists()


def test_kelurahan_admin_keeps_the_office_to_the_coverage(client, superuser, kebon_kosong):
    client.force_login(superuser)

    response = client.get(reverse("admin:kelurahan_kelurahan_change", args=[kebon_kosong.pk]))

    assert "office" not in response.context["adminform"].form.fields


def test_kelurahan_added_in_the_admin_gets_the_office_covering_its_city(
    client, superuser, kebon_kosong
):
    office = factories.main_office()
    services.office_set_cities(office=office, cities=[kebon_kosong.kecamatan.kota])
    client.force_login(superuser)
    form = {
        "name": "Utan Panjang",
        "slug": "utan-panjang",
        "kode": "31.71.03.1003",
        "kind": "kelurahan",
        "kecamatan": kebon_kosong.kecamatan.pk,
        "postal_code": "10650",
    }

    response = client.post(reverse("admin:kelurahan_kelurahan_add"), form)

    assert response.status_code == 302
    assert Kelurahan.objects.get(kode="31.71.03.1003").office == office


# A desa no office covers


@pytest.fixture
def uncovered(db):
    kecamatan = factories.kecamatan(kode="11.01.01", name="Bakongan", slug="bakongan")
    return factories.kelurahan(
        kecamatan=kecamatan,
        office=None,
        kode="11.01.01.2001",
        name="Keude Bakongan",
        slug="keude-bakongan",
        kind=Kelurahan.Kind.DESA,
    )


def test_public_page_of_a_desa_without_office_shows_no_office_contact(client, uncovered):
    office = factories.main_office()
    office.phone = "021-6541209"
    office.save()

    response = client.get(uncovered.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Keude Bakongan" in page
    assert 'class="office"' not in page
    assert "tel:021-6541209" not in page


def test_poster_of_a_desa_without_office_is_printed(client, uncovered):
    response = client.get(reverse("public:kelurahan_poster", args=[uncovered.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_report_for_a_desa_without_office_is_refused_clearly(uncovered):
    officer = factories.kelurahan_officer(uncovered)

    with pytest.raises(
        ValidationError, match="Belum ada kantor imigrasi yang melayani Keude Bakongan"
    ):
        services.report_create_draft(
            kelurahan=uncovered, filed_by=officer.user, category="tppo", observed="Calo."
        )

    assert not AwarenessReport.objects.exists()


def test_liaison_officer_cannot_be_assigned_to_a_desa_without_office(uncovered):
    with translation.override("en"), pytest.raises(ValidationError, match="their own office"):
        services.liaison_assign(
            officer=factories.liaison_officer(),
            kelurahan=uncovered,
            start_date=datetime.date.today(),
        )


def test_tip_about_a_desa_without_office_reaches_the_default_office(uncovered):
    tip, _code = services.tip_submit(observed="Penampungan calon PMI.", kelurahan=uncovered)

    assert tip.office == Office.objects.get(slug=settings.TIP_DEFAULT_OFFICE)


def test_a_rename_by_import_shows_on_the_cached_public_page(client, tmp_path):
    """The import writes in bulk (no signals), so it refreshes the public page cache itself."""
    run(file=national_file(tmp_path))
    path = Kelurahan.objects.get(kode="31.71.03.1002").get_absolute_url()
    assert "Kebon Kosong" in client.get(path).content.decode()  # now cached

    run(file=national_file(tmp_path, replaced("31.71.03.1002", "Kebon Kosong Baru", "4", "10630")))

    assert "Kebon Kosong Baru" in client.get(path).content.decode()
