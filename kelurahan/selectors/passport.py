"""Reads about passport service days: public listings, the kelurahan page, one day.

Residents see accepted days and days already held, never a request still waiting or declined,
and never the contact person's phone (that is for the office).
"""

from django.conf import settings
from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kelurahan.models import PassportServiceDay
from kelurahan.models.passport import PassportDayQuerySet
from kelurahan.permissions import scope_to_user

PUBLIC_UPCOMING = 50
KELURAHAN_UPCOMING = 3


def _public_days() -> PassportDayQuerySet:
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
    return {
        "days": upcoming_passport_days(),
        "min_applicants": settings.EAZY_PASSPORT_MIN_APPLICANTS,
    }


def passport_day_page(pk: int) -> dict:
    """One accepted (or held) service day, else 404."""
    day = get_object_or_404(_public_days(), pk=pk)
    return {"day": day, "kelurahan": day.kelurahan}


def calendar_passport_days(since, kelurahan=None) -> QuerySet[PassportServiceDay]:
    """Public service days ending after `since`, for the calendar feeds, in one query."""
    days = _public_days().filter(ends_at__gte=since).order_by("starts_at", "pk")
    return days.filter(kelurahan=kelurahan) if kelurahan is not None else days


# --- Figures for the recaps (selectors/recap.py) and the open data (selectors/opendata.py) ---

RECAP_KEYS = ("passport:days", "passport:served", "passport:delayed")


def held_passport_days(start, end) -> QuerySet[PassportServiceDay]:
    """Service days held in [start, end) whose results were recorded."""
    return PassportServiceDay.objects.filter(
        status=PassportServiceDay.Status.HELD, starts_at__gte=start, starts_at__lt=end
    )


def recap_passport_figures(days: QuerySet, group: str):
    """(group key, {column key: number}) per kelurahan or kecamatan, in one grouped query."""
    rows = (
        days.order_by()
        .values(group)
        .annotate(
            days=Count("pk"),
            served=Sum("applications_served"),
            delayed=Sum("applications_delayed"),
        )
    )
    for row in rows:
        yield (
            row[group],
            {
                "passport:days": row["days"],
                "passport:served": row["served"] or 0,
                "passport:delayed": row["delayed"] or 0,
            },
        )


def open_data_passport_figures() -> dict:
    """(kode wilayah, month) -> applications served and delayed, in one query.

    Only days whose results were recorded count; the month is the day's, Jakarta time.
    """
    rows = (
        PassportServiceDay.objects.filter(status=PassportServiceDay.Status.HELD)
        .values(
            kode=F("kelurahan__kode"),
            kelurahan_name=F("kelurahan__name"),
            kecamatan=F("kelurahan__kecamatan__name"),
            month=TruncMonth("starts_at"),
        )
        .annotate(served=Sum("applications_served"), delayed=Sum("applications_delayed"))
        .order_by()
    )
    return {(row["kode"], f"{timezone.localtime(row['month']):%Y-%m}"): row for row in rows}


def passport_requests_waiting(user) -> QuerySet[PassportServiceDay]:
    """Requests of the user's office still waiting for a decision, soonest wished date first.

    For the office's inbox on the admin index (one line per request, linking to its admin page).
    """
    waiting = PassportServiceDay.objects.filter(status=PassportServiceDay.Status.REQUESTED)
    return scope_to_user(waiting, user).select_related("kelurahan").order_by("preferred_date", "pk")
