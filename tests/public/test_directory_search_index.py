"""On PostgreSQL the directory's name search is served by the trigram indexes of migration 0011.

The indexes are on SQL expressions; if the search's expression drifts from the index's, the
search silently falls back to scanning all 83,762 rows. These tests ask the planner.
"""

import pytest
from django.db import connection

from kelurahan.selectors.search import search_tiers

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgresql,  # trigram indexes exist on PostgreSQL only
]


def plan_of(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny test tables: ask for an index
    return queryset.explain()


def test_name_search_uses_the_trigram_index(kebon_kosong):
    assert "kelurahan_name_trgm" in plan_of(next(search_tiers("kosong")))


def test_search_ignoring_spaces_uses_its_trigram_index(kebon_kosong):
    tiers = search_tiers("kebonkosong")
    next(tiers)
    assert "kelurahan_compact_name_trgm" in plan_of(next(tiers))


def test_search_with_one_typo_uses_the_trigram_index(kebon_kosong):
    *_, near = search_tiers("kebon kosng")
    assert "kelurahan_name_trgm" in plan_of(near)
