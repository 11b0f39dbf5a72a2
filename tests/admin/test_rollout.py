"""The rollout: target quarters, progress against them, the chart, the next steps."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kelurahan import services
from kelurahan.models import Kelurahan
from kelurahan.selectors import rollout
from tests.support import factories
from tests.support.adminpages import form_data

KEBON_KOSONG = "31.71.03.1002"
KEMAYORAN = "31.71.03.1001"
GAMBIR = "31.71.01.1001"
CIDENG = "31.71.01.1002"  # Kecamatan Gambir


@pytest.fixture
def jakarta_pusat(db):
    call_command("load_wilayah", stdout=io.StringIO())


def place(kode) -> Kelurahan:
    return Kelurahan.objects.get(kode=kode)


def set_target(kode, day: datetime.date) -> None:
    Kelurahan.objects.filter(kode=kode).update(designation_target=day)


def index(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response


def changelist_pks(client, url) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200
    return sorted(obj.pk for obj in response.context["cl"].result_list)


def this_quarter() -> datetime.date:
    return rollout.quarter_start(timezone.localdate())


def test_rollout_counts_per_kecamatan_and_total_each_linking_to_its_rows(
    client, staff_user, jakarta_pusat
):
    services.kelurahan_designate(kelurahan=place(KEBON_KOSONG), since=datetime.date(2024, 6, 13))
    set_target(KEMAYORAN, this_quarter())  # planned, on time
    set_target(GAMBIR, datetime.date(2024, 1, 1))  # planned, late
    response = index(client, staff_user)
    progress = response.context["rollout"]
    rows = {row.name: row for row in progress.rows}
    kemayoran, gambir = rows["Kemayoran"], rows["Gambir"]
    assert (kemayoran.designated, kemayoran.planned, kemayoran.late) == (1, 1, 0)
    assert kemayoran.unplanned == kemayoran.total - 2
    assert (gambir.designated, gambir.planned, gambir.late) == (0, 1, 1)
    total = progress.total
    assert (total.designated, total.planned, total.late, total.unplanned) == (1, 2, 1, 41)
    assert len(progress.rows) == 8
    for row in [*progress.rows, total]:
        for state in rollout.STATES:
            assert len(changelist_pks(client, row.links[state])) == getattr(row, state)
    assert changelist_pks(client, gambir.links["late"]) == [place(GAMBIR).pk]
    html = response.content.decode()
    late_row = re.search(
        rf'<tr class="rollout-row rollout-late" data-kecamatan="{gambir.kecamatan_id}"', html
    )
    assert late_row, "the late target is highlighted"
    assert f'data-kecamatan="{kemayoran.kecamatan_id}"' in html
    on_time = f'class="rollout-row rollout-late" data-kecamatan="{kemayoran.kecamatan_id}"'
    assert on_time not in html


def test_rollout_chart_counts_designations_by_the_end_of_each_quarter(
    client, staff_user, jakarta_pusat
):
    today = timezone.localdate()
    services.kelurahan_designate(kelurahan=place(KEBON_KOSONG), since=today.replace(day=1))
    earlier = rollout.quarter_start(today) - datetime.timedelta(days=100)
    services.kelurahan_designate(kelurahan=place(GAMBIR), since=earlier)
    response = index(client, staff_user)
    chart = response.context["rollout_chart"]
    assert chart.bars[-1].value == 2  # cumulative: both are binaan by now
    assert chart.bars[0].value == 1
    quarter = rollout.quarter_of(today)
    assert chart.bars[-1].label == f"TW{quarter.number} {quarter.year}"
    html = response.content.decode()
    assert '<title id="chart-designations-title">' in html
    assert "<script" not in html.split('id="rollout-title"')[1].split("</section>")[0]


def test_staff_set_a_target_quarter_in_the_kelurahan_admin(client, staff_user, kebon_kosong):
    client.force_login(staff_user)
    url = reverse("admin:kelurahan_kelurahan_change", args=[kebon_kosong.pk])
    data = form_data(client.get(url))
    data["designation_target"] = "2026-07-01"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    kebon_kosong.refresh_from_db()
    assert kebon_kosong.designation_target == datetime.date(2026, 7, 1)
    page = client.get(reverse("admin:kelurahan_kelurahan_changelist")).content.decode()
    assert "Triwulan 3 Tahun 2026" in page


def test_staff_of_another_office_cannot_set_a_target(client, other_office_staff, kebon_kosong):
    client.force_login(other_office_staff)
    url = reverse("admin:kelurahan_kelurahan_change", args=[kebon_kosong.pk])
    response = client.post(url, {"designation_target": "2026-07-01"})
    assert response.status_code == 302
    assert response.url == reverse("admin:index")  # the kelurahan is outside the office's scope
    kebon_kosong.refresh_from_db()
    assert kebon_kosong.designation_target is None


def steps_on_change_page(client, kelurahan) -> dict[str, bool]:
    url = reverse("admin:kelurahan_kelurahan_change", args=[kelurahan.pk])
    html = client.get(url).content.decode()
    found = re.findall(r'<li class="next-step( next-step-done)?" data-step="(\w+)">', html)
    return {step: bool(done) for done, step in found}


def test_next_steps_tick_as_the_office_does_them(client, staff_user, kebon_kosong):
    client.force_login(staff_user)
    services.kelurahan_designate(kelurahan=kebon_kosong, since=datetime.date(2024, 6, 13))
    assert steps_on_change_page(client, kebon_kosong) == dict.fromkeys(rollout.STEPS, False)
    response = index(client, staff_user)
    assert response.context["next_steps_count"] == 1
    steps_left = reverse("admin:kelurahan_kelurahan_changelist") + "?rollout=steps_left"
    assert f'href="{steps_left}"' in response.content.decode()
    assert changelist_pks(client, steps_left) == [kebon_kosong.pk]
    links = {step.key: step.url for step in response.context["next_steps_rows"][0].steps}
    assert links["liaison"].endswith(f"?kelurahan={kebon_kosong.pk}")

    services.liaison_assign(
        officer=factories.liaison_officer(), kelurahan=kebon_kosong, start_date=timezone.localdate()
    )
    factories.kelurahan_officer(kebon_kosong)
    factories.session(kebon_kosong)
    poster = client.get(links["poster"])
    assert poster.status_code == 302
    assert poster["Location"] == reverse("public:kelurahan_poster", args=[kebon_kosong.slug])
    assert steps_on_change_page(client, kebon_kosong) == dict.fromkeys(rollout.STEPS, True)
    assert index(client, staff_user).context["next_steps_count"] == 0
    assert changelist_pks(client, steps_left) == []


def test_next_steps_wait_for_the_designation(client, staff_user, kebon_kosong):
    client.force_login(staff_user)
    assert steps_on_change_page(client, kebon_kosong) == {}
    assert index(client, staff_user).context["next_steps_count"] == 0


def test_poster_step_of_another_offices_kelurahan_is_not_found(
    client, other_office_staff, kebon_kosong
):
    client.force_login(other_office_staff)
    url = reverse("admin:kelurahan_kelurahan_poster", args=[kebon_kosong.pk])
    assert client.get(url).status_code == 404


def test_a_changed_target_quarter_is_in_the_audit_trail(client, staff_user, kebon_kosong):
    from auditlog.models import LogEntry

    client.force_login(staff_user)
    url = reverse("admin:kelurahan_kelurahan_change", args=[kebon_kosong.pk])
    data = form_data(client.get(url))
    data["designation_target"] = "2027-01-01"
    assert client.post(url, data).status_code == 302
    entry = LogEntry.objects.get_for_object(kebon_kosong).latest("timestamp")
    assert entry.actor == staff_user
    assert entry.changes_dict["designation_target"] == ["None", "2027-01-01"]
