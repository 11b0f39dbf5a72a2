"""Passport service days the officer's kelurahan asked for: the list and a new request."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from kelurahan import services
from kelurahan.models import PassportServiceDay
from kelurahan.officer.forms import attach_errors
from kelurahan.officer.mixins import OfficerRequiredMixin
from kelurahan.officer.passport_forms import PassportRequestForm
from kelurahan.permissions import scope_to_user
from kelurahan.services.passport_days import minimum_applicants


class PassportDayListView(OfficerRequiredMixin, ListView):
    template_name = "officer/passport_list.html"
    context_object_name = "days"
    paginate_by = 20

    def get_queryset(self):
        days = scope_to_user(PassportServiceDay.objects.all(), self.request.user)
        return days.order_by("-created_at", "-pk")


class PassportDayRequestView(OfficerRequiredMixin, FormView):
    template_name = "officer/passport_form.html"
    form_class = PassportRequestForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "officer": self.officer}

    def get_context_data(self, **kwargs):
        kwargs["min_applicants"] = minimum_applicants("")
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            day = services.passport_day_request(
                kelurahan=self.kelurahan, requested_by=self.officer_user, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Request %(reference)s sent. You will be told here and by e-mail when the "
                "office accepts or declines it."
            )
            % {"reference": day.reference},
        )
        return redirect("officer:passport_list")
