"""One way into the services from the admin: every state-changing save goes through one seam."""

import datetime

import pytest
from django.contrib import admin

from kelurahan import services
from kelurahan.admin.base import ServiceSaveMixin
from kelurahan.models import (
    Article,
    AwarenessReport,
    Kelurahan,
    KelurahanOfficer,
    LiaisonAssignment,
    LiaisonOfficer,
    Office,
    OutreachSession,
)
from tests.support import factories
from tests.support.adminpages import form_data, url

STATEFUL = (
    Article,
    AwarenessReport,
    Kelurahan,
    KelurahanOfficer,
    LiaisonAssignment,
    LiaisonOfficer,
    Office,
    OutreachSession,
)


@pytest.mark.parametrize("model", STATEFUL, ids=lambda model: model.__name__)
def test_admin_stateful_saves_go_through_the_service_seam(model):
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, ServiceSaveMixin)
    assert type(model_admin).save_model is ServiceSaveMixin.save_model
    assert type(model_admin).save_related is ServiceSaveMixin.save_related


def test_admin_an_ended_assignments_end_date_can_be_corrected(client, staff_user, kebon_kosong):
    liaison = factories.liaison_officer()
    assignment = services.liaison_assign(
        officer=liaison,
        kelurahan=kebon_kosong,
        start_date=datetime.date(2024, 6, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    client.force_login(staff_user)
    change = url(LiaisonAssignment, "change", assignment.pk)
    data = {**form_data(client.get(change)), "end_date": "2025-01-31"}
    assert client.post(change, data).status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date == datetime.date(2025, 1, 31)


def test_admin_superuser_adds_a_designated_kelurahan(client, superuser, kebon_kosong):
    client.force_login(superuser)
    response = client.post(
        url(Kelurahan, "add"),
        {
            "name": "Kebon Baru",
            "slug": "kebon-baru",
            "kode": "31.71.03.1009",
            "kind": Kelurahan.Kind.KELURAHAN,
            "kecamatan": kebon_kosong.kecamatan.pk,
            "postal_code": "10630",
            "is_binaan": "on",
            "binaan_since": "2025-01-15",
            "sk_number": "W10-1",
        },
    )
    assert response.status_code == 302
    added = Kelurahan.objects.get(slug="kebon-baru")
    assert added.is_binaan and added.binaan_since == datetime.date(2025, 1, 15)
    assert response["Location"].endswith("/admin/kelurahan/kelurahan/")


def test_admin_superuser_adds_an_office_covering_a_city(client, superuser):
    city = factories.kota("99.07")
    client.force_login(superuser)
    response = client.post(
        url(Office, "add"),
        {"name": "Kanim Uji Baru", "slug": "kanim-uji-baru", "cities": [city.pk]},
    )
    assert response.status_code == 302
    office = Office.objects.get(slug="kanim-uji-baru")
    assert list(office.cities.all()) == [city]
