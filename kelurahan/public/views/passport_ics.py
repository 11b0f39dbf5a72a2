"""Passport service days as calendar events, for the feeds of kelurahan/public/views/calendar.py."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event

from kelurahan.selectors.passport import calendar_passport_days

JAKARTA = ZoneInfo("Asia/Jakarta")
UID_DOMAIN = "binaan.imigrasi-jakpus"  # the same as the sessions': UIDs never change
FEED_PAST_DAYS = 365


def feed_passport_days(kelurahan=None):
    """Accepted and held service days of the last year and the future, in one query."""
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    return calendar_passport_days(since, kelurahan)


def passport_day_event(day, request) -> Event:
    """One VEVENT for an accepted (or held) passport service day."""
    kelurahan = day.kelurahan
    url = request.build_absolute_uri(day.get_absolute_url())
    event = Event()
    event.add("uid", f"layanan-paspor-{day.pk}@{UID_DOMAIN}")
    event.add("dtstamp", day.updated_at)
    event.add("last-modified", day.updated_at)
    event.add("dtstart", day.starts_at.astimezone(JAKARTA))
    event.add("dtend", day.ends_at.astimezone(JAKARTA))
    event.add("summary", _("Passport service in Kelurahan %(name)s") % {"name": kelurahan.name})
    event.add("location", ", ".join(part for part in (day.venue, day.address) if part))
    event.add("url", url)
    event.add("status", "CONFIRMED")
    text = _(
        "The immigration office takes passport applications on site. Register with the "
        "kelurahan office first and bring your original documents."
    )
    event.add("description", f"{text}\n\n{url}")
    return event
