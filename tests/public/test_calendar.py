"""iCalendar feeds and "add to calendar" links: parsed back with icalendar, as a phone would."""

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from kelurahan import services
from tests.support import factories

JAKARTA = ZoneInfo("Asia/Jakarta")


def feed(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(session) -> str:
    return f"sosialisasi-{session.pk}@binaan.imigrasi-jakpus"


def cancelled(session, reason="Aula dipakai untuk pemilu."):
    return services.session_cancel(session=session, by=None, reason=reason)


def test_calendar_feed_lists_every_published_session_once(client, kebon_kosong, gambir):
    planned = factories.session(kebon_kosong)
    held = factories.held_session(gambir)
    called_off = cancelled(factories.session(kebon_kosong, days_from_now=3))
    hidden = factories.session(kebon_kosong, title="Rapat internal", published=False)

    events = events_by_uid(feed(client, reverse("public:calendar")))

    assert set(events) == {uid(planned), uid(held), uid(called_off)}
    assert uid(hidden) not in events
    assert len(feed(client, reverse("public:calendar")).walk("VEVENT")) == 3


def test_calendar_feed_describes_itself_with_jakarta_time_zone(client, kebon_kosong):
    factories.session(kebon_kosong)

    calendar = feed(client, reverse("public:calendar"))

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"])
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]


def test_calendar_uid_is_stable_across_requests(client, kebon_kosong):
    factories.session(kebon_kosong)
    url = reverse("public:calendar")

    first = list(events_by_uid(feed(client, url)))
    second = list(events_by_uid(feed(client, url)))

    assert first == second
    assert first[0].endswith("@binaan.imigrasi-jakpus")


def test_calendar_event_times_are_in_jakarta(client, kebon_kosong):
    start = datetime.datetime(2031, 3, 5, 9, 0, tzinfo=JAKARTA)
    session = factories.session(
        kebon_kosong, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    response = client.get(reverse("public:calendar"))

    event = Calendar.from_ical(response.content).walk("VEVENT")[0]

    assert b"DTSTART;TZID=Asia/Jakarta:20310305T090000" in response.content
    assert event.start.tzinfo.key == "Asia/Jakarta"
    assert event.start == session.starts_at
    assert event.end == session.ends_at
    assert event.end.tzinfo.key == "Asia/Jakarta"


def test_calendar_event_carries_place_link_and_description(client, kebon_kosong):
    session = factories.session(
        kebon_kosong,
        venue="Aula RW 05",
        address="Jl. Kebon Kosong Raya No. 1",
        description="Bahaya lowongan kerja palsu.",
    )

    event = feed(client, reverse("public:calendar")).walk("VEVENT")[0]

    assert str(event["SUMMARY"]) == session.title
    assert str(event["LOCATION"]) == "Aula RW 05, Jl. Kebon Kosong Raya No. 1"
    assert "Bahaya lowongan kerja palsu." in str(event["DESCRIPTION"])
    assert "Kebon Kosong" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["LAST-MODIFIED"].dt == session.updated_at.replace(microsecond=0)
    assert event["DTSTAMP"].dt


def test_calendar_event_url_opens_the_session_page(client, kebon_kosong):
    session = factories.session(kebon_kosong, title="Sosialisasi di RW 07")

    event = feed(client, reverse("public:calendar")).walk("VEVENT")[0]
    url = str(event["URL"])

    assert url == f"http://testserver{session.get_absolute_url()}"
    page = client.get(urlsplit(url).path)
    assert page.status_code == 200
    assert "Sosialisasi di RW 07" in page.content.decode()


def test_calendar_cancelled_session_has_status_cancelled(client, kebon_kosong):
    session = cancelled(factories.session(kebon_kosong))

    event = events_by_uid(feed(client, reverse("public:calendar")))[uid(session)]

    assert str(event["STATUS"]) == "CANCELLED"
    assert "Aula dipakai untuk pemilu." in str(event["DESCRIPTION"])


def test_calendar_feed_leaves_out_sessions_older_than_a_year(client, kebon_kosong):
    old = factories.session(kebon_kosong, days_from_now=-400)
    recent = factories.held_session(kebon_kosong)

    events = events_by_uid(feed(client, reverse("public:calendar")))

    assert set(events) == {uid(recent)}
    assert uid(old) not in events


def test_kelurahan_calendar_has_only_that_kelurahan(client, kebon_kosong, gambir):
    own = factories.session(kebon_kosong)
    own_held = factories.held_session(kebon_kosong)
    factories.session(gambir)
    factories.session(kebon_kosong, published=False)
    url = reverse("public:kelurahan_calendar", kwargs={"slug": "kebon-kosong"})

    calendar = feed(client, url)

    assert set(events_by_uid(calendar)) == {uid(own), uid(own_held)}
    assert "Kebon Kosong" in str(calendar["X-WR-CALNAME"])


def test_kelurahan_calendar_unknown_slug_is_404(client, db):
    url = reverse("public:kelurahan_calendar", kwargs={"slug": "tidak-ada"})

    assert client.get(url).status_code == 404


def test_calendar_feeds_cost_a_fixed_number_of_queries(client, kebon_kosong, gambir):
    urls = [
        reverse("public:calendar"),
        reverse("public:kelurahan_calendar", kwargs={"slug": "kebon-kosong"}),
    ]
    factories.session(kebon_kosong)

    def costs():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    before = costs()
    for _ in range(4):
        factories.session(kebon_kosong)
        factories.held_session(gambir)
    assert costs() == before
    assert before[0] <= 2


def test_session_calendar_holds_that_one_session(client, kebon_kosong):
    session = factories.session(kebon_kosong)
    factories.session(kebon_kosong, title="Sesi lain")

    response = client.get(reverse("public:session_calendar", kwargs={"pk": session.pk}))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="sosialisasi-{session.pk}.ics"' in response["Content-Disposition"]
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["UID"]) for event in events] == [uid(session)]
    assert events[0].start == session.starts_at.replace(microsecond=0)


