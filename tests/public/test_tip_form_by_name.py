"""The tip form's place field with national data: a <select> while few places are served, a name
resolved among served places when many are."""

import re

import pytest
from django.urls import reverse

from kelurahan.models import AwarenessReport, Kelurahan
from kelurahan.public import forms as tip_forms
from tests.support import factories
from tests.support.nationaldata import build_nation
from tests.support.publicpages import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def nation(db):
    return build_nation()


@pytest.fixture
def by_name(monkeypatch, tip_line):
    """More served places than a <select> should hold: here, more than 3."""
    monkeypatch.setattr(tip_forms, "SELECT_LIMIT", 3)


def tip_form(client, **params):
    return client.get(reverse("public:tip"), params)


def send_tip(client, **fields):
    page = text(tip_form(client))
    stamp = re.search(r'name="stamp" value="([^"]+)"', page).group(1)
    data = {"observed": "Ada perekrut kerja ke luar negeri.", "stamp": stamp, **fields}
    return client.post(reverse("public:tip"), data)


def select_options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    return re.findall(r'<option value="([^"]*)"', select.group(0)) if select else []


def test_tip_form_keeps_the_select_when_few_places_are_served(client, nation, tip_line):
    page = text(tip_form(client, kelurahan=nation["tidar"].slug))

    served = Kelurahan.objects.filter(office__isnull=False).order_by("kecamatan__kode", "name")
    assert select_options(page, "kelurahan") == ["", *served.values_list("slug", flat=True)]
    assert nation["karang_sidomulyo"].slug not in page  # no office would get the tip
    assert f'<option value="{nation["tidar"].slug}" selected>' in page
    assert 'name="kelurahan_name"' not in page


def test_tip_form_asks_for_a_name_when_many_places_are_served(client, nation, by_name):
    response = tip_form(client)

    page = text(response)
    assert re.search(r'<input type="text" name="kelurahan_name"[^>]*maxlength="200"', page)
    assert 'name="kelurahan"' not in page  # no list until the name needs one
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"


def test_tip_form_link_from_a_kelurahan_page_still_names_the_place(client, nation, by_name):
    linked = nation["sidomulyo_temon"]
    page = text(tip_form(client, kelurahan=linked.slug))

    assert 'name="kelurahan_name"' in page and 'value="Sidomulyo"' in page
    assert select_options(page, "kelurahan") == ["", linked.slug]
    assert f'<option value="{linked.slug}" selected>' in page

    send_tip(client, kelurahan_name="Sidomulyo", kelurahan=linked.slug)

    tip = AwarenessReport.objects.get()
    assert tip.kelurahan == linked and tip.office == linked.office


def test_tip_with_a_unique_name_goes_to_that_place_and_its_office(client, nation, by_name):
    response = send_tip(client, kelurahan_name="  tidar ")

    assert response.status_code == 200 and 'class="receipt-code"' in text(response)
    tip = AwarenessReport.objects.get()
    assert tip.kelurahan == nation["tidar"] and tip.office == factories.main_office()


def test_tip_with_a_shared_name_asks_which_one_and_keeps_what_was_typed(client, nation, by_name):
    response = send_tip(client, kelurahan_name="Sidomulyo", location="Dekat pasar")

    page = text(response)
    assert not AwarenessReport.objects.exists()
    assert "Ada beberapa desa atau kelurahan dengan nama ini." in page
    assert 'value="Sidomulyo"' in page and 'value="Dekat pasar"' in page
    served = [nation[key].slug for key in ("sidomulyo_dayeuhluhur", "sidomulyo_temon")]
    served.append(nation["sidomulyo_wates"].slug)
    assert select_options(page, "kelurahan") == ["", *served]
    assert "Sidomulyo (Kecamatan Temon, Kabupaten Kulon Progo, Daerah Istimewa" in page

    send_tip(client, kelurahan_name="Sidomulyo", kelurahan=nation["sidomulyo_temon"].slug)

    assert AwarenessReport.objects.get().kelurahan == nation["sidomulyo_temon"]


def test_tip_with_name_and_kecamatan_after_a_comma_is_found(client, nation, by_name):
    send_tip(client, kelurahan_name="desa sidomulyo, Wates")

    assert AwarenessReport.objects.get().kelurahan == nation["sidomulyo_wates"]


def test_tip_with_a_partial_name_offers_the_places_it_may_mean(client, nation, by_name):
    page = text(send_tip(client, kelurahan_name="sidomulyo bar"))

    assert "Tidak ada desa atau kelurahan dengan nama persis seperti ini." in page
    assert select_options(page, "kelurahan") == ["", nation["sidomulyo_baru"].slug]
    assert not AwarenessReport.objects.exists()


def test_tip_with_an_unknown_or_unserved_name_says_so(client, nation, by_name):
    for typed in ("Atlantis", "Karang Sidomulyo"):  # the second has no office
        page = text(send_tip(client, kelurahan_name=typed))
        assert "Kami tidak menemukan desa atau kelurahan dengan nama ini" in page
        assert select_options(page, "kelurahan") == []
    assert not AwarenessReport.objects.exists()


def test_tip_without_a_name_goes_to_the_main_office(client, nation, by_name):
    send_tip(client, kelurahan_name="", kelurahan=nation["tidar"].slug)

    tip = AwarenessReport.objects.get()
    assert tip.kelurahan is None and tip.office == factories.main_office()


def test_tip_sent_back_for_another_field_keeps_the_chosen_place(client, nation, by_name):
    chosen = nation["sidomulyo_temon"].slug

    page = text(send_tip(client, kelurahan_name="Sidomulyo", kelurahan=chosen, observed=""))

    assert f'<option value="{chosen}" selected>' in page
    assert "Several desa or kelurahan" not in page


def test_tip_cannot_pick_a_place_the_name_does_not_match(client, nation, by_name):
    page = text(send_tip(client, kelurahan_name="Sidomulyo", kelurahan=nation["tidar"].slug))

    assert "Ada beberapa desa atau kelurahan dengan nama ini." in page
    assert not AwarenessReport.objects.exists()


@pytest.mark.parametrize("typed", ["%", "_", "a" * 500, "\x00", "🙂", ",", "desa"])
def test_tip_odd_names_answer_calmly(client, nation, by_name, typed):
    assert send_tip(client, kelurahan_name=typed).status_code == 200
