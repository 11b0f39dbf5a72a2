"""Published answers as material to pass on, and the forms a kelurahan page
links to with its kelurahan chosen."""

import datetime
import re

import pytest
from django.utils import timezone

from kelurahan.models import Article, FaqEntry
from kelurahan.models.questions import FAQ_SHARE_LENGTH
from tests.support import factories
from tests.support.publicpages import WHATSAPP, article, copy_box, get, shared_message, text

pytestmark = pytest.mark.django_db

LONG_ANSWER = " ".join(["Paspor dibuat di kantor imigrasi dengan membawa KTP dan KK."] * 8)


def entry(**fields) -> FaqEntry:
    defaults = {
        "topic": factories.topic("paspor"),
        "question": "Berapa biaya paspor?",
        "question_en": "How much does a passport cost?",
        "answer": "Tanyakan ke kantor imigrasi.\n\nSumber: imigrasi.go.id.",
        "answer_en": "Ask the immigration office.\n\nSource: imigrasi.go.id.",
    }
    return FaqEntry.objects.create(**{**defaults, **fields})


def test_faq_entry_page_shares_the_question_and_short_answer_with_a_link_back(client):
    answer = entry()
    page = text(get(client, f"/tanya-jawab/{answer.pk}/"))
    expected = (
        "Berapa biaya paspor?\n\nTanyakan ke kantor imigrasi.\n\n"
        f"http://testserver/tanya-jawab/{answer.pk}/"
    )
    assert "<h1>Berapa biaya paspor?</h1>" in page
    assert "Sumber: imigrasi.go.id." in page  # the whole answer on its own page
    assert shared_message(page) == expected
    assert copy_box(page) == expected
    assert f'href="/tanya-jawab/{answer.pk}/cetak/"' in page


def test_faq_entry_share_text_is_cut_at_a_word_to_about_300_characters(client):
    answer = entry(answer=LONG_ANSWER)
    page = text(get(client, f"/tanya-jawab/{answer.pk}/"))
    short = shared_message(page).split("\n\n")[1]
    assert len(LONG_ANSWER) > FAQ_SHARE_LENGTH >= len(short) > FAQ_SHARE_LENGTH - 60
    assert short.endswith("…")
    assert LONG_ANSWER.startswith(short.removesuffix("…"))
    assert LONG_ANSWER[len(short) - 1] == " "  # not in the middle of a word


def test_faq_entry_pages_in_english_share_the_english_text(client):
    answer = entry()
    page = text(get(client, f"/en/tanya-jawab/{answer.pk}/"))
    assert shared_message(page) == (
        "How much does a passport cost?\n\nAsk the immigration office.\n\n"
        f"http://testserver/en/tanya-jawab/{answer.pk}/"
    )
    printable = text(get(client, f"/en/tanya-jawab/{answer.pk}/cetak/"))
    assert "How much does a passport cost? (printable version)" in printable
    assert "Source: imigrasi.go.id." in printable


def test_faq_entry_printable_version_is_one_print_sheet_with_the_link_back(client):
    answer = entry()
    page = text(get(client, f"/tanya-jawab/{answer.pk}/cetak/"))
    assert re.search(r'<body[^>]*class="[^"]*\bprint-sheet\b', page)
    assert '<meta name="robots" content="noindex">' in page
    assert "Sumber: imigrasi.go.id." in page
    assert f"http://testserver/tanya-jawab/{answer.pk}/" in page
    assert "share-material" not in page  # nothing to press on paper


@pytest.mark.parametrize("path", ["/tanya-jawab/{pk}/", "/tanya-jawab/{pk}/cetak/"])
def test_unpublished_faq_entry_has_no_public_page(client, path):
    hidden = entry(is_published=False)
    assert client.get(path.format(pk=hidden.pk)).status_code == 404


def test_faq_list_links_each_answer_to_its_own_page(client):
    answer = entry()
    page = text(get(client, "/tanya-jawab/"))
    assert f'href="/tanya-jawab/{answer.pk}/"' in page


def test_faq_entry_page_changes_when_staff_edit_the_entry(client):
    answer = entry()
    assert "Tanyakan ke kantor imigrasi." in text(get(client, f"/tanya-jawab/{answer.pk}/"))
    answer.answer = "Biaya paspor sesuai PNBP."
    answer.save()
    page = text(get(client, f"/tanya-jawab/{answer.pk}/"))
    assert "Biaya paspor sesuai PNBP." in page
    assert "Tanyakan ke kantor imigrasi." not in page
    answer.is_published = False
    answer.save()
    assert client.get(f"/tanya-jawab/{answer.pk}/cetak/").status_code == 404


# The officer dashboard: answers published this week are material too


def _dashboard(client) -> str:
    officer = factories.kelurahan_officer()
    client.force_login(officer.user)
    return text(get(client, "/petugas/"))


def test_officer_dashboard_lists_answers_published_this_week_with_share_and_print(client):
    FaqEntry.objects.all().delete()
    Article.objects.all().delete()
    article("baru", title="Artikel minggu ini")
    new = entry(question="Apa itu Eazy Passport?", answer="Layanan paspor jemput bola.")
    old = entry(question="Pertanyaan bulan lalu?")
    FaqEntry.objects.filter(pk=old.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=30)
    )
    page = _dashboard(client)
    assert "Artikel minggu ini" in page
    assert "Apa itu Eazy Passport?" in page
    assert "Pertanyaan bulan lalu?" not in page
    assert f'href="/tanya-jawab/{new.pk}/cetak/"' in page
    assert (
        "Apa itu Eazy Passport?\n\nLayanan paspor jemput bola.\n\n"
        f"http://testserver/tanya-jawab/{new.pk}/"
    ) in [shared_message(f'href="{link}"') for link in WHATSAPP.findall(page)]


# The kelurahan page's actions: both forms open with the kelurahan chosen


def _selected(page: str) -> list[str]:
    """The options chosen in the kelurahan <select>."""
    select = re.search(r'<select name="kelurahan".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select)


@pytest.mark.parametrize("path", ["/tanya/", "/lapor/", "/en/tanya/", "/en/lapor/"])
def test_forms_preselect_the_kelurahan_from_the_link(client, kebon_kosong, gambir, path):
    response = get(client, f"{path}?kelurahan=gambir")
    assert _selected(text(response)) == ["gambir"]
    # Still the tip line: no cookie, nothing kept by caches.
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/tanya/", "/lapor/"])
def test_forms_ignore_an_unknown_kelurahan_in_the_link(client, kebon_kosong, path):
    page = text(get(client, f"{path}?kelurahan=tidak-ada%22%3E%3Cb%3Ex"))
    assert _selected(page) in ([], [""])
    assert 'value="tidak-ada' not in page


def test_kelurahan_page_links_both_forms_with_its_kelurahan(client, kebon_kosong):
    page = text(get(client, "/kelurahan/kebon-kosong/"))
    assert 'href="/tanya/?kelurahan=kebon-kosong"' in page
    assert 'href="/lapor/?kelurahan=kebon-kosong"' in page
    english = text(get(client, "/en/kelurahan/kebon-kosong/"))
    assert 'href="/en/tanya/?kelurahan=kebon-kosong"' in english
