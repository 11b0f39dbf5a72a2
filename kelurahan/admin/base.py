"""Shared pieces of the staff admin: office scoping and reporting the outcome of actions."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kelurahan.models import Kelurahan, LiaisonOfficer, Office
from kelurahan.permissions import scope_to_office, scope_to_user, staff_office, visible_kelurahan


def office_choices(user) -> QuerySet[Office]:
    """Offices a user may pick: all for superusers, otherwise only their own."""
    if user.is_superuser:
        return Office.objects.all()
    office = staff_office(user)
    return Office.objects.filter(pk=office.pk) if office else Office.objects.none()


def staff_choices(user) -> QuerySet:
    """Staff accounts a user may pick (assignees, liaison accounts): their office's staff."""
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
    if user.is_superuser:
        return staff
    office = staff_office(user)
    return staff.filter(office_staff__office=office) if office else staff.none()


def scoped_choices(model, user) -> QuerySet | None:
    """The rows of `model` a user may choose in a form, or None when the model is not scoped."""
    if model is Kelurahan:
        return visible_kelurahan(user).select_related("kecamatan")
    if model is LiaisonOfficer:
        return scope_to_office(LiaisonOfficer.objects.all(), user)
    if model is Office:
        return office_choices(user)
    return None


def adopt(target, saved) -> None:
    """Make the admin's form instance the row a service saved (same pk and field values)."""
    target.__dict__.update(saved.__dict__)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class KecamatanFilter(admin.RelatedFieldListFilter):
    """Offers only the kecamatan of the kelurahan the user may see, not the whole country's."""

    def field_choices(self, field, request, model_admin):
        return field.get_choices(
            include_blank=False,
            limit_choices_to={"pk__in": visible_kelurahan(request.user).values("kecamatan")},
            ordering=self.field_admin_ordering(field, request, model_admin),
        )


class ScopedAdminMixin:
    """Limits a ModelAdmin's rows and choices to what the user's office may touch.

    Set `kelurahan_path` (lookup from the model to its kelurahan; "" for Kelurahan itself) or
    `office_path` (lookup to its office). Rows outside the scope are simply absent, so their
    change URLs answer like a missing object.
    """

    kelurahan_path: str | None = None
    office_path: str | None = None

    def get_queryset(self, request):
        """Rows of the user's own office only (superusers see all)."""
        queryset = super().get_queryset(request)
        if self.kelurahan_path is not None:
            return scope_to_user(queryset, request.user, self.kelurahan_path)
        if self.office_path is not None:
            return scope_to_office(queryset, request.user, self.office_path)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer only kelurahan, liaison officers and offices within the user's reach."""
        choices = scoped_choices(db_field.related_model, request.user)
        if choices is not None:
            kwargs.setdefault("queryset", choices)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """Same limits for many-to-many choices such as a session's speakers."""
        choices = scoped_choices(db_field.related_model, request.user)
        if choices is not None:
            kwargs.setdefault("queryset", choices)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SuperuserEditsMixin:
    """Staff may look; only superusers add, change or delete (offices, staff, regions)."""

    def has_add_permission(self, request, *args):
        """Superusers only."""
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        """Superusers only."""
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        """Superusers only."""
        return request.user.is_superuser


def run_action(modeladmin, request, queryset, change: Callable) -> None:
    """Call `change(obj)` for each selected row; tell the user what changed and what did not."""
    done, failures = 0, []
    for obj in queryset:
        try:
            change(obj)
        except ValidationError as error:
            failures.append(f"{obj}: {error_text(error)}")
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request,
            _("%(count)d %(items)s changed.")
            % {"count": done, "items": model_ngettext(modeladmin.opts, done)},
            messages.SUCCESS,
        )
    for failure in failures:
        modeladmin.message_user(
            request, _("Not changed — %(reason)s") % {"reason": failure}, messages.WARNING
        )


# Websites typed without a scheme are taken as https (Django 6's default, chosen now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
