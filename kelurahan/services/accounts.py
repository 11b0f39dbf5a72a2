"""Officer accounts: onboarding without a password, the one-time link, deactivation, lockouts.

Staff never see or type an officer's password. A new account has an unusable password; the
officer chooses one through a link made by Django's default_token_generator, which expires
after PASSWORD_RESET_TIMEOUT and stops working once the password is set. The same link serves a
forgotten password, and kelurahan officers and liaison officers (PIMPASA) are helped alike.
"""

import logging
from typing import Any

from auditlog.models import LogEntry
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kelurahan.models import Kelurahan, KelurahanOfficer
from kelurahan.services.notifications import queue_email

logger = logging.getLogger(__name__)

ACCOUNT_EMAIL_KIND = "account_link"
INVITATION = "invitation"
RESET = "reset"


def suggest_username(*, name: str, kelurahan: Kelurahan) -> str:
    """A free username such as petugas.kebonkosong, or petugas.kebonkosong.sari when taken."""
    place = kelurahan.slug.replace("-", "")
    first = (slugify(name).split("-") or [""])[0]
    candidates = [f"petugas.{place}"] + ([f"petugas.{place}.{first}"] if first else [])
    users = get_user_model().objects
    for candidate in candidates:
        if not users.filter(username__iexact=candidate).exists():
            return candidate
    number = 2
    while users.filter(username__iexact=f"{candidates[-1]}{number}").exists():
        number += 1
    return f"{candidates[-1]}{number}"


@transaction.atomic
def officer_onboard(
    *,
    name: str,
    email: str,
    phone: str,
    kelurahan: Kelurahan,
    position: str,
    username: str,
    by: User,
) -> KelurahanOfficer:
    """Create a kelurahan officer's account without a password and e-mail them the link."""
    users = get_user_model().objects
    if users.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken; choose another.")})
    if users.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Another account already uses this e-mail address.")})
    first_name, _space, last_name = " ".join(name.split()).partition(" ")
    user = users.model(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    officer = KelurahanOfficer(user=user, kelurahan=kelurahan, position=position, phone=phone)
    officer.full_clean()
    officer.save()
    _audit(user, by, "account created; password link sent")
    send_password_link(user=user, purpose=INVITATION)
    logger.info("officer account %s onboarded by user %s", user.pk, getattr(by, "pk", None))
    return officer


OFFICER_FIELDS = ("kelurahan", "position", "phone")


@transaction.atomic
def officer_update(*, officer: KelurahanOfficer, by: User, **changes: Any) -> KelurahanOfficer:
    """Correct a kelurahan officer's kelurahan, position or phone."""
    unknown = set(changes) - set(OFFICER_FIELDS)
    if unknown:
        raise TypeError(f"officer_update cannot change {sorted(unknown)}")
    officer = KelurahanOfficer.objects.select_for_update().get(pk=officer.pk)
    for field, value in changes.items():
        setattr(officer, field, value)
    officer.full_clean()
    officer.save()
    logger.info("officer %s updated by user %s", officer.pk, getattr(by, "pk", None))
    return officer


@transaction.atomic
def account_resend_password_link(*, user: User, by: User) -> User:
    """Send the one-time link again (lost e-mail, expired link); the password stays as it is."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    _require_helpable(user)
    if not user.email:
        raise ValidationError(_("%(user)s has no e-mail address.") % {"user": user})
    _audit(user, by, "password link sent")
    purpose = RESET if user.has_usable_password() else INVITATION
    send_password_link(user=user, purpose=purpose)
    return user


@transaction.atomic
def account_deactivate(*, user: User, by: User) -> User:
    """Stop an officer's account: it can no longer log in, and its open sessions end."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    _require_helpable(user)
    if not user.is_active:
        raise ValidationError(_("%(user)s is already deactivated.") % {"user": user})
    user.is_active = False
    user.save(update_fields=["is_active"])  # auditlog records the change and its actor
    logger.info("account %s deactivated by user %s", user.pk, getattr(by, "pk", None))
    return user


@transaction.atomic
def account_unlock(*, user: User, by: User) -> int:
    """Lift the login pause (django-axes) of an officer's username; returns attempts removed."""
    _require_helpable(user)
    removed = axes_reset(username=user.get_username())
    _audit(user, by, "login lockout lifted")
    logger.info("lockout of account %s lifted by user %s", user.pk, getattr(by, "pk", None))
    return removed


def _require_helpable(user: User) -> None:
    """Superuser accounts are looked after by superusers in the user admin, never here."""
    if user.is_superuser:
        raise ValidationError(_("Superuser accounts are managed by a superuser."))


def _audit(user: User, by: User | None, event: str) -> None:
    """An audit-trail entry for what changed no field: a link sent, a lockout lifted."""
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"account": ["", event]},
        actor=by if getattr(by, "is_authenticated", False) else None,
    )


def password_link(user: User) -> str:
    """The one-time address where the user chooses a password (expires with the token)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(
            "officer:password_set",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    return settings.SITE_URL.rstrip("/") + path


def send_password_link(*, user: User, purpose: str) -> None:
    """E-mail the one-time link: an invitation for a new account, else a password reset."""
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)
    with translation.override(settings.LANGUAGE_CODE):
        if purpose == INVITATION:
            subject = _("Your account for the Desa Binaan portal")
            opening = _("The immigration office made you an account for the Desa Binaan portal.")
        else:
            subject = _("Choose a new password for the Desa Binaan portal")
            opening = _("Someone asked to choose a new password for your account.")
        body = _(
            "%(opening)s\n\nUsername: %(username)s\n\nChoose your password here (the link "
            "works once, for %(days)d days):\n%(link)s\n\nIf you did not expect this e-mail, "
            "ignore it: nothing changes until the link is used."
        ) % {
            "opening": opening,
            "username": user.get_username(),
            "days": days,
            "link": password_link(user),
        }
    _send_account_email(to=user.email, subject=subject, body=body)


def _send_account_email(*, to: str, subject: str, body: str) -> None:
    """The one place account e-mails leave: the outbox, in the caller's transaction.

    No office is given, so only superusers can open these messages (they hold a one-time
    link) in the outbox admin; office staff see no officer's link.
    """
    queue_email(to=[to], subject=subject, body=body, kind=ACCOUNT_EMAIL_KIND)
