"""The printed PDFs as other readers see them: fonts embedded, no missing glyphs, no text cut.

pdffonts (poppler-utils) lists every font of a PDF; pypdfium2 extracts the printed text.
"""

import datetime
import os
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from kelurahan.printing.fonts import printable
from tests.support import factories
from tests.support.pdfs import pdf_response, pdf_text

# A title at the model's 200-character limit, in words that each fit on a line.
LONG_TITLE = (
    "Sosialisasi pencegahan tindak pidana perdagangan orang dan penyelundupan manusia bagi "
    "calon pekerja migran, keluarga, ketua RT dan RW serta karang taruna Kelurahan Kebon Kosong "
    "di Kecamatan Kemayoran."
)
EMOJI_TITLE = "🚨 Waspada calo! ✈️ Kerja ke luar negeri 👨‍👩‍👧 harus resmi 🇮🇩"
EMOJI_PRINTED = "Waspada calo! Kerja ke luar negeri harus resmi"


def pdffonts(content: bytes, tmp_path) -> list[dict]:
    """The font table pdffonts prints, one dict per font (name, type, emb)."""
    program = shutil.which("pdffonts")
    if program is None:
        reason = "pdffonts is missing: install Debian's poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (.ci/run does)")
        pytest.skip(f"{reason} to run this check (CI always does)")
    path = tmp_path / "printout.pdf"
    path.write_bytes(content)
    output = subprocess.run(  # noqa: S603 - fixed program and arguments
        [program, str(path)], capture_output=True, text=True, check=True
    ).stdout
    header, rule, *rows = output.splitlines()
    columns = ["name", "type", "encoding", "emb", "sub", "uni", "object", "id"]
    return [dict(zip(columns, row.rsplit(None, len(columns) - 1), strict=True)) for row in rows]


def long_session(kebon_kosong, **fields):
    start = datetime.datetime(2031, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    defaults = {
        "title": LONG_TITLE,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "venue": "Aula RW 05",
    }
    return factories.session(kebon_kosong, **(defaults | fields))


def poster(client):
    return pdf_response(client, reverse("public:kelurahan_poster", kwargs={"slug": "kebon-kosong"}))


def sheet(client, session):
    url = reverse("public:session_attendance_sheet", kwargs={"pk": session.pk})
    return pdf_response(client, url)


def words(text: str) -> str:
    return " ".join(text.split())


def test_printouts_embed_every_font(client, kebon_kosong, tmp_path):
    session = long_session(kebon_kosong)

    for content in (poster(client).content, sheet(client, session).content):
        fonts = pdffonts(content, tmp_path)
        assert fonts, "a printout without any font"
        assert [font["name"] for font in fonts if font["emb"] != "yes"] == []
        assert {font["type"] for font in fonts} == {"TrueType"}


def test_attendance_sheet_prints_the_whole_long_title_and_url(client, kebon_kosong):
    session = long_session(kebon_kosong)

    content = sheet(client, session).content
    text = words(pdf_text(content))

    assert len(LONG_TITLE) == 200
    assert LONG_TITLE in text
    # The footer of every page carries the URL in full, not cut after 110 characters.
    pages = len(pdfium.PdfDocument(content))
    assert pages >= 2
    assert text.count(f"testserver/sosialisasi/{session.pk}/ Halaman") == pages


def test_poster_prints_the_whole_long_title_of_the_next_session(client, kebon_kosong):
    long_session(kebon_kosong)

    text = words(pdf_text(poster(client).content))

    assert LONG_TITLE in text
    assert "Informasi terbaru: testserver/k/3171031002" in text


def test_printouts_print_emoji_titles_without_missing_glyphs(client, kebon_kosong):
    session = long_session(kebon_kosong, title=EMOJI_TITLE, venue="Aula 🏠 RW 05")

    for content in (poster(client).content, sheet(client, session).content):
        text = pdf_text(content)
        assert EMOJI_PRINTED in words(text)
        assert "Aula RW 05" in words(text)
        missing = {char for char in text if char.strip() and printable(char) != char}
        assert missing == set()
        for page in pdfium.PdfDocument(content):
            assert "\ufffd" not in page.get_textpage().get_text_range()


def test_printable_keeps_indonesian_and_typography_and_drops_pictographs():
    assert printable("Sosialisasi TPPO – Senin, 09.00 · “Aula” café") == (
        "Sosialisasi TPPO – Senin, 09.00 · “Aula” café"
    )
    assert printable(EMOJI_TITLE) == EMOJI_PRINTED
    assert printable("Rapat ➜ balai ✓") == "Rapat balai"
    assert printable("Ｔｅｓｔ Jalan Cikini Raya\nRW 05 🏠") == "Test Jalan Cikini Raya\nRW 05"
