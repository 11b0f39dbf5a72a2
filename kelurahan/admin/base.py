"""Shared pieces of the staff admin: the seam into the services, office scoping, action outcomes."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from kelurahan.models import Kelurahan, LiaisonOfficer, Office
from kelurahan.permissions import (
    office_choices,
    scope_to_office,
    scope_to_user,
    visible_kelurahan,
)

if TYPE_CHECKING:  # the admin mixins go in front of a ModelAdmin
    ModelAdminMixinBase = admin.ModelAdmin
else:
    ModelAdminMixinBase = object


def scoped_choices(model, user) -> QuerySet | None:
    """The rows of `model` a user may choose in a form, or None when the model is not scoped."""
    if model is Kelurahan:
        return visible_kelurahan(user).select_related("kecamatan")
    if model is LiaisonOfficer:
        return scope_to_office(LiaisonOfficer.objects.all(), user)
    if model is Office:
        return office_choices(user)
    return None


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


class ScopedAdminMixin(ModelAdminMixinBase):
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


class ServiceSaveMixin(ModelAdminMixinBase):
    """The one way an admin form's save reaches the services.

    A ModelAdmin implements `save_through_service(request, form, change)`: it calls a service
    with the form's cleaned data and returns the row the service stored. The form's instance is
    never saved here; it only takes the stored row's values, so the admin's redirect, change
    message and history point at that row. Many-to-many fields belong to the service too (the
    form's save_m2m is never called); inlines still go through the admin's save_formset.
    """

    def save_model(self, request, obj, form, change):
        """Save through the service, never the form's instance."""
        take_stored_values(obj, self.save_through_service(request, form, change))

    def save_related(self, request, form, formsets, change):
        """Inline rows only: many-to-many fields were the service's job."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_through_service(self, request, form, change) -> Model:
        raise NotImplementedError


def take_stored_values(obj: Model, stored: Model) -> None:
    """Give the admin's unsaved form instance the primary key and field values of `stored`."""
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(stored, field.attname))
    obj._state.adding = False
    obj._state.db = stored._state.db


def changed(form, fields) -> dict:
    """The cleaned values of those of `fields` the user changed in the form."""
    return {field: form.cleaned_data[field] for field in fields if field in form.changed_data}


def submitted(form, change: bool) -> dict:
    """What the user set: every field of a new record, the changed fields of an existing one."""
    names = form.changed_data if change else list(form.cleaned_data)
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


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
HTTPS_URLS: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}
