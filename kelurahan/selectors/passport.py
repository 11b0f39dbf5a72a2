"""Reads about passport service days: public listings, the kelurahan page, one day.

Residents see accepted days and days already held, never a request still waiting or declined,
and never the contact person's phone (that is for the office).
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kelurahan.models import PassportServiceDay

PUBLIC_UPCOMING = 50
KELURAHAN_UPCOMING = 3


def _public_days() -> QuerySet[PassportServiceDay]:
    return PassportServiceDay.objects.public().select_related(
        "kelurahan__kecamatan", "kelurahan__office"
    )


def upcoming_passport_days(kelurahan=None, limit: int = PUBLIC_UPCOMING) -> list:
    """Accepted service days that have not ended, soonest first, in one query."""
    days = _public_days().upcoming()
    if kelurahan is not None:
        days = days.filter(kelurahan=kelurahan)
    return list(days[:limit])


def passport_days_page() -> dict:
    """/layanan-paspor/: the coming service days in every kelurahan."""
    return {"days": upcoming_passport_days()}


def passport_day_page(pk: int) -> dict:
    """One accepted (or held) service day, else 404."""
    day = get_object_or_404(_public_days(), pk=pk)
    return {"day": day, "kelurahan": day.kelurahan}


def calendar_passport_days(since, kelurahan=None) -> QuerySet[PassportServiceDay]:
    """Public service days ending after `since`, for the calendar feeds, in one query."""
    days = _public_days().filter(ends_at__gte=since).order_by("starts_at", "pk")
    return days.filter(kelurahan=kelurahan) if kelurahan is not None else days
