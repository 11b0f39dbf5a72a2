"""The public pages for residents: home, directory, kelurahan pages and short URLs."""

import datetime
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kelurahan import services
from kelurahan.models import Kelurahan
from tests.support import factories
from tests.support.publicpages import article, designate, text

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


def test_home_names_the_first_thirty_binaan_and_counts_them_all(client, db):
    """Nationally there are thousands of binaan places: the home page stays short."""
    for number in range(31):
        designate(factories.kelurahan(name=f"Binaan {number:02d}"))

    page = text(client.get(reverse("public:home")))

    assert "Binaan 29" in page and "Binaan 30" not in page
    assert ">31</dd>" in page.replace(" ", "")
