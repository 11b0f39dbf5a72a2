"""Awareness reports of the officer's kelurahan: drafts, submission and the office's updates.

A report filed for a resident who came in person (source "assisted") gets a receipt code when
it is submitted. The code is rendered once in that response: never redirected to, never put in
a message or the session, so it cannot be shown again.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View
from django.views.generic.base import ContextMixin, TemplateResponseMixin

from kelurahan import services
from kelurahan.models import AwarenessReport
from kelurahan.officer.forms import NewReportForm, ReportForm, attach_errors
from kelurahan.officer.mixins import OfficerRequiredMixin, ScopedObjectMixin
from kelurahan.selectors.officer import report_timeline_for_officer, reports_for_officer
from kelurahan.services.tips import format_receipt

if TYPE_CHECKING:  # DraftFormMixin goes in front of a FormView
    _FormViewBase = FormView
else:
    _FormViewBase = object

SUBMIT_ACTION = "submit"
RECEIPT_TEMPLATE = "officer/report_receipt.html"


class ReportMixin(ScopedObjectMixin):
    model = AwarenessReport
    context_object_name = "report"

    def get_queryset(self):
        return super().get_queryset().select_related("filed_by", "referred_to")

    def object_url(self) -> str:
        return reverse("officer:report_detail", kwargs={"pk": self.object.pk})


class DraftReportMixin(ReportMixin):
    """Only drafts can be changed or submitted; a sent report leads back to its page."""

    def check_object(self):
        if not self.object.is_editable_by_officer:
            return self.refuse(
                _("This report was sent to the immigration office and can no longer be changed.")
            )
        return None


class DraftFormMixin(_FormViewBase):
    """Saves a draft, then submits it when the officer pressed "Submit to the office"."""

    template_name = "officer/report_form.html"
    form_class = ReportForm

    def save_draft(self, form) -> AwarenessReport:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            report = self.save_draft(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        if self.request.POST.get("action") != SUBMIT_ACTION:
            messages.success(
                self.request, _("Draft saved. The office receives it only after you submit it.")
            )
            return redirect("officer:report_detail", pk=report.pk)
        return submit_or_show_errors(self, report, form)


def submit_or_show_errors(view, report: AwarenessReport, form: ReportForm):
    """Submit the saved draft; if it is not complete, show why on the form."""
    user = view.request.user
    try:
        with transaction.atomic():
            report = services.report_submit(report=report, by=user)
            code = _issue_receipt(report, user)
    except ValidationError as error:
        attach_errors(form, error)
        messages.warning(view.request, _("Your draft is saved, but it cannot be sent yet."))
        return view.render_to_response(view.get_context_data(form=form, report=report))
    if code:
        return receipt_response(view, report, code)
    messages.success(
        view.request,
        _("Report %(reference)s has been sent to the immigration office. Follow its progress here.")
        % {"reference": report.reference},
    )
    return redirect("officer:report_detail", pk=report.pk)


def _issue_receipt(report: AwarenessReport, user) -> str | None:
    """The resident's receipt code for an assisted report, None for the officer's own."""
    if report.source != AwarenessReport.Source.ASSISTED:
        return None
    return services.report_issue_receipt(report=report, by=user)


def tip_status_url() -> str:
    """Where residents follow a report with their code, in Indonesian whatever the officer reads."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("public:tip_status")


def receipt_response(view, report: AwarenessReport, code: str):
    """The one page that ever shows the resident's receipt code; never stored or cached."""
    context = {
        "officer": view.officer,
        "kelurahan": view.kelurahan,
        "report": report,
        "receipt": format_receipt(code),
        "status_url": view.request.build_absolute_uri(tip_status_url()),
    }
    response = render(view.request, RECEIPT_TEMPLATE, context)
    add_never_cache_headers(response)
    return response


class ReportListView(OfficerRequiredMixin, ListView):
    template_name = "officer/report_list.html"
    context_object_name = "reports"
    paginate_by = 20

    def get_queryset(self):
        return reports_for_officer(self.request.user)


class ReportDetailView(ReportMixin, TemplateView):
    template_name = "officer/report_detail.html"

    def get_context_data(self, **kwargs):
        kwargs["timeline"] = report_timeline_for_officer(self.object)
        return super().get_context_data(**kwargs)


class ReportCreateView(OfficerRequiredMixin, DraftFormMixin, FormView):
    form_class = NewReportForm

    def save_draft(self, form) -> AwarenessReport:
        return services.report_create_draft(
            kelurahan=self.kelurahan,
            filed_by=self.officer_user,
            source=form.source,
            **form.content,
        )


class ReportEditView(DraftReportMixin, DraftFormMixin, FormView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def save_draft(self, form) -> AwarenessReport:
        return services.report_update_draft(
            report=self.object, by=self.officer_user, **form.cleaned_data
        )


class ReportSubmitView(DraftReportMixin, TemplateResponseMixin, ContextMixin, View):
    """POST submits the draft as it was saved; GET just leads back to the report."""

    template_name = "officer/report_form.html"

    def get(self, request, *args, **kwargs):
        return redirect(self.object_url())

    def post(self, request, *args, **kwargs):
        form = ReportForm.bound_to(self.object)
        form.is_valid()
        return submit_or_show_errors(self, self.object, form)
