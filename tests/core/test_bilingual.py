"""Staff-written content in English at /en/ when staff wrote it, in Indonesian otherwise."""

import datetime
import json
import re
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from kelurahan import services
from kelurahan.i18n import localized
from kelurahan.models import Article, OutreachSession, Topic
from tests.support import factories
from tests.support.adminpages import form_data

pytestmark = pytest.mark.django_db

NOTICE = 'class="status language-note"'
STARTER_EN = Path(__file__).resolve().parents[2] / "kelurahan" / "data"


def article(slug="mengenal-tppm", **fields) -> Article:
    defaults = {
        "title": "Mengenal TPPM",
        "summary": "Ringkasan tentang penyelundupan manusia.",
        "body": "Paragraf pertama.\n\nParagraf kedua.",
        "topic": factories.topic("tppm"),
        "is_published": True,
        "published_at": timezone.now(),
    }
    return Article.objects.create(slug=slug, **{**defaults, **fields})


def english(path: str) -> str:
    return "/en" + path


def page(client, path: str) -> str:
    response = client.get(path)
    translation.activate("id")  # a request to /en/ leaves English active for reverse()
    assert response.status_code == 200, path
    return response.content.decode()


def has_tag(html: str, tag: str, text: str, lang: str | None = None) -> bool:
    """Whether html has <tag ...>text with (or, for None, without) a lang attribute."""
    for attrs in re.findall(rf"<{tag}(\b[^>]*)>\s*{re.escape(text)}", html):
        if (f'lang="{lang}"' in attrs) if lang else ("lang=" not in attrs):
            return True
    return False


def test_localized_prefers_english_on_english_pages_only(db):
    item = article(title_en="Understanding TPPM")
    with translation.override("en"):
        title, body = localized(item, "title"), localized(item, "body")
        assert (title, title.lang, title.is_fallback, title.lang_attr) == (
            "Understanding TPPM",
            "en",
            False,
            "",
        )
        assert (body.lang, body.is_fallback, body.lang_attr) == ("id", True, ' lang="id"')
    with translation.override("id"):
        assert localized(item, "title") == "Mengenal TPPM"
        assert not localized(item, "title").is_fallback
        assert item.i18n.title.lang_attr == ""


def test_localized_treats_blank_english_as_missing(db):
    item = article(title_en="   ")
    with translation.override("en"):
        assert item.i18n.title == "Mengenal TPPM"
        assert item.i18n.title.is_fallback


def test_article_in_english_at_en_and_in_indonesian_at_root(client):
    item = article(
        title_en="Understanding people smuggling",
        summary_en="A summary about people smuggling.",
        body_en="First paragraph.\n\nSecond paragraph.",
    )
    path = item.get_absolute_url()

    indonesian = page(client, path)
    assert "<h1>Mengenal TPPM</h1>" in indonesian
    assert "Paragraf kedua." in indonesian
    assert "Understanding people smuggling" not in indonesian

    english_page = page(client, english(path))
    assert "<h1>Understanding people smuggling</h1>" in english_page
    assert "<title>Understanding people smuggling" in english_page
    assert "A summary about people smuggling." in english_page
    assert "<p>Second paragraph.</p>" in english_page
    assert "Mengenal TPPM" not in english_page
    assert NOTICE not in english_page


def test_article_without_english_falls_back_marked_as_indonesian(client):
    item = article()
    html = page(client, english(item.get_absolute_url()))
    assert has_tag(html, "h1", "Mengenal TPPM", lang="id")
    assert has_tag(html, "p", "Ringkasan tentang penyelundupan manusia.", lang="id")
    assert re.search(r'<div class="article-body" lang="id">\s*<p>Paragraf pertama.</p>', html)
    assert NOTICE in html
    assert "This text is available in Indonesian only." in html
    # The Indonesian page marks nothing: the whole page is Indonesian.
    indonesian = page(client, item.get_absolute_url())
    assert NOTICE not in indonesian
    body = indonesian.split("<body", 1)[1]
    assert not re.search(r'\slang="id"', body)


