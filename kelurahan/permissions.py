"""The one place that decides which kelurahan, and so which records, a user may touch.

Officer views and ModelAdmin.get_queryset both scope through `scope_to_user`, so a record
outside a user's reach is simply absent: the views answer 404, never 403.
"""

from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from kelurahan.models import (
    AwarenessReport,
    Kelurahan,
    KelurahanOfficer,
    LiaisonOfficer,
    Office,
    OutreachSession,
    Question,
)
from kelurahan.querysets import KelurahanQuerySet

# Scoping narrows a queryset without changing its class: custom methods stay available.
_QuerySetT = TypeVar("_QuerySetT", bound=QuerySet[Any])


def officer_profile(user) -> KelurahanOfficer | None:
    """The kelurahan officer behind an active, non-staff account, or None."""
    if not (user.is_authenticated and user.is_active) or user.is_staff:
        return None
    try:
        return KelurahanOfficer.objects.select_related("kelurahan").get(user=user)
    except KelurahanOfficer.DoesNotExist:
        return None


def staff_office(user) -> Office | None:
    """The office a staff member works for, or None."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    membership = getattr(user, "office_staff", None)
    return membership.office if membership else None


def visible_kelurahan(user) -> KelurahanQuerySet:
    """Kelurahan whose records the user may see and change."""
    everything = Kelurahan.objects.all()
    if not (user.is_authenticated and user.is_active):
        return everything.none()
    if user.is_superuser:
        return everything
    if user.is_staff:
        office = staff_office(user)
        return everything.filter(office=office) if office else everything.none()
    officer = officer_profile(user)
    return everything.filter(pk=officer.kelurahan_id) if officer else everything.none()


def scope_to_user(queryset: _QuerySetT, user, kelurahan_path: str = "kelurahan") -> _QuerySetT:
    """Limit any queryset to the records of the kelurahan the user may touch."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return queryset
    if queryset.model is AwarenessReport:
        return _scope_reports(queryset, user)
    if queryset.model is Question:
        return _scope_questions(queryset, user)
    office_path = _stored_office_path(queryset.model, kelurahan_path)
    if office_path and user.is_authenticated and user.is_active and user.is_staff:
        # The session's own copy of its kelurahan's office: no join through kelurahan.
        office = staff_office(user)
        return queryset.filter(**{office_path: office}) if office else queryset.none()
    if kelurahan_path == "":
        return queryset.filter(pk__in=visible_kelurahan(user).values("pk"))
    return queryset.filter(**{f"{kelurahan_path}__in": visible_kelurahan(user).values("pk")})


def _stored_office_path(model, kelurahan_path: str) -> str | None:
    """The lookup to OutreachSession.office when the path to the kelurahan goes through a session.

    "kelurahan" on sessions gives "office"; "session__kelurahan" on a session's changes gives
    "session__office". The database keeps that office equal to the kelurahan's (migration 0020).
    """
    *hops, last = kelurahan_path.split("__")
    if last != "kelurahan":
        return None
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return "__".join([*hops, "office"]) if model is OutreachSession else None


def _scope_reports(queryset: _QuerySetT, user) -> _QuerySetT:
    """Staff: their office's reports, tips included. Officers: their kelurahan's, never tips.

    A tip may be about the kelurahan's own people, so kelurahan officers never see one.
    """
    office = staff_office(user)
    if office is not None:
        return queryset.filter(office=office)
    officer = officer_profile(user)
    if officer is None:
        return queryset.none()
    return queryset.filter(kelurahan_id=officer.kelurahan_id).exclude(
        source=AwarenessReport.Source.TIP_LINE
    )


def _scope_questions(queryset: _QuerySetT, user) -> _QuerySetT:
    """Staff: their office's questions. Officers: those relayed from their kelurahan only.

    A question a resident asked at /tanya/ is as private as a tip: no kelurahan officer sees it.
    """
    office = staff_office(user)
    if office is not None:
        return queryset.filter(office=office)
    officer = officer_profile(user)
    if officer is None:
        return queryset.none()
    return queryset.filter(kelurahan_id=officer.kelurahan_id, source=Question.Source.OFFICER)


def scope_to_office(queryset: _QuerySetT, user, office_path: str = "office") -> _QuerySetT:
    """Limit office-owned records (liaison officers, staff) to the user's own office."""
    if user.is_superuser:
        return queryset
    office = staff_office(user)
    return queryset.filter(**{office_path: office}) if office else queryset.none()


def office_choices(user) -> QuerySet[Office]:
    """Offices a user may see and pick: all for superusers, otherwise only their own."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Office.objects.all()
    office = staff_office(user)
    return Office.objects.filter(pk=office.pk) if office else Office.objects.none()


def staff_choices(user) -> QuerySet:
    """Staff accounts a user may pick (assignees, liaison accounts): their office's staff."""
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
    if user.is_authenticated and user.is_active and user.is_superuser:
        return staff
    office = staff_office(user)
    return staff.filter(office_staff__office=office) if office else staff.none()


def can_edit_office(user, office: Office | None) -> bool:
    """Superusers edit every office; staff only their own office's public details."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    own = staff_office(user)
    return own is not None and (office is None or office.pk == own.pk)


def helpable_accounts(user=None) -> QuerySet:
    """Kelurahan officers' and liaison officers' (PIMPASA) accounts, never a superuser's.

    With `user`: only those a staff member looks after (their own office; superusers: all).
    """
    officers = KelurahanOfficer.objects.all()
    liaisons = LiaisonOfficer.objects.exclude(user=None)
    if user is not None:
        officers = scope_to_user(officers, user)
        liaisons = scope_to_office(liaisons, user)
    accounts = get_user_model().objects.filter(is_superuser=False)
    return accounts.filter(pk__in=officers.values("user_id")) | accounts.filter(
        pk__in=liaisons.values("user_id")
    )


def changes_need_review(user) -> bool:
    """Whether what `user` changes on a public page waits for office staff to approve it.

    Kelurahan officers' changes do; staff's and management commands' (no user) do not.
    """
    return user is not None and not getattr(user, "is_staff", False)
