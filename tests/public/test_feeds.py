"""Feeds, sitemap.xml and robots.txt: machine-readable, published sessions only."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse

from kelurahan import services
from kelurahan.models import Article, FaqEntry
from tests.support import factories

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def sessions(kebon_kosong):
    older = factories.session(kebon_kosong, title="Sosialisasi lama")
    newer = factories.session(kebon_kosong, title="Sosialisasi baru")
    hidden = factories.session(kebon_kosong, title="Belum diumumkan", published=False)
    cancelled = factories.session(kebon_kosong, title="Sosialisasi batal")
    services.session_cancel(session=cancelled, by=None, reason="Hujan deras")
    return {"older": older, "newer": newer, "hidden": hidden, "cancelled": cancelled}


def parse(response) -> ET.Element:
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 (our own output)


def test_rss_feed_lists_published_sessions_newest_first(client, sessions):
    response = client.get(reverse("public:sessions_rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles[0].startswith("Sosialisasi batal")
    assert titles[1].startswith("Sosialisasi baru") and titles[2].startswith("Sosialisasi lama")
    assert not any(title.startswith("Belum diumumkan") for title in titles)
    links = [item.findtext("link") for item in channel.findall("item")]
    assert links[1] == "http://testserver" + sessions["newer"].get_absolute_url()


def test_rss_feed_marks_cancelled_sessions(client, sessions):
    channel = parse(client.get(reverse("public:sessions_rss"))).find("channel")
    first = channel.findall("item")[0]
    assert first.findtext("title") == "Sosialisasi batal · Kebon Kosong (Dibatalkan)"
    assert "Aula Kantor Kelurahan" in first.findtext("description")


def test_atom_feed_lists_published_sessions_only(client, sessions):
    response = client.get(reverse("public:sessions_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = parse(response).findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert len(titles) == 3
    assert not any("Belum diumumkan" in title for title in titles)
    hrefs = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert "http://testserver" + sessions["older"].get_absolute_url() in hrefs


def test_feeds_work_without_sessions(client, db):
    assert parse(client.get(reverse("public:sessions_rss"))).find("channel").findall("item") == []
    assert parse(client.get(reverse("public:sessions_atom"))).findall(f"{ATOM}entry") == []


def test_every_public_page_announces_the_feeds(client, sessions):
    for url in (reverse("public:home"), sessions["newer"].get_absolute_url()):
        page = client.get(url).content.decode()
        rss = reverse("public:sessions_rss")
        atom = reverse("public:sessions_atom")
        assert 'rel="alternate" type="application/rss+xml"' in page
        assert f'href="{rss}"' in page and f'href="{atom}"' in page


def sitemap_locations(client) -> list[str]:
    """The pages of every section the sitemap index at /sitemap.xml names."""
    index = client.get("/sitemap.xml")
    assert index["Content-Type"].startswith("application/xml")
    locations = []
    for section in parse(index).iter(f"{SITEMAP}loc"):
        response = client.get(section.text.removeprefix("http://testserver"))
        assert response["Content-Type"].startswith("application/xml")
        locations += [loc.text for loc in parse(response).iter(f"{SITEMAP}loc")]
    return locations


def test_sitemap_lists_public_pages_kelurahan_and_published_sessions(client, sessions, gambir):
    locations = sitemap_locations(client)
    base = "http://testserver"
    for path in ("/", "/kelurahan/", "/edukasi/", "/data/", "/kelurahan/gambir/"):
        assert base + path in locations
    assert base + "/en/kelurahan/kebon-kosong/" in locations
    assert base + sessions["newer"].get_absolute_url() in locations
    assert base + sessions["hidden"].get_absolute_url() not in locations


def test_sitemap_lists_published_articles_only(client, db):
    topic = factories.topic()
    Article.objects.filter(slug__in=["rahasia", "terbit"]).delete()
    fields = {"summary": "Ringkas", "body": "Isi", "topic": topic}
    Article.objects.create(slug="terbit", title="Terbit", is_published=True, **fields)
    Article.objects.create(slug="rahasia", title="Draf", is_published=False, **fields)
    locations = sitemap_locations(client)
    assert "http://testserver/edukasi/terbit/" in locations
    assert "http://testserver/edukasi/rahasia/" not in locations


def test_sitemap_lists_the_optional_pages_that_exist(client, db):
    from kelurahan.public.sitemaps import optional_page_names

    locations = sitemap_locations(client)
    for name in optional_page_names():
        assert "http://testserver" + reverse(name) in locations


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_pages(client, settings):
    settings.ADMIN_URL = "ruang-staf-rahasia/"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for path in ("/petugas/", "/lapor/status/", "/en/petugas/"):
        assert f"Disallow: {path}" in lines
    assert "User-agent: *" in lines
    assert "ruang-staf-rahasia" not in response.content.decode()  # never publish the admin path


def test_feed_descriptions_escape_what_officers_typed(client, kebon_kosong):
    factories.session(kebon_kosong, description="Bawa KTP <script>alert(1)</script>")
    item = parse(client.get(reverse("public:sessions_rss"))).find("channel").find("item")
    description = item.findtext("description")
    assert "<script>" not in description
    assert "&lt;script&gt;" in description


def count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_sitemap_and_feeds_query_count_does_not_grow_with_data(client, sessions):
    urls = ["/sitemap.xml", reverse("public:sessions_rss"), reverse("public:sessions_atom")]
    before = [count_queries(client, url) for url in urls]
    for _ in range(3):
        place = factories.kelurahan()
        factories.session(place)
        factories.held_session(place)
    assert [count_queries(client, url) for url in urls] == before


def read_feed(client, url):
    """The feed as feedparser reads it: no XML, encoding or content-type problem (bozo 0)."""
    response = client.get(url)
    parsed = feedparser.parse(
        response.content, response_headers={"content-type": response["Content-Type"]}
    )
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def test_rss_and_atom_read_cleanly_in_feedparser(client, sessions):
    rss = read_feed(client, reverse("public:sessions_rss"))
    atom = read_feed(client, reverse("public:sessions_atom"))

    assert rss.version == "rss20" and atom.version == "atom10"
    for parsed in (rss, atom):
        titles = [entry.title for entry in parsed.entries]
        assert len(titles) == 3
        assert titles[0] == "Sosialisasi batal · Kebon Kosong (Dibatalkan)"
        assert {entry.link for entry in parsed.entries} >= {
            "http://testserver" + sessions["newer"].get_absolute_url()
        }


def test_atom_feed_names_its_author(client, sessions):
    url = reverse("public:sessions_atom")
    root = parse(client.get(url))
    atom = read_feed(client, url)
    english = read_feed(client, "/en" + url)

    # RFC 4287: a feed whose entries have no author must have one itself.
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Portal Desa/Kelurahan Binaan"
    assert atom.feed.author_detail.name == "Portal Desa/Kelurahan Binaan"
    assert english.feed.author_detail.name == "Desa/Kelurahan Binaan Portal"


def test_sitemap_lists_published_answers_only(client, db):
    published = FaqEntry.objects.published().first()  # the starter answers
    hidden = FaqEntry.objects.exclude(pk=published.pk).first()
    hidden.is_published = False
    hidden.save()
    locations = sitemap_locations(client)
    assert "http://testserver" + published.get_absolute_url() in locations
    assert "http://testserver/en" + published.get_absolute_url() in locations
    assert "http://testserver" + hidden.get_absolute_url() not in locations