def test_article_list_and_home_show_english_titles_where_written(client):
    article("mengenal-tppm", title_en="Understanding TPPM", summary_en="English summary.")
    article("tanpa-terjemahan", title="Judul tanpa terjemahan")
    for path in (reverse("public:articles"), reverse("public:home")):
        html = page(client, english(path))
        assert has_tag(html, "a", "Understanding TPPM")
        assert has_tag(html, "p", "English summary.")
        assert has_tag(html, "a", "Judul tanpa terjemahan", lang="id")
        root = page(client, path)
        assert "Understanding TPPM" not in root
        assert has_tag(root, "a", "Mengenal TPPM")


def test_topic_names_in_english_at_en(client):
    topic = Topic.objects.create(slug="uji", name="Topik uji", name_en="Test topic", order=99)
    item = article(topic=topic)
    article("lainnya", title="Artikel lain", topic=topic)  # "More about <topic>" lists it
    listing = page(client, english(reverse("public:articles")))
    assert has_tag(listing, "h2", "Test topic")
    detail = page(client, english(item.get_absolute_url()))
    assert has_tag(detail, "span", "Test topic")
    assert "More about Test topic" in detail
    assert "Topik uji" in page(client, reverse("public:articles"))
    untranslated = Topic.objects.create(slug="uji-2", name="Topik kedua", order=100)
    article("kedua", topic=untranslated)
    assert has_tag(page(client, english(reverse("public:articles"))), "h2", "Topik kedua", "id")


def test_session_title_and_description_in_english(client, kebon_kosong):
    session = factories.session(
        kebon_kosong,
        title="Sosialisasi TPPO RW 05",
        description="Untuk warga RW 05.",
        title_en="Anti-trafficking session for RW 05",
        description_en="For the residents of RW 05.",
    )
    path = session.get_absolute_url()
    html = page(client, english(path))
    assert "<h1>Anti-trafficking session for RW 05</h1>" in html
    assert "<p>For the residents of RW 05.</p>" in html
    assert "Sosialisasi TPPO RW 05" not in html
    assert NOTICE not in html
    root = page(client, path)
    assert "<h1>Sosialisasi TPPO RW 05</h1>" in root
    assert "For the residents of RW 05." not in root
    for listing in (kebon_kosong.get_absolute_url(), reverse("public:home")):
        assert has_tag(page(client, english(listing)), "a", "Anti-trafficking session for RW 05")
        assert has_tag(page(client, listing), "a", "Sosialisasi TPPO RW 05")


def test_session_without_english_falls_back_marked_as_indonesian(client, kebon_kosong):
    session = factories.session(kebon_kosong, title="Sosialisasi TPPO RW 07")
    html = page(client, english(session.get_absolute_url()))
    assert has_tag(html, "h1", "Sosialisasi TPPO RW 07", lang="id")
    assert re.search(r'<div lang="id">\s*<p>Sosialisasi bagi warga.</p>', html)
    assert NOTICE in html
    listing = page(client, english(kebon_kosong.get_absolute_url()))
    assert has_tag(listing, "a", "Sosialisasi TPPO RW 07", lang="id")


def test_held_session_summary_in_english_on_session_and_kelurahan_pages(client, kebon_kosong):
    session = factories.held_session(kebon_kosong)
    services.session_record_result(
        session=session, by=None, summary_en="Residents asked about jobs abroad."
    )
    html = page(client, english(session.get_absolute_url()))
    assert "<p>Residents asked about jobs abroad.</p>" in html
    assert "Warga antusias" not in html
    kelurahan_page = page(client, english(kebon_kosong.get_absolute_url()))
    assert "Residents asked about jobs abroad." in kelurahan_page
    assert "Warga antusias" in page(client, kebon_kosong.get_absolute_url())


def test_session_services_keep_english_fields(kebon_kosong):
    session = factories.session(kebon_kosong, title_en="Session", description_en="About it.")
    services.session_update(session=session, by=None, title_en="Renamed session")
    session.refresh_from_db()
    assert (session.title_en, session.description_en) == ("Renamed session", "About it.")


