"""Binaan designations, liaison-officer assignments and which cities an office covers."""

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kelurahan.models import (
    Kecamatan,
    Kelurahan,
    KelurahanSlugRedirect,
    Kota,
    LiaisonAssignment,
    LiaisonOfficer,
    Office,
    OutreachSession,
)
from kelurahan.public.cache import public_content_changed

logger = logging.getLogger(__name__)


# What the admin may correct besides the designation; slug and kode never change here.
KELURAHAN_DETAILS = ("name", "kecamatan", "kind", "postal_code", "designation_target")
# What office staff may change of their own office: the details the public pages show.
OFFICE_CONTACT_FIELDS = (
    "address",
    "phone",
    "whatsapp",
    "email",
    "website",
    "opening_hours",
    "notification_email",
)
OFFICE_FIELDS = ("name", "slug", "office_class", *OFFICE_CONTACT_FIELDS)


@transaction.atomic
def kelurahan_create(
    *, kecamatan: Kecamatan, kode: str, name: str, slug: str, by: User | None = None, **details: Any
) -> Kelurahan:
    """Add a desa/kelurahan by hand (regions normally come from load_wilayah)."""
    _require_free_slug(slug)
    kelurahan = Kelurahan(kecamatan=kecamatan, kode=kode, name=name, slug=slug, **details)
    kelurahan.office = kecamatan.kota.offices.first()
    kelurahan.full_clean()
    kelurahan.save()
    logger.info("kelurahan %s added by user %s", kelurahan.kode, getattr(by, "pk", None))
    return kelurahan


@transaction.atomic
def kelurahan_update(*, kelurahan: Kelurahan, by: User | None = None, **changes: Any) -> Kelurahan:
    """Correct a kelurahan's name, kecamatan, kind, postal code or designation target."""
    unknown = set(changes) - set(KELURAHAN_DETAILS)
    if unknown:
        raise TypeError(f"kelurahan_update cannot change {sorted(unknown)}")
    kelurahan = Kelurahan.objects.select_for_update().get(pk=kelurahan.pk)
    for field, value in changes.items():
        setattr(kelurahan, field, value)
    kelurahan.full_clean()
    kelurahan.save()
    logger.info("kelurahan %s corrected by user %s", kelurahan.kode, getattr(by, "pk", None))
    return kelurahan


@transaction.atomic
def kelurahan_change_slug(*, kelurahan: Kelurahan, slug: str, by: User | None = None) -> Kelurahan:
    """Give a kelurahan a new public address; the old one redirects there for good."""
    kelurahan = Kelurahan.objects.select_for_update().get(pk=kelurahan.pk)
    old = kelurahan.slug
    if slug == old:
        raise ValidationError({"slug": _("This is already the kelurahan's address.")})
    # Going back to one of its own former addresses is allowed: that redirect is dropped.
    KelurahanSlugRedirect.objects.filter(old_slug=slug, kelurahan=kelurahan).delete()
    _require_free_slug(slug)
    kelurahan.slug = slug
    kelurahan.full_clean()
    kelurahan.save(update_fields=["slug"])
    KelurahanSlugRedirect.objects.create(old_slug=old, kelurahan=kelurahan)
    LogEntry.objects.log_create(
        kelurahan,
        action=LogEntry.Action.UPDATE,
        changes={"slug": [old, slug]},
        actor=by if getattr(by, "is_authenticated", False) else None,
    )
    public_content_changed()
    logger.info("kelurahan %s renamed by user %s", kelurahan.kode, getattr(by, "pk", None))
    return kelurahan


def _require_free_slug(slug: str) -> None:
    """A slug that a kelurahan has or once had is a printed address: never given to another."""
    if (
        Kelurahan.objects.filter(slug=slug).exists()
        or KelurahanSlugRedirect.objects.filter(old_slug=slug).exists()
    ):
        raise ValidationError({"slug": _("This address is or was used by another kelurahan.")})


@transaction.atomic
def office_save(*, office: Office | None, by: User | None = None, **fields: Any) -> Office:
    """Create an office or change its details (staff: only the public contact fields)."""
    unknown = set(fields) - set(OFFICE_FIELDS)
    if unknown:
        raise TypeError(f"office_save cannot change {sorted(unknown)}")
    if office is None or office.pk is None:
        office = Office()
    else:
        office = Office.objects.select_for_update().get(pk=office.pk)
    for field, value in fields.items():
        setattr(office, field, value)
    office.full_clean()
    office.save()
    logger.info("office %s saved by user %s", office.slug, getattr(by, "pk", None))
    return office


@transaction.atomic
def kelurahan_designate(
    *,
    kelurahan: Kelurahan,
    since: datetime.date,
    sk_number: str = "",
    notes: str = "",
    by: User | None = None,
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
def kelurahan_revoke_designation(*, kelurahan: Kelurahan, by: User | None = None) -> Kelurahan:
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
    *,
    officer: LiaisonOfficer,
    kelurahan: Kelurahan,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    by: User | None = None,
) -> LiaisonAssignment:
    """Assign a liaison officer to a kelurahan; an open assignment of the same pair is refused.

    With `end_date`, the assignment is recorded as already ended (history typed in late).
    """
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
    if end_date:
        return liaison_end_assignment(assignment=assignment, end_date=end_date, by=by)
    return assignment


