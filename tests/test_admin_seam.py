"""One way into the services from the admin: every state-changing save goes through one seam."""

import datetime

import pytest
from django.contrib import admin

from kelurahan import services
from kelurahan.admin.base import ServiceSaveMixin
from kelurahan.models import (
    AwarenessReport,
    Kelurahan,
    KelurahanOfficer,
    LiaisonAssignment,
    Office,
    OutreachSession,
)
from tests import factories
from tests.adminpages import form_data, url

STATEFUL = (
    AwarenessReport,
    Kelurahan,
    KelurahanOfficer,
    LiaisonAssignment,
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
