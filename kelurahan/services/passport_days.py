"""Passport service days ("Eazy Passport"): request, accept, decline, record results.

Each function locks the row, checks the guard, writes, and tells whoever must know; auditlog
(kelurahan/audit.py) records every change with its actor.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kelurahan.models import Kelurahan, PassportServiceDay
from kelurahan.services.notifications import (
    notify_passport_day_accepted,
    notify_passport_day_declined,
)

logger = logging.getLogger(__name__)
Status = PassportServiceDay.Status


def minimum_applicants(vulnerable_group: str) -> int:
    """The least number of applicants a request needs: none for vulnerable groups."""
    return 1 if vulnerable_group else settings.EAZY_PASSPORT_MIN_APPLICANTS


def _locked(day: PassportServiceDay) -> PassportServiceDay:
    return PassportServiceDay.objects.select_for_update().get(pk=day.pk)


def _log(action: str, day: PassportServiceDay, by: User | None) -> None:
    logger.info("passport day %s %s by user %s", day.pk, action, getattr(by, "pk", None))


def _check_request(day: PassportServiceDay) -> None:
    errors = {}
    least = minimum_applicants(day.vulnerable_group)
    if day.expected_applicants is not None and day.expected_applicants < least:
        errors["expected_applicants"] = _(
            "The office usually needs at least %(count)d applicants. For children under 5, "
            "people over 60 or people with disabilities there is no minimum."
        ) % {"count": least}
    if day.preferred_date and day.preferred_date <= timezone.localdate():
        errors["preferred_date"] = _("Choose a date after today.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def passport_day_request(
    *,
    kelurahan: Kelurahan,
    requested_by: User,
    expected_applicants: int,
    preferred_date: datetime.date,
    venue: str,
    contact_name: str,
    contact_phone: str,
    vulnerable_group: str = "",
    alternative_date: datetime.date | None = None,
    address: str = "",
) -> PassportServiceDay:
    """A kelurahan asks its office for a passport service day; staff decide in the admin."""
    day = PassportServiceDay(
        kelurahan=kelurahan,
        requested_by=requested_by,
        expected_applicants=expected_applicants,
        vulnerable_group=vulnerable_group or "",
        preferred_date=preferred_date,
        alternative_date=alternative_date,
        venue=venue.strip(),
        address=address.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
    )
    day.full_clean()
    _check_request(day)
    day.save()
    _log("requested", day, requested_by)
    return day


@transaction.atomic
def passport_day_accept(
    *,
    day: PassportServiceDay,
    by: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: str = "",
    address: str | None = None,
) -> PassportServiceDay:
    """The office accepts with a date and time, and confirms (or changes) the venue."""
    day = _locked(day)
    if not day.can_be_decided():
        raise ValidationError(_("Only a request still waiting for a decision can be accepted."))
    if starts_at is None or ends_at is None:
        raise ValidationError({"starts_at": _("Give the day and time of the service.")})
    day.starts_at, day.ends_at = starts_at, ends_at
    if venue.strip():
        day.venue = venue.strip()
    if address is not None:
        day.address = address.strip()
    day.status, day.decided_by, day.decided_at = Status.ACCEPTED, by, timezone.now()
    day.full_clean()
    day.save()
    notify_passport_day_accepted(day=day)
    _log("accepted", day, by)
    return day


@transaction.atomic
def passport_day_decline(*, day: PassportServiceDay, by: User, reason: str) -> PassportServiceDay:
    """The office declines, saying why; the officer sees the reason on their list."""
    day = _locked(day)
    if not day.can_be_decided():
        raise ValidationError(_("Only a request still waiting for a decision can be declined."))
    if not (reason or "").strip():
        raise ValidationError({"decline_reason": _("Say why the request is declined.")})
    day.status, day.decided_by, day.decided_at = Status.DECLINED, by, timezone.now()
    day.decline_reason = reason.strip()
    day.save(update_fields=["status", "decided_by", "decided_at", "decline_reason", "updated_at"])
    notify_passport_day_declined(day=day)
    _log("declined", day, by)
    return day


@transaction.atomic
def passport_day_record_results(
    *, day: PassportServiceDay, by: User, applications_served: int, applications_delayed: int
) -> PassportServiceDay:
    """After the day: applications served, and those delayed for suspected illegal migration."""
    day = _locked(day)
    if not day.can_record_results():
        raise ValidationError(
            _("Results can only be recorded for an accepted service day that has started.")
        )
    if applications_served is None or applications_delayed is None:
        raise ValidationError(_("Give both numbers; write 0 when there were none."))
    if applications_served < 0 or applications_delayed < 0:
        raise ValidationError(_("The numbers cannot be negative."))
    day.applications_served = applications_served
    day.applications_delayed = applications_delayed
    day.status = Status.HELD
    day.save(update_fields=["applications_served", "applications_delayed", "status", "updated_at"])
    _log("results recorded", day, by)
    return day
