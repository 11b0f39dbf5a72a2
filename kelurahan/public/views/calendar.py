"""iCalendar feeds of published sessions: all of Jakarta Pusat, per kelurahan, one session."""

import datetime
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event, vText

from kelurahan.models import Kelurahan, OutreachSession
from kelurahan.public.cache import public_page
from kelurahan.public.views.passport_ics import feed_passport_days, passport_day_event

JAKARTA = ZoneInfo("Asia/Jakarta")
# UIDs must never change, whatever host serves the feed, or calendars duplicate events.
UID_DOMAIN = "binaan.imigrasi-jakpus"
PRODID = "-//Kantor Imigrasi Jakarta Pusat//Desa Kelurahan Binaan//ID"
FEED_PAST_DAYS = 365
NATIONAL_FEED_EVENTS = 100
NATIONAL_FEED_PAST_DAYS = 14
NATIONAL_FEED_LONGEST_DAYS = 30  # no session lasts longer than this
FEED_CACHE_SECONDS = 900
CONTENT_TYPE = "text/calendar; charset=utf-8"
STATUS = {
    OutreachSession.Status.PLANNED: "CONFIRMED",
    OutreachSession.Status.HELD: "CONFIRMED",
    OutreachSession.Status.CANCELLED: "CANCELLED",
}


def session_uid(session: OutreachSession) -> str:
    return f"sosialisasi-{session.pk}@{UID_DOMAIN}"


def feed_sessions():
    """Published sessions of the last year and the future, oldest first, in one query."""
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    return (
        OutreachSession.objects.published()
        .filter(ends_at__gte=since)
        .select_related("kelurahan__kecamatan")
        .order_by("starts_at", "pk")
    )


def session_event(session: OutreachSession, url: str) -> Event:
    """One VEVENT; cancelled sessions keep their UID so subscribed calendars update them."""
    kelurahan = session.kelurahan
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", session.updated_at)
    event.add("last-modified", session.updated_at)
    event.add("dtstart", session.starts_at.astimezone(JAKARTA))
    event.add("dtend", session.ends_at.astimezone(JAKARTA))
    summary = str(session.i18n.title)
    if session.status == OutreachSession.Status.CANCELLED:
        summary = f"{_('Cancelled')}: {summary}"
    event.add("summary", summary)
    event.add("location", ", ".join(part for part in (session.venue, session.address) if part))
    event.add("url", url)
    event.add("status", STATUS[OutreachSession.Status(session.status)])
    place = _("Kelurahan %(name)s, Kecamatan %(kecamatan)s") % {
        "name": kelurahan.name,
        "kecamatan": kelurahan.kecamatan.name,
    }
    parts = [session.i18n.description.strip(), place]
    if session.status == OutreachSession.Status.CANCELLED:
        parts.insert(0, _("This session has been cancelled.") + " " + session.cancel_reason)
    event.add("description", "\n\n".join(part.strip() for part in parts + [url] if part))
    return event


def build_calendar(request, sessions, *, name: str, uid: str, passport_days=()) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("uid", f"{uid}@{UID_DOMAIN}")
    # icalendar writes properties it has no type for (NAME, X-WR-*) unescaped; as vText they are
    # escaped as RFC 5545 says, or other readers cut the name at its first comma.
    calendar.add("name", vText(name))
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", vText("Asia/Jakarta"))
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for session in sessions:
        url = request.build_absolute_uri(session.get_absolute_url())
        calendar.add_component(session_event(session, url))
    # Accepted passport service days (kelurahan/public/views/passport_ics.py).
    for day in passport_days:
        calendar.add_component(passport_day_event(day, request))
    calendar.add_missing_timezones(first_date=datetime.date(2000, 1, 1))
    return calendar


def _ics(calendar: Calendar, filename: str, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def national_feed_sessions():
    """Published sessions of the last NATIONAL_FEED_PAST_DAYS and the coming ones, at most
    NATIONAL_FEED_EVENTS, oldest first.

    Nationally a year of sessions is tens of thousands (69 MB of iCalendar, 69 s, at 500,000
    sessions), so the whole programme's feed keeps a short window; each kelurahan's feed
    (kelurahan/<slug>/jadwal.ics) keeps its own year. The starts_at bound lets the database
    read a short stretch of its starts_at index.
    """
    now = timezone.now()
    since = now - datetime.timedelta(days=NATIONAL_FEED_PAST_DAYS)
    started_since = since - datetime.timedelta(days=NATIONAL_FEED_LONGEST_DAYS)
    return feed_sessions().filter(starts_at__gte=started_since, ends_at__gte=since)[
        :NATIONAL_FEED_EVENTS
    ]


@public_page
@require_safe
@cache_control(public=True, max_age=FEED_CACHE_SECONDS)
def calendar_feed(request):
    """The programme's recent and coming sessions, for subscribing in a calendar app."""
    name = _("Desa/Kelurahan Binaan sessions, Jakarta Pusat")
    calendar = build_calendar(
        request,
        national_feed_sessions(),
        name=name,
        uid="jadwal",
        passport_days=feed_passport_days(),
    )
    return _ics(calendar, "jadwal.ics")


@public_page
@require_safe
@cache_control(public=True, max_age=FEED_CACHE_SECONDS)
def kelurahan_calendar(request, slug):
    """The published sessions of one kelurahan."""
    kelurahan = get_object_or_404(Kelurahan.objects.only("pk", "name", "slug"), slug=slug)
    sessions = feed_sessions().filter(kelurahan=kelurahan)
    name = _("Sessions in Kelurahan %(name)s") % {"name": kelurahan.name}
    days = feed_passport_days(kelurahan)
    calendar = build_calendar(
        request, sessions, name=name, uid=f"jadwal-{slug}", passport_days=days
    )
    return _ics(calendar, f"jadwal-{slug}.ics")


@public_page
@require_safe
def session_calendar(request, pk):
    """One published session as an .ics file to save in a phone's calendar."""
    session = get_object_or_404(
        OutreachSession.objects.published().select_related("kelurahan__kecamatan"), pk=pk
    )
    calendar = build_calendar(
        request, [session], name=session.title, uid=f"jadwal-sosialisasi-{pk}"
    )
    return _ics(calendar, f"sosialisasi-{pk}.ics", attachment=True)
