"""The rollout in the kelurahan admin: target quarters, the rollout filter, the next steps.

After a designation the office has four things to do for the kelurahan: assign a PIMPASA, add
the kelurahan officer, plan the first session and print the poster. Each is a link to the page
that does it, ticked once done (kelurahan.selectors.rollout decides what counts as done).
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from kelurahan import audit
from kelurahan.admin.base import ModelAdminMixinBase
from kelurahan.models import Kelurahan
from kelurahan.permissions import visible_kelurahan
from kelurahan.selectors import rollout
from kelurahan.selectors.recap import QUARTER, Period

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FIRST_TARGET_YEAR = 2024  # the programme started in June 2024
TARGET_YEARS_AHEAD = 3

STEP_LABELS = {
    "liaison": _("Assign a PIMPASA"),
    "officer": _("Add the kelurahan officer"),
    "session": _("Plan the first session"),
    "poster": _("Print the poster"),
}
STATE_LABELS = {
    rollout.DESIGNATED: _("Designated"),
    rollout.PLANNED: _("Planned, with a target"),
    rollout.LATE: _("Target passed, not designated"),
    rollout.UNPLANNED: _("Not yet planned"),
    rollout.STEPS_LEFT: _("Designated, next steps left"),
}


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    url: str
    done: bool


def quarter_choices(today: datetime.date | None = None) -> "list[tuple[str, StrOrPromise]]":
    """Every quarter from the programme's start to a few years ahead, as (first day, label)."""
    last_year = (today or datetime.date.today()).year + TARGET_YEARS_AHEAD
    choices: list[tuple[str, StrOrPromise]] = [("", _("No target yet"))]
    for year in range(FIRST_TARGET_YEAR, last_year + 1):
        for number in range(1, 5):
            start = datetime.date(year, 3 * number - 2, 1)
            choices.append((start.isoformat(), Period(QUARTER, year, number).label))
    return choices


def target_label(day: datetime.date | None) -> str:
    return rollout.quarter_of(day).label if day else ""


def next_steps(kelurahan, done: dict[str, bool]) -> list[Step]:
    """The checklist after a designation: a link per step, ticked when it is done."""
    prefill = f"?kelurahan={kelurahan.pk}"
    urls = {
        "liaison": reverse("admin:kelurahan_liaisonassignment_add") + prefill,
        "officer": reverse("admin:kelurahan_kelurahanofficer_add") + prefill,
        "session": reverse("admin:kelurahan_outreachsession_add") + prefill,
        "poster": reverse("admin:kelurahan_kelurahan_poster", args=[kelurahan.pk]),
    }
    return [Step(key, str(STEP_LABELS[key]), urls[key], done[key]) for key in rollout.STEPS]


def steps_from_row(row) -> list[Step]:
    """The checklist of a row annotated by rollout.with_next_steps."""
    return next_steps(row, {step: getattr(row, f"step_{step}") for step in rollout.STEPS})


class RolloutFilter(admin.SimpleListFilter):
    """The rows behind each figure of the rollout table on the dashboard."""

    title = _("rollout")
    parameter_name = "rollout"

    def lookups(self, request, model_admin):
        return list(STATE_LABELS.items())

    def queryset(self, request, queryset):
        state = self.value()
        if state == rollout.STEPS_LEFT:
            return queryset.filter(
                pk__in=rollout.steps_left_of(Kelurahan.objects.all()).values("pk")
            )
        if state is None or state not in STATE_LABELS:
            return queryset
        return queryset.filter(rollout.rollout_filter(state))


class RolloutAdminMixin(ModelAdminMixinBase):
    """For KelurahanAdmin: the target quarter as a choice, the next steps, the poster link."""

    @admin.display(description=_("designation target"), ordering="designation_target")
    def target_quarter(self, obj):
        return target_label(obj.designation_target) or self.get_empty_value_display()

    @admin.display(description=_("next steps"))
    def next_steps(self, obj):
        if obj is None or obj.pk is None or not obj.is_binaan:
            return _("The next steps appear once the kelurahan is designated.")
        steps = next_steps(obj, rollout.next_steps_of(obj))
        return render_to_string("admin/kelurahan/_next_steps.html", {"steps": steps})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The target is picked as a quarter; it is stored as the quarter's first day."""
        if db_field.name == "designation_target":
            return forms.TypedChoiceField(
                label=db_field.verbose_name.capitalize(),
                help_text=db_field.help_text,
                choices=quarter_choices(),
                coerce=datetime.date.fromisoformat,
                empty_value=None,
                required=False,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        """<pk>/poster/: staff open the poster here, so the "print the poster" step ticks."""
        poster = path(
            "<int:pk>/poster/",
            self.admin_site.admin_view(self.poster_view),
            name="kelurahan_kelurahan_poster",
        )
        return [poster, *super().get_urls()]

    def poster_view(self, request, pk):
        """Record that staff opened the poster (audit trail), then send them to the PDF."""
        kelurahan = visible_kelurahan(request.user).filter(pk=pk).first()
        if kelurahan is None:
            raise Http404
        audit.record_access(kelurahan, part=rollout.POSTER_PART)
        return HttpResponseRedirect(reverse("public:kelurahan_poster", args=[kelurahan.slug]))
