"""The anonymous tip line: tips, receipt codes, the reporter's additions, retention.

Nothing here receives or stores request data (address, browser): a tip is only what the
resident typed. The receipt code is 6 lookup digits (not secret) and 10 secret digits that
are stored only as a password hash, so a stolen database does not reveal any code.
"""

import datetime
import logging
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kelurahan.files.images import reencode_photo
from kelurahan.files.storage import private_storage
from kelurahan.models import AwarenessReport, Kelurahan, Office, ReportUpdate
from kelurahan.services.notifications import notify_report_received

logger = logging.getLogger(__name__)

LOOKUP_DIGITS = 6
SECRET_DIGITS = 10
RECEIPT_DIGITS = LOOKUP_DIGITS + SECRET_DIGITS
Status = AwarenessReport.Status


def normalize_receipt(text: str) -> str:
    """The digits of a receipt code as typed, with spaces or dashes."""
    return "".join(ch for ch in (text or "") if ch.isdigit())


def format_receipt(code: str) -> str:
    """Grouped in fours for reading aloud and writing down: 1234 5678 9012 3456."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def _random_digits(count: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(count))


def _assign_receipt(report: AwarenessReport) -> str:
    """Give the report a fresh receipt code and keep only its hash; return the code once."""
    for _attempt in range(50):
        lookup = _random_digits(LOOKUP_DIGITS)
        if not AwarenessReport.objects.filter(receipt_lookup=lookup).exists():
            break
    else:  # a million lookups in use: time for a longer code, not a silent retry loop
        raise RuntimeError("no free receipt lookup")
    secret = _random_digits(SECRET_DIGITS)
    report.receipt_lookup = lookup
    report.receipt_hash = make_password(secret)
    return lookup + secret


def default_office() -> Office:
    return Office.objects.get(slug=settings.TIP_DEFAULT_OFFICE)


@transaction.atomic
def tip_submit(
    *,
    observed: str,
    category: str = "",
    kelurahan: Kelurahan | None = None,
    observed_on: datetime.date | None = None,
    location: str = "",
    urgency: int = AwarenessReport.Urgency.NORMAL,
    contact: str = "",
    photo: File | None = None,
) -> tuple[AwarenessReport, str]:
    """File an anonymous tip; return it with its receipt code, which is never stored."""
    if not (observed or "").strip():
        raise ValidationError({"observed": _("Tell us what happened.")})
    report = AwarenessReport(
        source=AwarenessReport.Source.TIP_LINE,
        # A place no office covers yet: the default office receives the tip and passes it on.
        office=kelurahan.office if kelurahan and kelurahan.office else default_office(),
        kelurahan=kelurahan,
        category=category,
        observed=observed.strip(),
        observed_on=observed_on,
        location_street=location.strip(),
        urgency=urgency,
        reporter_contact=contact.strip(),
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    code = _assign_receipt(report)
    clean_photo = reencode_photo(photo) if photo else None
    report.full_clean()
    report.save()
    if clean_photo:
        report.photo.save(clean_photo.name, clean_photo, save=True)
    ReportUpdate.objects.create(report=report, author=None, to_status=Status.SUBMITTED)
    logger.info("tip %s received", report.pk)
    notify_report_received(report=report)  # queued in this transaction: never lost
    return report, code


def tip_find(code: str) -> AwarenessReport | None:
    """The tip a receipt code opens, or None; every miss costs the same hashing time."""
    digits = normalize_receipt(code)
    lookup, secret = digits[:LOOKUP_DIGITS], digits[LOOKUP_DIGITS:]
    report = None
    if len(digits) == RECEIPT_DIGITS:
        report = AwarenessReport.objects.filter(receipt_lookup=lookup).first()
    if report is None:
        make_password(secret)  # same work as a real check, so timing tells nothing
        return None
    return report if check_password(secret, report.receipt_hash) else None


@transaction.atomic
def tip_add_information(*, report: AwarenessReport, message: str) -> ReportUpdate:
    """The resident, holding the receipt code, adds to their report."""
    if not (message or "").strip():
        raise ValidationError({"message": _("Write the information you want to add.")})
    report = AwarenessReport.objects.select_for_update().get(pk=report.pk)
    if report.status in AwarenessReport.FINAL_STATUSES:
        raise ValidationError(_("This report is closed and can no longer receive information."))
    update = ReportUpdate.objects.create(
        report=report, author=None, reporter_message=message.strip()
    )
    logger.info("report %s: reporter added information", report.pk)
    return update


@transaction.atomic
def report_issue_receipt(*, report: AwarenessReport, by: User) -> str:
    """Receipt code for a resident whose report an officer filed for them (shown once)."""
    report = AwarenessReport.objects.select_for_update().get(pk=report.pk)
    if report.source != AwarenessReport.Source.ASSISTED or report.receipt_lookup:
        raise ValidationError(_("This report cannot get a receipt code."))
    code = _assign_receipt(report)
    report.save(update_fields=["receipt_lookup", "receipt_hash", "updated_at"])
    logger.info("report %s: receipt issued by user %s", report.pk, by.pk)
    return code


def tips_expired(*, now: datetime.datetime | None = None) -> QuerySet[AwarenessReport]:
    """Resident reports closed longer ago than the retention period (what the purge deletes)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.TIP_RETENTION_DAYS)
    return AwarenessReport.objects.filter(
        source__in=AwarenessReport.RESIDENT_SOURCES, closed_at__lt=cutoff
    )


def tips_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete resident reports closed longer ago than the retention period, photos included."""
    expired = tips_expired(now=now)
    count = 0
    for report in expired.iterator():
        photo_name = report.photo.name
        with transaction.atomic():
            report.delete()  # its timeline rows go with it (on_delete=CASCADE)
        if photo_name:  # only once the row is gone, so a failed delete keeps its photo
            private_storage.delete(photo_name)
        count += 1
    logger.info("purged %s expired resident reports", count)
    return count
