"""The public pages for residents: what they show, what they never show, and their cost."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from kelurahan import services
from kelurahan.models import Article, Kelurahan
from tests import factories

JUNE_2024 = datetime.date(2024, 6, 14)


def designate(kelurahan, since=JUNE_2024, sk_number="SK-IMI.7-UM.01.01-123"):
    return services.kelurahan_designate(kelurahan=kelurahan, since=since, sk_number=sk_number)


def png(name="foto.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def article(slug, *, published=True, topic="tppo", **fields):
    defaults = {
        "title": f"Artikel {slug}",
        "summary": f"Ringkasan {slug}",
        "body": "Paragraf pertama.\n\nParagraf kedua.",
        "topic": factories.topic(topic),
        "is_published": published,
        "published_at": timezone.now() if published else None,
    }
    return Article.objects.create(slug=slug, **{**defaults, **fields})


def text(response) -> str:
    return response.content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_activity(kelurahan, officer, n):
    """n sessions of each kind, each with a speaker, a partner, two topics and a photo."""
    for _ in range(n):
        upcoming = factories.session(kelurahan, title="Sosialisasi mendatang")
        held = factories.held_session(kelurahan, photos=[(png(), "Warga bertanya")])
        for session in (upcoming, held):
            services.session_update(
                session=session,
                by=None,
                topics=[factories.topic("tppo"), factories.topic("tppm")],
                speakers=[officer],
                partners=[factories.partner()],
            )


# Home


def test_home_shows_totals_and_upcoming_sessions(client, kebon_kosong, gambir):
    designate(kebon_kosong)
    factories.held_session(kebon_kosong, attendance_men=20, attendance_women=25)
    factories.held_session(gambir, attendance_men=10, attendance_women=5, attendance_total=17)
    factories.session(kebon_kosong, title="Sosialisasi bahaya TPPO di RW 05")
    factories.session(kebon_kosong, title="Rapat rahasia", published=False)

    response = client.get(reverse("public:home"))

    assert response.status_code == 200
    assert response.context["totals"] == {
        "binaan": 1,
        "sessions_held": 2,
        "residents_reached": 62,
    }
    page = text(response)
    assert "Sosialisasi bahaya TPPO di RW 05" in page
    assert "Rapat rahasia" not in page
    assert ">62<" in page
    assert kebon_kosong.get_absolute_url() in page
    assert 'action="/kelurahan/"' in page


def test_home_lists_at_most_five_upcoming_sessions_soonest_first(client, kebon_kosong):
    for days in (9, 3, 7, 1, 5, 11):
        factories.session(kebon_kosong, days_from_now=days, title=f"Sesi hari ke-{days}")

    response = client.get(reverse("public:home"))

    titles = [session.title for session in response.context["upcoming"]]
    assert titles == [f"Sesi hari ke-{days}" for days in (1, 3, 5, 7, 9)]


def test_home_shows_latest_published_articles_only(client, db):
    article("terbit", title="Kenali tanda-tanda TPPO")
    article("draf", title="Draf belum terbit", published=False)

    page = text(client.get(reverse("public:home")))

    assert "Kenali tanda-tanda TPPO" in page
    assert "Draf belum terbit" not in page


# Directory


def test_directory_lists_all_44_kelurahan_by_kecamatan(client, db):
    call_command("load_wilayah", stdout=io.StringIO())

    response = client.get(reverse("public:directory"))

    assert response.context["count"] == 44
    assert len(response.context["groups"]) == 8
    page = text(response)
    for kelurahan in Kelurahan.objects.all():
        assert f'href="{kelurahan.get_absolute_url()}"' in page
    assert "Kecamatan Kemayoran" in page


def test_directory_search_by_name_finds_kebon_kosong_only(client, db):
    call_command("load_wilayah", stdout=io.StringIO())

    response = client.get(reverse("public:directory"), {"q": "kosong"})

    found = [k.name for group in response.context["groups"] for k in group["kelurahan"]]
    assert found == ["Kebon Kosong"]
    assert 'value="kosong"' in text(response)
    assert "Cideng" not in text(response)


def test_directory_search_by_postal_code_and_kecamatan(client, db):
    call_command("load_wilayah", stdout=io.StringIO())

    by_postal = client.get(reverse("public:directory"), {"q": "10630"})
    by_kecamatan = client.get(reverse("public:directory"), {"q": "Kemayoran"})

    assert [k.name for g in by_postal.context["groups"] for k in g["kelurahan"]] == ["Kebon Kosong"]
    kemayoran = Kelurahan.objects.filter(kecamatan__name="Kemayoran").count()
    assert by_kecamatan.context["count"] == kemayoran == 8


def test_directory_search_without_match_says_so(client, db):
    call_command("load_wilayah", stdout=io.StringIO())

    response = client.get(reverse("public:directory"), {"q": "Atlantis"})

    assert response.context["groups"] == []
    assert "0 kelurahan" in text(response)


def test_directory_marks_binaan_kelurahan(client, kebon_kosong, gambir):
    designate(kebon_kosong)

    response = client.get(reverse("public:directory"))

    binaan = {k.name: k.is_binaan for g in response.context["groups"] for k in g["kelurahan"]}
    assert binaan == {"Kebon Kosong": True, "Gambir": False}
    assert text(response).count("badge-binaan") == 1


# Kelurahan page


def test_kelurahan_page_of_binaan_shows_since_and_decree(client, kebon_kosong):
    designate(kebon_kosong)

    response = client.get(kebon_kosong.get_absolute_url())

    page = text(response)
    assert response.status_code == 200
    assert "Kelurahan Kebon Kosong" in page
    assert "14 Juni 2024" in page
    assert "SK-IMI.7-UM.01.01-123" in page
    assert "TPPO" in page and "TPPM" in page
    assert "tel:129" in page


def test_kelurahan_page_of_non_binaan_says_so_and_lists_hotlines(client, gambir):
    response = client.get(gambir.get_absolute_url())

    page = text(response)
    assert response.status_code == 200
    assert "status-not-binaan" in page
    assert "status-binaan" not in page
    assert "tel:129" in page and "tel:110" in page


def test_kelurahan_page_unknown_slug_is_404(client, db):
    assert client.get("/kelurahan/tidak-ada/").status_code == 404


def test_kelurahan_page_shows_only_current_liaison_officers(client, kebon_kosong):
    today = timezone.localdate()
    current = factories.liaison_officer(name="Rina Petugas Aktif", whatsapp="0812-1111-2222")
    former = factories.liaison_officer(name="Budi Petugas Lama")
    services.liaison_assign(
        officer=current, kelurahan=kebon_kosong, start_date=today - datetime.timedelta(days=30)
    )
    ended = services.liaison_assign(
        officer=former, kelurahan=kebon_kosong, start_date=today - datetime.timedelta(days=400)
    )
    services.liaison_end_assignment(assignment=ended, end_date=today - datetime.timedelta(days=31))

    page = text(client.get(kebon_kosong.get_absolute_url()))

    assert "Rina Petugas Aktif" in page
    assert "https://wa.me/6281211112222" in page
    assert "tel:021-6541209" in page
    assert "Budi Petugas Lama" not in page


def test_kelurahan_page_shows_only_office_contact_fields_that_are_set(client, kebon_kosong):
    office = kebon_kosong.office
    office.phone = "021-6541209"
    office.email = ""
    office.website = "https://jakartapusat.imigrasi.go.id/"
    office.save()

    page = text(client.get(kebon_kosong.get_absolute_url()))

    assert office.address in page
    assert 'href="tel:021-6541209"' in page
    assert 'href="https://jakartapusat.imigrasi.go.id/"' in page
    assert "mailto:" not in page


def test_kelurahan_page_shows_published_sessions_summary_and_totals(client, kebon_kosong):
    designate(kebon_kosong)
    factories.held_session(kebon_kosong, summary="Warga belajar membuat paspor dengan benar.")
    factories.held_session(kebon_kosong, attendance_men=5, attendance_women=5, attendance_total=10)
    hidden = factories.held_session(kebon_kosong, attendance_total=500, summary="Rahasia rapat")
    services.session_unpublish(session=hidden, by=None)
    factories.session(kebon_kosong, title="Sosialisasi PMI prosedural")

    response = client.get(kebon_kosong.get_absolute_url())

    assert response.context["totals"] == {"sessions_held": 2, "residents_reached": 55}
    page = text(response)
    assert "Warga belajar membuat paspor dengan benar." in page
    assert "45 warga hadir (20 laki-laki, 25 perempuan)" in page
    assert "Sosialisasi PMI prosedural" in page
    assert "Rahasia rapat" not in page


def test_kelurahan_page_never_shows_reports(client, kebon_kosong):
    designate(kebon_kosong)
    factories.report(kebon_kosong, observed="Perekrut Pak Xylofon menawarkan kerja ke luar negeri")
    factories.report(kebon_kosong, observed="Draf laporan Zebrakuda", submit=False)

    pages = [
        text(client.get(kebon_kosong.get_absolute_url())),
        text(client.get(reverse("public:home"))),
        text(client.get(reverse("public:directory"))),
    ]

    for page in pages:
        assert "Xylofon" not in page
        assert "Zebrakuda" not in page
        assert "LAP-" not in page


def test_kelurahan_page_in_english(client, kebon_kosong):
    response = client.get(f"/en/kelurahan/{kebon_kosong.slug}/")

    assert response.status_code == 200
    assert '<html lang="en">' in text(response)
    assert 'lang="id"' in text(response)  # the switch back to Bahasa Indonesia
    assert "Need help? Contact these free services" in text(response)


def test_kelurahan_page_in_indonesian_by_default(client, kebon_kosong):
    response = client.get(kebon_kosong.get_absolute_url())

    assert '<html lang="id">' in text(response)
    assert "Butuh bantuan? Hubungi layanan gratis berikut" in text(response)
    assert "Need help" not in text(response)


# Short URL


def test_short_url_redirects_permanently_to_the_kelurahan_page(client, kebon_kosong):
    response = client.get("/k/3171031002")

    assert response.status_code == 301
    assert response["Location"] == "/kelurahan/kebon-kosong/"
    assert kebon_kosong.get_short_url() == "/k/3171031002"


def test_short_url_tolerates_trailing_slash_and_keeps_language(client, kebon_kosong):
    with_slash = client.get("/k/3171031002/")
    english = client.get("/en/k/3171031002")

    assert with_slash.status_code == 301
    assert with_slash["Location"] == "/kelurahan/kebon-kosong/"
    assert english["Location"] == "/en/kelurahan/kebon-kosong/"


def test_short_url_unknown_code_is_404(client, kebon_kosong):
    assert client.get("/k/3171039999").status_code == 404
    assert client.get("/k/31710").status_code == 404


# Session page


def test_session_page_shows_details_in_jakarta_time(client, kebon_kosong):
    speaker = factories.liaison_officer(name="Dewi Narasumber")
    starts = datetime.datetime(2030, 5, 4, 2, 0, tzinfo=datetime.UTC)
    session = factories.session(
        kebon_kosong,
        title="Sosialisasi paspor",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        address="Jl. Kebon Kosong Raya No. 1",
        speakers=[speaker],
        partners=[factories.partner()],
    )

    page = text(client.get(session.get_absolute_url()))

    assert "Sabtu, 4 Mei 2030, 09:00" in page
    assert "11:00" in page and "WIB" in page
    assert "Jl. Kebon Kosong Raya No. 1" in page
    assert "Dewi Narasumber" in page
    assert factories.partner().name in page
    assert factories.topic("tppo").name in page


def test_session_page_of_held_session_shows_attendance_summary_and_lazy_photos(
    client, kebon_kosong
):
    session = factories.held_session(
        kebon_kosong,
        attendance_men=12,
        attendance_women=30,
        attendance_total=42,
        summary="Warga bertanya soal lowongan kerja.\n\nPetugas menjelaskan jalur resmi.",
        photos=[(png(), "Warga mengikuti sosialisasi")],
    )

    page = text(client.get(session.get_absolute_url()))

    assert ">12<" in page and ">30<" in page and ">42<" in page
    assert "<p>Petugas menjelaskan jalur resmi.</p>" in page
    assert re.search(
        r'<img src="/media/sosialisasi/[^"]+" alt="Warga mengikuti sosialisasi" '
        r'loading="lazy"',
        page,
    )
    assert "<figcaption>Warga mengikuti sosialisasi</figcaption>" in page


def test_session_page_of_cancelled_session_says_so_with_reason(client, kebon_kosong):
    session = factories.session(kebon_kosong)
    services.session_cancel(session=session, by=None, reason="Aula dipakai untuk vaksinasi")

    page = text(client.get(session.get_absolute_url()))
    kelurahan_page = text(client.get(kebon_kosong.get_absolute_url()))

    assert "status-cancelled" in page
    assert "Aula dipakai untuk vaksinasi" in page
    assert "badge-cancelled" in kelurahan_page


def test_unpublished_session_is_404_and_not_listed(client, kebon_kosong):
    session = factories.session(kebon_kosong, title="Belum diumumkan", published=False)

    assert client.get(session.get_absolute_url()).status_code == 404
    assert "Belum diumumkan" not in text(client.get(kebon_kosong.get_absolute_url()))
    assert "Belum diumumkan" not in text(client.get(reverse("public:home")))


# Articles


def test_articles_are_grouped_by_topic_and_only_published(client, db):
    article("tppo-1", title="Apa itu TPPO", topic="tppo")
    article("tppm-1", title="Apa itu TPPM", topic="tppm")
    article("draf", title="Draf rahasia", published=False)

    response = client.get(reverse("public:articles"))

    groups = {g["topic"].slug: [a.title for a in g["articles"]] for g in response.context["groups"]}
    assert "Apa itu TPPO" in groups["tppo"]
    assert "Apa itu TPPM" in groups["tppm"]
    assert "Apa itu TPPM" not in groups["tppo"]
    assert "Draf rahasia" not in text(response)


def test_article_page_renders_paragraphs(client, db):
    item = article("apa-itu-tppo")

    page = text(client.get(item.get_absolute_url()))

    assert "<p>Paragraf pertama.</p>" in page
    assert "<p>Paragraf kedua.</p>" in page


def test_unpublished_article_is_404(client, db):
    item = article("draf", published=False)

    assert client.get(item.get_absolute_url()).status_code == 404


# Cost


@pytest.mark.parametrize("page", ["home", "kelurahan", "directory"])
def test_page_query_count_does_not_grow_with_data(client, kebon_kosong, page):
    designate(kebon_kosong)
    officer = factories.liaison_officer()
    services.liaison_assign(
        officer=officer, kelurahan=kebon_kosong, start_date=timezone.localdate()
    )
    url = {
        "home": reverse("public:home"),
        "kelurahan": kebon_kosong.get_absolute_url(),
        "directory": reverse("public:directory"),
    }[page]
    add_activity(kebon_kosong, officer, 1)
    few = count_queries(client, url)

    add_activity(kebon_kosong, officer, 6)
    for n in range(5):
        extra = factories.kelurahan(kecamatan=kebon_kosong.kecamatan, slug=f"tambahan-{n}")
        designate(extra)
        services.liaison_assign(officer=officer, kelurahan=extra, start_date=JUNE_2024)
        article(f"artikel-{n}")
    many = count_queries(client, url)

    assert many == few


def test_session_page_query_count_does_not_grow_with_photos(client, kebon_kosong):
    speakers = [factories.liaison_officer() for _ in range(4)]
    session = factories.held_session(kebon_kosong, photos=[png()])
    few = count_queries(client, session.get_absolute_url())

    for _ in range(5):
        services.session_add_photo(session=session, by=None, image=png(), caption="Foto")
    services.session_update(session=session, by=None, speakers=speakers)
    many = count_queries(client, session.get_absolute_url())

    assert many == few