def test_session_feed_and_calendar_in_english_at_en(client, kebon_kosong):
    session = factories.session(kebon_kosong, title_en="Anti-trafficking session")
    feed, calendar = (
        reverse("public:sessions_rss"),
        reverse("public:session_calendar", args=[session.pk]),
    )
    assert "Anti-trafficking session · Kebon Kosong" in page(client, english(feed))
    assert "SUMMARY:Anti-trafficking session" in page(client, english(calendar))
    assert "SUMMARY:Sosialisasi pencegahan TPPO" in page(client, calendar)


def test_officer_can_give_english_title_and_description(client, kebon_kosong, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)
    form = page(client, reverse("officer:session_create"))
    assert re.search(r'<details class="english-fields[^"]*">', form)
    assert 'name="title_en"' in form and 'name="description_en"' in form
    starts = timezone.localtime() + datetime.timedelta(days=10)
    data = {
        "kind": OutreachSession.Kind.SOSIALISASI,
        "title": "Sosialisasi TPPO",
        "title_en": "Anti-trafficking session",
        "description_en": "For residents.",
        "topics": [factories.topic().pk],
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Aula",
    }
    response = client.post(reverse("officer:session_create"), data)
    assert response.status_code == 302
    session = OutreachSession.objects.get()
    assert (session.title_en, session.description_en) == (
        "Anti-trafficking session",
        "For residents.",
    )


def test_officer_form_opens_english_section_on_its_errors(
    client, kebon_kosong, officer_kebon_kosong
):
    client.force_login(officer_kebon_kosong.user)
    response = client.post(reverse("officer:session_create"), {"title_en": "x" * 201})
    assert re.search(r'<details class="english-fields[^"]*" open>', response.content.decode())


@pytest.mark.parametrize(
    ("model", "english_fields"),
    [
        ("article", ("title_en", "summary_en", "body_en")),
        ("outreachsession", ("title_en", "description_en", "summary_en")),
        ("topic", ("name_en",)),
    ],
)
def test_admin_change_form_has_collapsed_english_fieldset(
    client, superuser, kebon_kosong, model, english_fields
):
    objects = {
        "article": lambda: article(),
        "outreachsession": lambda: factories.held_session(kebon_kosong),
        "topic": lambda: factories.topic(),
    }
    obj = objects[model]()
    client.force_login(superuser)
    html = page(client, reverse(f"admin:kelurahan_{model}_change", args=[obj.pk]))
    fieldset = re.search(r'<fieldset class="[^"]*collapse[^"]*".*?</fieldset>', html, re.S)
    assert fieldset, "no collapsed fieldset"
    assert "<details" in fieldset.group(0)
    for name in english_fields:
        assert f'name="{name}"' in fieldset.group(0)


def test_admin_saves_english_session_fields_through_services(client, staff_user, kebon_kosong):
    session = factories.session(kebon_kosong)
    client.force_login(staff_user)
    change = reverse("admin:kelurahan_outreachsession_change", args=[session.pk])
    data = {**form_data(client.get(change)), "title_en": "Session in English"}
    assert client.post(change, data).status_code == 302
    session.refresh_from_db()
    assert session.title_en == "Session in English"


def test_starter_articles_and_topics_have_english(client):
    data = json.loads((STARTER_EN / "starter_content.json").read_text(encoding="utf-8"))
    slugs = [item["slug"] for item in data["articles"]]
    starters = Article.objects.filter(slug__in=slugs)
    assert starters.count() == len(slugs) == 6
    for item in starters:
        assert item.title_en and item.summary_en and item.body_en, item.slug
        assert item.body_en.count("\n\n") == item.body.count("\n\n"), item.slug
        html = page(client, english(item.get_absolute_url()))
        assert NOTICE not in html
        assert f"<h1>{item.title_en}</h1>" in html
    topics = Topic.objects.filter(slug__in=[t["slug"] for t in data["topics"]])
    assert all(topic.name_en for topic in topics)


def test_starter_english_never_overwrites_staff_text(db):
    migration = import_module("kelurahan.migrations.0007_english_starter_content")
    first = Article.objects.get(slug="apa-itu-tppo-dan-tppm")
    Article.objects.filter(pk=first.pk).update(title_en="Staff title", summary_en="")
    migration.load(apps, None)
    first.refresh_from_db()
    assert first.title_en == "Staff title"
    assert first.summary_en.startswith("Human trafficking and people smuggling")
