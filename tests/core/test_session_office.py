"""A session stores its office: kept by the services, guarded by the database.

An office's session lists filter on that stored office instead of joining kelurahan, so a
session whose office drifted from its kelurahan's would show in the wrong office's lists: the
database refuses such a row, and carries a kelurahan's new office to its sessions.
"""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from kelurahan import services
from kelurahan.models import Kelurahan, Kota, OutreachSession
from kelurahan.permissions import scope_to_user
from kelurahan.selectors.inbox import office_inbox
from tests.support import factories
from tests.support.wilayahfiles import national_file, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def aceh(tmp_path):
    run(file=national_file(tmp_path))
    return {kota.kode: kota for kota in Kota.objects.all()}


def _place_in(city: Kota) -> Kelurahan:
    return Kelurahan.objects.filter(kecamatan__kota=city).order_by("kode").first()


def _office_of(session: OutreachSession):
    return OutreachSession.objects.values_list("office", flat=True).get(pk=session.pk)


def test_session_office_is_its_kelurahans_when_proposed(kebon_kosong):
    session = factories.session(kebon_kosong)

    assert _office_of(session) == kebon_kosong.office_id is not None


def test_session_office_follows_its_kelurahan_through_office_set_cities(aceh):
    first, second = factories.office(), factories.office()
    services.office_set_cities(office=first, cities=[aceh["11.01"]])
    session = factories.session(_place_in(aceh["11.01"]))
    assert _office_of(session) == first.pk

    services.office_set_cities(office=first, cities=[])
    assert _office_of(session) is None

    services.office_set_cities(office=second, cities=[aceh["11.01"]])
    assert _office_of(session) == second.pk


def test_session_office_follows_a_kelurahan_moved_by_any_code(kebon_kosong):
    session = factories.session(kebon_kosong)
    other = factories.office()

    Kelurahan.objects.filter(pk=kebon_kosong.pk).update(office=other)  # no service, no signal

    assert _office_of(session) == other.pk


def test_database_refuses_a_session_whose_office_is_not_its_kelurahans(kebon_kosong):
    other = factories.office()
    row = {"title": "Sosialisasi", "venue": "Aula", "kelurahan": kebon_kosong}
    row |= {"starts_at": "2026-01-05T09:00+07:00", "ends_at": "2026-01-05T11:00+07:00"}

    for office in (other, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            OutreachSession.objects.create(office=office, **row)

    session = factories.session(kebon_kosong)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutreachSession.objects.filter(pk=session.pk).update(office=other)
    assert _office_of(session) == kebon_kosong.office_id


def test_session_scoping_filters_on_the_stored_office_not_through_kelurahan(staff_user):
    sql = str(scope_to_user(OutreachSession.objects.all(), staff_user).query)

    assert "kelurahan_kelurahan" not in sql
    assert '"office_id" =' in sql.replace("`", '"')


def _proposed(user) -> int:
    return next(s.count for s in office_inbox(user).sections if s.key == "proposed")


def test_staff_lose_a_session_when_its_kelurahan_moves_to_another_office(client, aceh):
    first, second = factories.office(), factories.office()
    services.office_set_cities(office=first, cities=[aceh["11.01"]])
    place = _place_in(aceh["11.01"])
    officer = factories.kelurahan_officer(place)
    session = factories.session(place, published=False, by=officer.user)
    first_staff, second_staff = factories.staff(first), factories.staff(second)
    url = reverse("admin:kelurahan_outreachsession_change", args=[session.pk])
    client.force_login(first_staff)
    assert client.get(url).status_code == 200
    assert _proposed(first_staff) == 1

    services.office_set_cities(office=first, cities=[])
    services.office_set_cities(office=second, cities=[aceh["11.01"]])

    assert client.get(url).status_code == 302  # the admin's answer for a missing object
    changelist = client.get(reverse("admin:kelurahan_outreachsession_changelist"))
    assert changelist.context["cl"].result_count == 0
    assert _proposed(first_staff) == 0
    client.force_login(second_staff)
    assert client.get(url).status_code == 200
    assert _proposed(second_staff) == 1
