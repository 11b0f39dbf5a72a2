"""Public pages whose cost does not grow with the country."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kelurahan.models import Kelurahan
from kelurahan.selectors import regions
from tests.support import factories
from tests.support.nationaldata import build_nation
from tests.support.publicpages import designate, text


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Whole pages uncached, as in the benchmark's "no cache" phase."""
    settings.PUBLIC_CACHE_SECONDS = 0


def _sql(client, path) -> str:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return "\n".join(query["sql"] for query in queries.captured_queries)


def test_home_totals_are_not_counted_again_for_every_reader(client, kebon_kosong):
    designate(kebon_kosong)
    factories.held_session(kebon_kosong)
    home = reverse("public:home")
    assert "SUM(" in _sql(client, home)  # the first reader: counted

    assert "SUM(" not in _sql(client, home)
    assert "COUNT(" not in _sql(client, home)


def test_home_totals_follow_a_new_held_session(client, kebon_kosong):
    designate(kebon_kosong)
    factories.held_session(kebon_kosong)  # 45 residents
    home = reverse("public:home")
    assert ">45<" in text(client.get(home))

    factories.held_session(kebon_kosong, attendance_men=5, attendance_women=5, attendance_total=10)

    assert ">55<" in text(client.get(home))


def test_home_next_sessions_follow_a_new_session(client, kebon_kosong):
    home = reverse("public:home")
    client.get(home)

    factories.session(kebon_kosong, title="Sosialisasi di Balai Warga RW 07")

    assert "Sosialisasi di Balai Warga RW 07" in text(client.get(home))


def test_national_directory_lists_binaan_places_a_page_at_a_time(client, db, monkeypatch):
    nation = build_nation()
    for key in ("sidomulyo_wates", "sidomulyo_temon", "tidar"):
        designate(nation[key])
    monkeypatch.setattr(regions, "BINAAN_PER_PAGE", 2)
    directory = reverse("public:directory")

    first, second = text(client.get(directory)), text(client.get(directory + "?page=2"))

    binaan = Kelurahan.objects.binaan()
    assert sum(place.get_absolute_url() in first for place in binaan) == 2
    assert sum(place.get_absolute_url() in second for place in binaan) == 1
    assert 'rel="next" href="?page=2"' in first
    # Each province still tells how many binaan it has, all pages together.
    assert first.count("badge-binaan") == second.count("badge-binaan")


def test_kelurahan_page_lists_sessions_without_an_include_per_session(client, kebon_kosong):
    designate(kebon_kosong)
    upcoming = factories.session(kebon_kosong)
    held = factories.held_session(kebon_kosong)

    response = client.get(reverse("public:kelurahan", args=[kebon_kosong.slug]))

    used = {template.name for template in response.templates}
    assert not used & {
        "public/_session_item.html",
        "public/_when.html",
        "public/_attendance.html",
    }
    page = text(response)
    assert upcoming.get_absolute_url() in page and held.get_absolute_url() in page
    assert "45 warga hadir" in page or "45 residents attended" in page
    assert "WIB" in page
