"""The directory finds what people type: one ranked search for the
one-city directory (Jakarta Pusat, 44 kelurahan, grouped by kecamatan) and the national one."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from kelurahan.selectors.search import one_typo_patterns, terms
from tests.support.nationaldata import build_nation, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def jakarta_pusat(db):
    call_command("load_wilayah", stdout=io.StringIO())


def one_city(client, query) -> list[str]:
    response = client.get(reverse("public:directory"), {"q": query})
    assert response.status_code == 200 and response.context["national"] is False
    return [k.name for group in response.context["groups"] for k in group["kelurahan"]]


@pytest.mark.parametrize(
    "query",
    [
        "kelurahan kebon kosong",
        "Kelurahan Kebon Kosong",
        "kel. kebon kosong",
        "kebonkosong",
        "kebon-kosong",
        "kosong kebon",
        "kebon kosng",  # one letter left out
        "kebon kosomg",  # one letter wrong
        "kebon koosong",  # one letter too many
        "kebon ksoong",  # two letters swapped
    ],
)
def test_one_city_search_finds_kebon_kosong_as_typed(client, jakarta_pusat, query):
    assert one_city(client, query) == ["Kebon Kosong"]


def test_one_city_search_by_kelurahan_prefix_finds_that_kelurahan(client, jakarta_pusat):
    assert one_city(client, "Kel. Gambir") == ["Gambir"]
    assert one_city(client, "kelurahan gambir") == ["Gambir"]
    # Without the prefix, the kecamatan of that name lists its six kelurahan, Gambir first.
    in_kecamatan = one_city(client, "gambir")
    assert in_kecamatan[0] == "Gambir" and len(in_kecamatan) == 6


@pytest.mark.parametrize("digits", ["106", "1063", "10630"])
def test_one_city_search_by_postal_code_or_its_first_digits(client, jakarta_pusat, digits):
    response = client.get(reverse("public:directory"), {"q": digits})

    found = [k for group in response.context["groups"] for k in group["kelurahan"]]
    assert "Kebon Kosong" in [k.name for k in found]
    assert all(k.postal_code.startswith(digits) for k in found)
    assert len(found) == (8 if digits == "106" else 1)


def test_one_city_typo_tier_only_when_nothing_matches_exactly(client, jakarta_pusat):
    # "kebon" is in five names: none of the near misses ("Kebon" ~ "Kelon") are added.
    found = one_city(client, "kebon")
    assert sorted(found) == [
        "Kebon Kacang",
        "Kebon Kelapa",
        "Kebon Kosong",
        "Kebon Melati",
        "Kebon Sirih",
    ]
    assert one_city(client, "Atlantis") == []  # and a far miss stays a miss


# The same search nationally: ranked, paginated, with the places told apart.


def national(client, query) -> list[str]:
    response = client.get(reverse("public:directory"), {"q": query})
    assert response.status_code == 200 and response.context["national"] is True
    return [k.name for k in response.context["page"]]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("desa sidomulyo baru", ["Sidomulyo Baru"]),
        ("Ds. Tidar", ["Tidar"]),
        ("sidomulyo-baru", ["Sidomulyo Baru"]),
        ("baru sidomulyo", ["Sidomulyo Baru"]),
        ("sidomulyobaru", ["Sidomulyo Baru"]),
        ("sidomlyo baru", ["Sidomulyo Baru"]),  # one typo
        ("karang sidomulya", ["Karang Sidomulyo"]),
        ("556", ["Sidomulyo"]),  # the first digits of a postal code
    ],
)
def test_national_search_finds_the_same_way(client, query, found):
    build_nation()
    assert national(client, query) == found


def test_query_words_and_prefixes_are_read_as_people_mean_them():
    assert terms("Kel. Gambir").text == "Gambir"
    assert terms("kelurahan").text == "kelurahan"  # a lone prefix is the query itself
    assert terms("kebon-kosong").words == ("kebon", "kosong")
    assert "%KOS_NG%" in one_typo_patterns("kosng") and "%KOSNG%" not in one_typo_patterns("kosng")


def test_near_matches_holding_a_word_as_typed_come_first(client):
    nation = build_nation()
    wates = nation["kecamatan"]["Wates"]
    place(wates, "34.01.02.2990", "Bara Sidomulya")  # one typo from both words
    place(wates, "34.01.02.2991", "Aaa Sidomulya Baru")  # "baru" as typed

    assert national(client, "sidomulyo baru")[:1] == ["Sidomulyo Baru"]
    assert national(client, "sidomulyi baru") == [
        "Aaa Sidomulya Baru",
        "Sidomulyo Baru",
        "Bara Sidomulya",
    ]