ASSIGNMENT_CORRECTIONS = ("officer", "kelurahan", "start_date", "end_date")


@transaction.atomic
def liaison_assignment_update(
    *, assignment: LiaisonAssignment, by: User | None = None, **changes: Any
) -> LiaisonAssignment:
    """Correct an assignment; giving an open one an end date ends it (liaison_end_assignment)."""
    unknown = set(changes) - set(ASSIGNMENT_CORRECTIONS)
    if unknown:
        raise TypeError(f"liaison_assignment_update cannot change {sorted(unknown)}")
    assignment = LiaisonAssignment.objects.select_for_update().get(pk=assignment.pk)
    ending = changes.get("end_date") if assignment.end_date is None else None
    if ending:
        del changes["end_date"]
    if changes:
        for field, value in changes.items():
            setattr(assignment, field, value)
        assignment.full_clean()
        assignment.save()
        logger.info("assignment %s corrected by user %s", assignment.pk, getattr(by, "pk", None))
    if ending:
        assignment = liaison_end_assignment(assignment=assignment, end_date=ending, by=by)
    return assignment


@transaction.atomic
def liaison_end_assignment(
    *, assignment: LiaisonAssignment, end_date: datetime.date, by: User | None = None
) -> LiaisonAssignment:
    assignment = LiaisonAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.end_date:
        raise ValidationError(_("This assignment has already ended."))
    assignment.end_date = end_date
    assignment.full_clean()
    assignment.save(update_fields=["end_date"])
    logger.info("assignment %s ended by user %s", assignment.pk, getattr(by, "pk", None))
    return assignment


def office_cities_check(*, office: Office, cities: Iterable[Kota]) -> None:
    """Refuse a coverage that takes another office's city or strands current assignments.

    A city has one office at most; a city the office gives up must first lose the office's
    current liaison assignments, which would otherwise cross office boundaries.
    """
    wanted = {city.pk for city in cities}
    claimed = (
        Office.cities.through.objects.filter(kota_id__in=wanted)
        .exclude(office_id=office.pk)
        .select_related("kota", "office")
        .order_by("kota__kode")
    )
    errors = [
        _("%(city)s is already covered by %(office)s; remove it there first.")
        % {"city": link.kota.name, "office": link.office.name}
        for link in claimed
    ]
    if office.pk:
        stranded = (
            LiaisonAssignment.objects.current()
            .filter(officer__office=office, kelurahan__kecamatan__kota__offices=office)
            .exclude(kelurahan__kecamatan__kota_id__in=wanted)
            .select_related("kelurahan__kecamatan__kota")
            .order_by("kelurahan__kode")
        )
        errors += [
            _("%(kelurahan)s (%(city)s) still has a current liaison assignment; end it first.")
            % {"kelurahan": item.kelurahan.name, "city": item.kelurahan.kecamatan.kota.name}
            for item in stranded
        ]
    if errors:
        raise ValidationError(errors)


def _sessions_follow(office: Office, wanted: set, given_up: set) -> None:
    """The sessions of the kelurahan moved take their kelurahan's new office, in bulk.

    Migration 0020's trigger has already done it inside the kelurahan updates (whatever code
    moves a kelurahan); these find nothing then, and keep the sessions right where a database
    lost the trigger (SQLite drops it when a later migration rebuilds the table).
    """
    sessions = OutreachSession.objects.order_by()
    sessions.filter(kelurahan__kecamatan__kota_id__in=wanted).exclude(office=office).update(
        office=office
    )
    sessions.filter(office=office, kelurahan__kecamatan__kota_id__in=given_up).update(office=None)


@transaction.atomic
def office_set_cities(*, office: Office, cities: Iterable[Kota], by: User | None = None) -> Office:
    """Make the office cover exactly these cities, and serve their kelurahan and no others.

    Kelurahan.office is the stored copy of this coverage: kelurahan of the added cities get the
    office, kelurahan of the cities it gave up get none.
    """
    cities = list(cities)
    office = Office.objects.select_for_update().get(pk=office.pk)
    # Locked, so that two offices claiming the same city at once wait for each other.
    wanted = set(
        Kota.objects.select_for_update()
        .filter(pk__in=[c.pk for c in cities])
        .values_list("pk", flat=True)
    )
    office_cities_check(office=office, cities=cities)
    given_up = set(office.cities.values_list("pk", flat=True)) - wanted
    office.cities.set(wanted)
    served = (
        Kelurahan.objects.filter(kecamatan__kota_id__in=wanted)
        .exclude(office=office)
        .update(office=office)
    )
    released = Kelurahan.objects.filter(office=office, kecamatan__kota_id__in=given_up).update(
        office=None
    )
    _sessions_follow(office, wanted, given_up)
    public_content_changed()  # update() sends no signal: cached public pages show the offices
    logger.info(
        "office %s covers %d cities (%d kelurahan added, %d released) by user %s",
        office.slug,
        len(wanted),
        served,
        released,
        getattr(by, "pk", None),
    )
    return office