def test_session_calendar_of_unpublished_session_is_404(client, kebon_kosong):
    hidden = factories.session(kebon_kosong, published=False)

    response = client.get(reverse("public:session_calendar", kwargs={"pk": hidden.pk}))

    assert response.status_code == 404


def google_link(page: str) -> dict:
    match = re.search(r'href="(https://calendar\.google\.com/calendar/render\?[^"]+)"', page)
    assert match, "no Google Calendar link"
    return parse_qs(urlsplit(html.unescape(match.group(1))).query)


def test_session_page_offers_ics_and_google_links_for_planned_session(client, kebon_kosong):
    start = datetime.datetime(2031, 3, 5, 9, 0, tzinfo=JAKARTA)
    session = factories.session(
        kebon_kosong,
        title="Waspada TPPO & calo",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2, minutes=30),
        venue="Aula RW 05",
        address="Jl. Kebon Kosong Raya No. 1",
    )

    page = client.get(session.get_absolute_url()).content.decode()

    assert reverse("public:session_calendar", kwargs={"pk": session.pk}) in page
    query = google_link(page)
    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == ["Waspada TPPO & calo"]
    assert query["dates"] == ["20310305T020000Z/20310305T043000Z"]
    assert query["location"] == ["Aula RW 05, Jl. Kebon Kosong Raya No. 1"]
    assert f"http://testserver{session.get_absolute_url()}" in query["details"][0]


def test_session_page_has_no_add_to_calendar_once_held_or_cancelled(client, kebon_kosong):
    held = factories.held_session(kebon_kosong)
    called_off = cancelled(factories.session(kebon_kosong))

    for session in (held, called_off):
        page = client.get(session.get_absolute_url()).content.decode()
        assert "calendar.google.com" not in page
        assert reverse("public:session_calendar", kwargs={"pk": session.pk}) not in page


def test_pages_link_to_the_calendar_feeds(client, kebon_kosong):
    kelurahan_page = client.get(kebon_kosong.get_absolute_url()).content.decode()
    home = client.get(reverse("public:home")).content.decode()

    assert 'href="/kelurahan/kebon-kosong/jadwal.ics"' in kelurahan_page
    assert 'href="/jadwal.ics"' in home


# A second reader: vobject parses the feeds as Radicale and many calendar clients do.

TRICKY_TITLE = "Sosialisasi TPPO; PMI, calo\\dan visa"
TRICKY_VENUE = "Aula RW 05, Kantor Lurah; lantai 2"
TRICKY_ADDRESS = "Jl. Kebon Kosong Raya No. 1\nRT 003/RW 05"


def vobject_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return vobject.readOne(response.content.decode())


def test_calendar_names_survive_a_second_parser(client, kebon_kosong):
    session = factories.session(kebon_kosong, title=TRICKY_TITLE)
    feeds = {
        reverse("public:calendar"): "Sosialisasi Desa/Kelurahan Binaan, Jakarta Pusat",
        "/en" + reverse("public:calendar"): "Desa/Kelurahan Binaan sessions, Jakarta Pusat",
        reverse("public:session_calendar", kwargs={"pk": session.pk}): TRICKY_TITLE,
    }

    for url, name in feeds.items():
        calendar = vobject_feed(client, url)
        assert calendar.x_wr_calname.value == name
        assert calendar.contents["name"][0].value == name
    raw = client.get(reverse("public:calendar")).content
    assert b"X-WR-CALNAME:Sosialisasi Desa/Kelurahan Binaan\\, Jakarta Pusat\r\n" in raw


def test_calendar_event_text_survives_a_second_parser(client, kebon_kosong):
    factories.session(
        kebon_kosong,
        title=TRICKY_TITLE,
        venue=TRICKY_VENUE,
        address=TRICKY_ADDRESS,
        description="Baris satu; dengan titik koma, dan koma.\nBaris dua.",
    )

    event = vobject_feed(client, reverse("public:calendar")).vevent

    assert event.summary.value == TRICKY_TITLE
    assert event.location.value == f"{TRICKY_VENUE}, {TRICKY_ADDRESS}"
    assert event.description.value.startswith(
        "Baris satu; dengan titik koma, dan koma.\nBaris dua.\n\nKelurahan Kebon Kosong, "
    )
