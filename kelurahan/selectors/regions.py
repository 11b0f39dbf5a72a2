"""Reads for browsing and searching the regions: provinsi, kota, kecamatan, desa/kelurahan.

One office's city (today's data) is shown as one page grouped by kecamatan; national data
is browsed province by province and searched by name with ranked, paginated results.
Every function runs a fixed number of queries, whatever the amount of data.
"""

from collections import Counter
from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from kelurahan.models import Kecamatan, Kelurahan, Kota, Provinsi
from kelurahan.selectors import public
from kelurahan.selectors.search import (
    NAME_PREFIXES,
    SEARCH_MAX_LENGTH,
    SHORT_QUERY,
    clean_query,
    compact,
    compact_expression,
    every_word,
    search_tiers,
)

RESULTS_PER_PAGE = 50
BINAAN_PER_PAGE = 100  # the national directory's list of binaan places
REGION_MATCHES = 10
FALLBACK_MATCHES = 1000  # at most this many places found by ignoring spaces or a typo
# The tip form's place field: how many candidates it lists.
MATCHES_SHOWN = 100
WITH_PLACE = "kecamatan__kota__provinsi"


def _cities_up_to_two() -> list[Kota]:
    return list(Kota.objects.select_related("provinsi").order_by("kode")[:2])


