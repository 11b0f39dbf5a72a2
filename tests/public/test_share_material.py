"""Material officers pass on: share texts, WhatsApp links, printable pages."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.utils import timezone

from kelurahan.models import Article, FaqEntry
from kelurahan.sharing import share_material
from tests.support import factories
from tests.support.publicpages import article, copy_box, get, shared_message, text

pytestmark = pytest.mark.django_db

STARTER_SLUGS = (
    "apa-itu-tppo-dan-tppm",
    "tanda-tanda-perdagangan-orang-dan-perekrutan-ilegal",
    "cara-menjadi-pmi-prosedural",
    "cara-membuat-paspor",
    "ke-mana-meminta-bantuan-dan-melapor",
    "melaporkan-orang-asing-yang-menginap-apoa",
)


def test_share_material_whatsapp_link_carries_title_text_and_link_encoded():
    material = share_material(
        title="Cara membuat paspor", text="Tanpa calo &  gratis?", url="https://x.id/edukasi/p/"
    )
    assert (
        material.message == "Cara membuat paspor\n\nTanpa calo & gratis?\n\nhttps://x.id/edukasi/p/"
    )
    assert material.whatsapp_url == "https://wa.me/?text=" + quote(material.message, safe="")
    assert " " not in material.whatsapp_url and "\n" not in material.whatsapp_url
    assert "%26" in material.whatsapp_url  # "&" cannot end the text parameter early


def test_article_page_shares_its_share_text_with_a_link_back(client):
    article("paspor", title="Paspor tanpa calo", share_text="Urus paspor sendiri, tanpa calo.")
    page = text(get(client, "/edukasi/paspor/"))
    expected = (
        "Paspor tanpa calo\n\nUrus paspor sendiri, tanpa calo.\n\nhttp://testserver/edukasi/paspor/"
    )
    assert shared_message(page) == expected
    assert copy_box(page) == expected
    assert "Bagikan lewat WhatsApp" in page
    assert 'href="/edukasi/paspor/cetak/"' in page
    assert "<script" not in page


def test_article_share_text_defaults_to_the_summary(client):
    article("apoa-baru", summary="Pemilik kos wajib lapor tamu asing.", share_text="")
    assert "Pemilik kos wajib lapor tamu asing." in shared_message(
        text(get(client, "/edukasi/apoa-baru/"))
    )


def test_article_share_text_in_english_falls_back_to_the_english_summary(client):
    article(
        "tppo-en",
        title_en="What is TPPO?",
        summary_en="Trafficking explained.",
        share_text="Teks Indonesia.",
        share_text_en="",
    )
    message = shared_message(text(get(client, "/en/edukasi/tppo-en/")))
    assert (
        message
        == "What is TPPO?\n\nTrafficking explained.\n\nhttp://testserver/en/edukasi/tppo-en/"
    )
    edited = Article.objects.get(slug="tppo-en")
    edited.share_text_en = "Share this, neighbours."
    edited.save()  # as in the admin: the cached page is replaced
    page = text(get(client, "/en/edukasi/tppo-en/"))
    assert "Share this, neighbours." in shared_message(page)


def test_article_printable_page_holds_the_whole_article_on_one_sheet(client):
    article(
        "cetak",
        title="Kenali calo",
        body="Paragraf satu.\n\nParagraf dua.",
        share_text="Pesan singkat.",
    )
    response = get(client, "/edukasi/cetak/cetak/")
    page = text(response)
    assert response.status_code == 200
    for shown in ("Kenali calo", "Paragraf satu.", "Paragraf dua.", "Pesan singkat."):
        assert shown in page
    assert "http://testserver/edukasi/cetak/" in page  # where to read it online
    assert '<meta name="robots" content="noindex">' in page
    assert 'class="public print-sheet"' in page  # the A4 print rules of site.css


def test_article_printable_page_of_a_draft_is_not_found(client):
    article("draf-cetak", published=False)
    assert get(client, "/edukasi/draf-cetak/cetak/").status_code == 404
    assert get(client, "/en/edukasi/draf-cetak/cetak/").status_code == 404


def test_starter_articles_have_share_texts_in_both_languages():
    starters = Article.objects.filter(slug__in=STARTER_SLUGS)
    assert starters.count() == len(STARTER_SLUGS)
    for starter in starters:
        assert 40 < len(starter.share_text) <= 400, starter.slug
        assert 40 < len(starter.share_text_en) <= 400, starter.slug
        assert starter.share_text != starter.summary


def test_admin_article_form_edits_the_share_texts(client):
    client.force_login(factories.superuser())
    topic = factories.topic("tppo")
    page = text(client.get("/admin/kelurahan/article/add/"))
    assert 'name="share_text"' in page and 'name="share_text_en"' in page
    response = client.post(
        "/admin/kelurahan/article/add/",
        {
            "title": "Judul",
            "slug": "judul",
            "topic": topic.pk,
            "summary": "Ringkasan.",
            "share_text": "Teks untuk WhatsApp.",
            "body": "Isi.",
            "share_text_en": "Text for WhatsApp.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Article.objects.get(slug="judul")
    assert (saved.share_text, saved.share_text_en) == ("Teks untuk WhatsApp.", "Text for WhatsApp.")


# The officer dashboard: material to pass on this week


def _age(slug: str, days: int) -> None:
    when = timezone.now() - datetime.timedelta(days=days)
    Article.objects.filter(slug=slug).update(published_at=when, updated_at=when)


def _dashboard(client) -> str:
    officer = factories.kelurahan_officer()
    client.force_login(officer.user)
    return text(get(client, "/petugas/"))


def test_officer_dashboard_lists_this_weeks_material_with_share_and_print_links(client):
    Article.objects.all().delete()
    article("baru", title="Artikel minggu ini", share_text="Sebarkan ini.")
    article("lama", title="Artikel bulan lalu")
    _age("lama", 30)
    page = _dashboard(client)
    assert page.count('id="material-title"') == 1  # one block, in the page's content
    assert re.search(r"<title>Dasbor · [^<]*</title>", page)
    assert "Materi untuk diteruskan minggu ini" in page
    assert "Artikel minggu ini" in page
    assert "Artikel bulan lalu" not in page
    assert 'href="/edukasi/baru/cetak/"' in page
    assert shared_message(page).startswith(
        "Artikel minggu ini\n\nSebarkan ini.\n\nhttp://testserver/edukasi/baru/"
    )


def test_officer_dashboard_lists_the_newest_three_when_nothing_is_new_this_week(client):
    Article.objects.all().delete()
    FaqEntry.objects.update(published_at=timezone.now() - datetime.timedelta(days=30))
    for n in range(5):
        article(f"lama-{n}", title=f"Artikel lama {n}")
        _age(f"lama-{n}", 20 + n)
    page = _dashboard(client)
    assert [f"Artikel lama {n}" in page for n in range(5)] == [True] * 3 + [False] * 2
