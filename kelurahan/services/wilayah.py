"""Binaan designations and liaison-officer assignments."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kelurahan.models import Kelurahan, LiaisonAssignment, LiaisonOfficer

logger = logging.getLogger(__name__)


@transaction.atomic
def kelurahan_designate(
    *, kelurahan: Kelurahan, since: datetime.date, sk_number: str = "", notes: str = "", by=None
) -> Kelurahan:
    """Designate a kelurahan as binaan from a date, with its decree."""
    kelurahan = Kelurahan.objects.select_for_update().get(pk=kelurahan.pk)
    kelurahan.is_binaan = True
    kelurahan.binaan_since = since
    kelurahan.sk_number = sk_number
    kelurahan.binaan_notes = notes
    kelurahan.full_clean()
    kelurahan.save()
    logger.info(
        "kelurahan %s designated binaan by user %s", kelurahan.kode, getattr(by, "pk", None)
    )
    return kelurahan


@transaction.atomic
def kelurahan_revoke_designation(*, kelurahan: Kelurahan, by=None) -> Kelurahan:
    kelurahan = Kelurahan.objects.select_for_update().get(pk=kelurahan.pk)
    if not kelurahan.is_binaan:
        raise ValidationError(_("This kelurahan is not binaan."))
    kelurahan.is_binaan = False
    kelurahan.save(update_fields=["is_binaan"])
    logger.info(
        "kelurahan %s designation revoked by user %s", kelurahan.kode, getattr(by, "pk", None)
    )
    return kelurahan


@transaction.atomic
def liaison_assign(
    *, officer: LiaisonOfficer, kelurahan: Kelurahan, start_date: datetime.date, by=None
) -> LiaisonAssignment:
    """Assign a liaison officer to a kelurahan; an open assignment of the same pair is refused."""
    LiaisonOfficer.objects.select_for_update().get(pk=officer.pk)
    if (
        LiaisonAssignment.objects.current(start_date)
        .filter(officer=officer, kelurahan=kelurahan)
        .exists()
    ):
        raise ValidationError(_("This officer is already assigned to this kelurahan."))
    assignment = LiaisonAssignment(officer=officer, kelurahan=kelurahan, start_date=start_date)
    assignment.full_clean()
    assignment.save()
    logger.info(
        "liaison %s assigned to %s by user %s", officer.pk, kelurahan.kode, getattr(by, "pk", None)
    )
    return assignment


@transaction.atomic
def liaison_end_assignment(
    *, assignment: LiaisonAssignment, end_date: datetime.date, by=None
) -> LiaisonAssignment:
    assignment = LiaisonAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.end_date:
        raise ValidationError(_("This assignment has already ended."))
    assignment.end_date = end_date
    assignment.full_clean()
    assignment.save(update_fields=["end_date"])
    logger.info("assignment %s ended by user %s", assignment.pk, getattr(by, "pk", None))
    return assignment
