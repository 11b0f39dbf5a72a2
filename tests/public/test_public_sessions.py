"""Public session and article pages, and what every public page costs in queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kelurahan import services
from tests.support import factories
from tests.support.publicpages import (
    JUNE_2024,
    add_activity,
    article,
    count_queries,
    designate,
    png,
    text,
)

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
