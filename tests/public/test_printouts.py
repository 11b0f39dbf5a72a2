"""Posters, QR images and attendance sheets: the printed QR codes are decoded and followed."""

import datetime
import io
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import zxingcpp
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from kelurahan import services
from tests.support import factories
from tests.support.pdfs import pdf_response, pdf_text

SHORT_URL = "http://testserver/k/3171031002"


def poster_url(slug="kebon-kosong") -> str:
    return reverse("public:kelurahan_poster", kwargs={"slug": slug})


def sheet_url(session) -> str:
    return reverse("public:session_attendance_sheet", kwargs={"pk": session.pk})


def pdf_page(content: bytes, index: int = 0):
    return pdfium.PdfDocument(content)[index]


def decoded(image) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def pdf_codes(content: bytes, index: int = 0) -> list[str]:
    return decoded(pdf_page(content, index).render(scale=3).to_pil())


def assign_liaison(kelurahan, name="Rina Marlina"):
    officer = factories.liaison_officer(name=name, whatsapp="0812-1111-2222")
    services.liaison_assign(
        officer=officer, kelurahan=kelurahan, start_date=datetime.date(2024, 6, 14)
    )
    return officer


# Poster


def test_poster_is_an_inline_a4_pdf(client, kebon_kosong):
    response = pdf_response(client, poster_url())

    assert response["Content-Disposition"] == 'inline; filename="poster-kebon-kosong.pdf"'
    width, height = pdf_page(response.content).get_size()
    assert (round(width), round(height)) == (595, 842)
    assert len(pdfium.PdfDocument(response.content)) == 1


def test_poster_qr_code_leads_to_the_kelurahan_page(client, kebon_kosong, gambir):
    response = pdf_response(client, poster_url())

    assert pdf_codes(response.content) == [SHORT_URL]
    page = client.get(SHORT_URL.removeprefix("http://testserver"), follow=True)
    assert page.status_code == 200
    assert page.resolver_match.url_name == "kelurahan"
    assert page.resolver_match.kwargs == {"slug": "kebon-kosong"}


