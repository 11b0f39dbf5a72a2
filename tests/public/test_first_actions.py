"""What residents come for comes first, checked in the HTML itself.

tests/browser/test_first_screen.py checks the positions at 360 x 640; these check the order and
the addresses on every database, and that the page cache still serves the pages.
"""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.support import factories
from tests.support.publicpages import get, queries_for, text

pytestmark = pytest.mark.django_db


def positions(page: str, *needles: str) -> list[int]:
    found = [page.find(needle) for needle in needles]
    assert -1 not in found, dict(zip(needles, found, strict=True))
    return found


@pytest.mark.parametrize(
    ("prefix", "about"), [("", "Tentang program ini"), ("/en", "About the programme")]
)
def test_home_puts_search_ask_and_report_before_the_programme_blurb(client, prefix, about):
    page = text(get(client, f"{prefix}/"))
    search, field, ask, report, blurb = positions(
        page,
        f'action="{prefix}/kelurahan/" method="get" role="search"',
        'name="q" type="search"',
        f'href="{prefix}/tanya/"',
        f'href="{prefix}/lapor/"',
        about,
    )
    assert search < field < ask < report < blurb
    assert page.count('id="q"') == 1  # one search field, at the top


def test_home_first_actions_are_in_indonesian_first(client):
    page = text(get(client, "/"))
    for label in (
        "Cari kelurahan Anda",
        "Tanya Imigrasi",
        "Lapor perdagangan orang tanpa nama",
    ):
        assert label in page


def test_kelurahan_page_puts_ask_report_and_next_session_first(client, kebon_kosong):
    factories.session(kebon_kosong, days_from_now=30, title="Sosialisasi nanti")
    soon = factories.session(kebon_kosong, days_from_now=3, title="Sosialisasi segera")
    page = text(get(client, "/kelurahan/kebon-kosong/"))
    ask, report, next_session, liaison = positions(
        page,
        'href="/tanya/?kelurahan=kebon-kosong"',
        'href="/lapor/?kelurahan=kebon-kosong"',
        f'class="action-link action-next" href="{soon.get_absolute_url()}"',
        'id="liaison-title"',
    )
    assert ask < report < next_session < liaison
    starts = timezone.localtime(soon.starts_at)
    assert f'Sosialisasi berikutnya: <time datetime="{starts:%Y-%m-%dT%H:%M:%S%z}">' in page


def test_kelurahan_page_without_a_session_says_none_is_planned(client, kebon_kosong):
    factories.session(kebon_kosong, days_from_now=3, published=False)
    page = text(get(client, "/en/kelurahan/kebon-kosong/"))
    assert 'href="/en/tanya/?kelurahan=kebon-kosong"' in page
    assert 'href="#upcoming-title">Next session: none planned yet</a>' in page


def test_home_and_kelurahan_pages_with_first_actions_are_still_cached(client, kebon_kosong):
    cache.clear()
    for path in ("/", "/kelurahan/kebon-kosong/"):
        get(client, path)
        queries, response = queries_for(client, path)
        assert response.status_code == 200
        assert queries == 0, path
        assert "tanya/" in text(response)  # the cached page is the one with the first actions


def test_kelurahan_next_session_skips_sessions_already_over(client, kebon_kosong):
    past = factories.session(kebon_kosong, days_from_now=-3)
    assert past.ends_at < timezone.now() - datetime.timedelta(days=1)
    page = text(get(client, "/kelurahan/kebon-kosong/"))
    assert f'action-next" href="{past.get_absolute_url()}"' not in page
    assert "Sosialisasi berikutnya: belum dijadwalkan" in page