def _ranked(queryset: QuerySet, query: str, *, field: str = "name") -> QuerySet:
    """Names equal to the query first, then names starting with it, then the others."""
    rank = Case(
        When(**{f"{field}__iexact": query}, then=Value(0)),
        When(**{f"{field}__istartswith": query}, then=Value(1)),
        When(**{f"{field}__icontains": query}, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return queryset.annotate(rank=rank).order_by("rank", field, "kode")


def kelurahan_matching(query: str) -> QuerySet:
    """The desa/kelurahan the directory search lists for the query (kelurahan/selectors/search)."""
    return next(search_tiers(query))


def _matches_paginator(query: str) -> Paginator:
    """The paginated ids of the first search tier that finds anything (typo-tolerant last).

    The fallback tiers read every name (SQLite) or many index entries (PostgreSQL) and find
    few places: their ids are read once, in one query, instead of counted and then paged.
    """
    for number, tier in enumerate(search_tiers(query)):
        ids = tier.values_list("pk", flat=True)
        paginator = Paginator(
            ids if number == 0 else list(ids[:FALLBACK_MATCHES]), RESULTS_PER_PAGE
        )
        if paginator.count:
            break
    return paginator


def _with_places(page) -> None:
    """The page's desa/kelurahan with their kecamatan, city and province, in the page's order.

    The ranking sorts ids only; joining the places of every match before sorting them would
    cost more than this second, small query.
    """
    ids = list(page.object_list)
    found = Kelurahan.objects.select_related(WITH_PLACE).in_bulk(ids)
    page.object_list = [found[pk] for pk in ids if pk in found]


def _region_matches(query: str) -> dict:
    """Kabupaten/kota and kecamatan named like the query: a way into the browsing pages."""
    cities = _ranked(Kota.objects.filter(every_word(query)).select_related("provinsi"), query)
    districts = _ranked(
        Kecamatan.objects.filter(every_word(query)).select_related("kota__provinsi"), query
    )
    return {
        "cities": list(cities[:REGION_MATCHES]),
        "districts": list(districts[:REGION_MATCHES]),
    }


def search_page(query: str, page_number) -> dict:
    """One page of ranked results; page 1 also names the matching kota and kecamatan."""
    paginator = _matches_paginator(query)
    page = paginator.get_page(page_number)
    _with_places(page)
    first_page = page.number == 1
    regions = _region_matches(query) if first_page else {"cities": [], "districts": []}
    return {"page": page, "count": paginator.count, **regions}


def binaan_kelurahan() -> list[Kelurahan]:
    """Every binaan desa/kelurahan with its place: a few hundred at most, nationally."""
    return list(
        Kelurahan.objects.binaan()
        .select_related(WITH_PLACE)
        .order_by("kecamatan__kota__provinsi__name", "kecamatan__kota__name", "name")
    )


def national_directory(page_number=None) -> dict:
    """One page of the binaan desa/kelurahan, and the provinces with their number of binaan.

    Nationally there are thousands of binaan places: a page lists BINAAN_PER_PAGE of them and
    the provinces' numbers are counted by the database, so the page does not grow with them.
    """
    binaan = (
        Kelurahan.objects.binaan()
        .select_related(WITH_PLACE)
        .order_by("kecamatan__kota__provinsi__name", "kecamatan__kota__name", "name", "pk")
    )
    page = Paginator(binaan, BINAAN_PER_PAGE).get_page(page_number)
    per_province = dict(
        Kelurahan.objects.binaan()
        .order_by()
        .values_list("kecamatan__kota__provinsi_id")
        .annotate(binaan_count=Count("pk"))
    )
    provinces = list(Provinsi.objects.order_by("name"))
    for province in provinces:
        province.binaan_count = per_province.get(province.pk, 0)
    return {"binaan": page.object_list, "binaan_page": page, "provinces": provinces}


def provinsi_page(slug: str) -> dict:
    """A province's kabupaten and kota, each with its number of binaan desa/kelurahan."""
    provinsi = get_object_or_404(Provinsi, slug=slug)
    binaan = Kelurahan.objects.binaan().filter(kecamatan__kota__provinsi=provinsi)
    per_city = Counter(binaan.values_list("kecamatan__kota_id", flat=True))
    cities = list(provinsi.kota.order_by("name"))
    for city in cities:
        city.binaan_count = per_city[city.pk]
    return {"provinsi": provinsi, "cities": cities}


def _grouped_by_kecamatan(kelurahan: QuerySet) -> list[dict]:
    found = kelurahan.select_related("kecamatan").order_by("kecamatan__name", "kecamatan", "name")
    return [
        {"kecamatan": kecamatan, "kelurahan": list(members)}
        for kecamatan, members in groupby(found, key=lambda place: place.kecamatan)
    ]


def kota_page(slug: str) -> dict:
    """A kabupaten/kota and its desa/kelurahan, grouped by kecamatan."""
    kota = get_object_or_404(Kota.objects.select_related("provinsi"), slug=slug)
    groups = _grouped_by_kecamatan(Kelurahan.objects.filter(kecamatan__kota=kota))
    count = sum(len(group["kelurahan"]) for group in groups)
    return {"provinsi": kota.provinsi, "kota": kota, "groups": groups, "count": count}


def kecamatan_page(slug: str) -> dict:
    """A kecamatan and its desa/kelurahan."""
    kecamatan = get_object_or_404(Kecamatan.objects.select_related("kota__provinsi"), slug=slug)
    kelurahan = list(kecamatan.kelurahan.order_by("name"))
    return {
        "provinsi": kecamatan.kota.provinsi,
        "kota": kecamatan.kota,
        "kecamatan": kecamatan,
        "kelurahan": kelurahan,
    }


def directory_page(raw_query: str | None, page_number=None) -> dict:
    """/kelurahan/: one city as one page (as before), or the national directory or search.

    `query` is shown back as typed (without NUL, at most SEARCH_MAX_LENGTH characters);
    the search itself uses its cleaned form.
    """
    # NUL can be typed in a URL (%00) but not sent to PostgreSQL, which refuses it (a 500).
    shown = (raw_query or "").replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]
    query = clean_query(shown)
    cities = _cities_up_to_two()
    if len(cities) <= 1:  # one office's city: every kelurahan on one page, by kecamatan
        city = cities[0] if cities else None
        binaan = [] if query else binaan_kelurahan()
        only_kelurahan = not Kelurahan.objects.filter(kind=Kelurahan.Kind.DESA).exists()
        context = {"national": False, "city": city, "binaan": binaan, "query": shown}
        listing = public.directory(query)
        return {**listing, **context, "searched": query, "only_kelurahan": only_kelurahan}
    context = {"national": True, "query": shown, "searched": query}
    if query:
        return {**context, **search_page(query, page_number)}
    return {**context, **national_directory(page_number)}


# The tip form's place, typed by name when there are too many for a <select>.


def served_kelurahan() -> QuerySet:
    """The desa/kelurahan an immigration office serves: a tip about them reaches that office."""
    return Kelurahan.objects.served()


def _name_and_place(typed: str) -> tuple[str, str]:
    """ "Desa Sidomulyo, Wates" -> ("Sidomulyo", "Wates"): the name, and where to look for it."""
    name, _comma, place = (typed or "").partition(",")
    name = clean_query(name)
    words = name.split(" ", 1)
    if len(words) == 2 and words[0].lower().rstrip(".") in NAME_PREFIXES:
        name = words[1]
    return name, clean_query(place)


def _candidate_sets(name: str, place: str):
    """Served places named so: exactly first, then holding every word, then ignoring spaces."""
    found = served_kelurahan().select_related(WITH_PLACE)
    if place:
        found = found.filter(
            Q(kecamatan__name__icontains=place) | Q(kecamatan__kota__name__icontains=place)
        )
    yield found.filter(name__iexact=name).order_by("kode"), True
    yield found.filter(every_word(name)).order_by("name", "kode"), False
    if len(compact(name)) >= SHORT_QUERY:
        spaced = found.annotate(compact_name=compact_expression("name"))
        yield spaced.filter(compact_name__contains=compact(name)).order_by("name", "kode"), False


def _first_candidates(name: str, place: str):
    """The first set of candidates that is not empty, with whether it is exact and its list."""
    for candidates, exact in _candidate_sets(name, place):
        if listed := list(candidates[:MATCHES_SHOWN]):
            return candidates, exact, listed
    return None


def resolve_kelurahan(typed: str, chosen: str = "") -> tuple[Kelurahan | None, list, str]:
    """The served desa/kelurahan a resident named, or the candidates to choose from and why.

    `chosen` is the slug picked in the list of candidates shown with the previous answer.
    """
    name, place = _name_and_place(typed)
    if not name:
        return None, [], ""
    found = _first_candidates(name, place)
    if found is None:
        return None, [], "none"
    candidates, exact, listed = found
    picked = next((k for k in listed if k.slug == chosen), None)
    if chosen and picked is None:
        picked = candidates.filter(slug=chosen).first()
    if picked or (exact and len(listed) == 1):
        return picked or listed[0], [], ""
    return None, listed, "several" if exact else "similar"