def test_poster_shows_name_liaison_next_session_and_hotlines(client, kebon_kosong):
    services.kelurahan_designate(
        kelurahan=kebon_kosong, since=datetime.date(2024, 6, 14), sk_number="SK-1"
    )
    assign_liaison(kebon_kosong)
    start = datetime.datetime(2031, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    factories.session(
        kebon_kosong,
        title="Waspada lowongan kerja palsu",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        venue="Aula RW 05",
    )

    text = pdf_text(pdf_response(client, poster_url()).content)

    for expected in ("Kebon Kosong", "Kemayoran", "Rina Marlina", "0812-1111-2222"):
        assert expected in text
    assert "Waspada lowongan kerja palsu" in text
    assert "Rabu, 5 Maret 2031, 09.00" in text
    assert "Aula RW 05" in text
    assert "14 Juni 2024" in text
    for number in ("129", "08111-129-129", "110", "1708"):
        assert number in text
    assert "TPPO" in text and "TPPM" in text


def test_poster_without_liaison_or_session_still_prints(client, kebon_kosong):
    factories.session(kebon_kosong, title="Rapat internal", published=False)
    factories.held_session(kebon_kosong, title="Sesi yang sudah lewat")

    text = pdf_text(pdf_response(client, poster_url()).content)

    assert "Kebon Kosong" in text
    assert "Rapat internal" not in text
    assert "Sesi yang sudah lewat" not in text
    assert "akan diumumkan" in text


def test_poster_of_unknown_kelurahan_is_404(client, db):
    assert client.get(poster_url("tidak-ada")).status_code == 404


def test_poster_costs_a_fixed_number_of_queries(client, kebon_kosong):
    def cost():
        with CaptureQueriesContext(connection) as queries:
            pdf_response(client, poster_url())
        return len(queries)

    before = cost()
    for _ in range(3):
        assign_liaison(kebon_kosong, name="Petugas")
        factories.session(kebon_kosong)
    assert cost() == before <= 3


def test_poster_on_english_site_still_prints_the_permanent_short_url(client, kebon_kosong):
    response = pdf_response(client, "/en" + poster_url())

    assert pdf_codes(response.content) == [SHORT_URL]


# QR images


def test_kelurahan_qr_png_decodes_to_the_short_url(client, kebon_kosong):
    response = client.get(
        reverse("public:kelurahan_qr", kwargs={"slug": "kebon-kosong", "fmt": "png"})
    )

    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=3600"
    image = Image.open(io.BytesIO(response.content))
    assert image.width >= 500
    assert decoded(image) == [SHORT_URL]


def test_kelurahan_qr_svg_is_an_svg_image(client, kebon_kosong):
    response = client.get(
        reverse("public:kelurahan_qr", kwargs={"slug": "kebon-kosong", "fmt": "svg"})
    )

    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert b"<svg" in response.content
    assert b"<script" not in response.content


def test_session_qr_decodes_to_the_session_page(client, kebon_kosong):
    session = factories.session(kebon_kosong)

    response = client.get(reverse("public:session_qr", kwargs={"pk": session.pk, "fmt": "png"}))

    assert response["Cache-Control"] == "public, max-age=3600"
    assert decoded(Image.open(io.BytesIO(response.content))) == [
        f"http://testserver{session.get_absolute_url()}"
    ]


def test_qr_and_sheet_of_unpublished_session_are_404(client, kebon_kosong):
    hidden = factories.session(kebon_kosong, published=False)

    for fmt in ("png", "svg"):
        url = reverse("public:session_qr", kwargs={"pk": hidden.pk, "fmt": fmt})
        assert client.get(url).status_code == 404
    assert client.get(sheet_url(hidden)).status_code == 404


def test_qr_of_unknown_kelurahan_is_404(client, db):
    url = reverse("public:kelurahan_qr", kwargs={"slug": "tidak-ada", "fmt": "png"})

    assert client.get(url).status_code == 404


# Attendance sheet


def test_attendance_sheet_has_details_columns_and_session_qr(client, kebon_kosong):
    session = factories.session(
        kebon_kosong, title="Sosialisasi PMI prosedural", venue="Aula RW 05"
    )

    response = pdf_response(client, sheet_url(session))

    assert f'filename="daftar-hadir-{session.pk}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in ("Sosialisasi PMI prosedural", "Kebon Kosong", "Aula RW 05", "WIB"):
        assert expected in text
    for column in ("No", "Nama", "RT/RW", "Tanda tangan"):
        assert column in text
    assert factories.topic().name in text
    assert "40" in text
    assert pdf_codes(response.content) == [f"http://testserver{session.get_absolute_url()}"]


def test_attendance_sheet_holds_no_personal_data(client, kebon_kosong):
    session = factories.held_session(kebon_kosong)
    factories.report(kebon_kosong)

    text = pdf_text(pdf_response(client, sheet_url(session)).content)

    assert "perekrut" not in text
    assert "003/005" not in text


def test_attendance_sheet_costs_a_fixed_number_of_queries(client, kebon_kosong):
    session = factories.session(kebon_kosong)

    with CaptureQueriesContext(connection) as queries:
        pdf_response(client, sheet_url(session))

    assert len(queries) <= 2


# Links from the public pages


def test_kelurahan_page_links_to_poster_and_qr(client, kebon_kosong):
    page = client.get(kebon_kosong.get_absolute_url()).content.decode()

    assert 'href="/kelurahan/kebon-kosong/poster.pdf"' in page
    assert 'href="/kelurahan/kebon-kosong/qr.png"' in page


def test_session_page_links_to_sheet_and_qr(client, kebon_kosong):
    session = factories.session(kebon_kosong)

    page = client.get(session.get_absolute_url()).content.decode()

    assert f'href="{sheet_url(session)}"' in page
    assert f'href="/sosialisasi/{session.pk}/qr.png"' in page
