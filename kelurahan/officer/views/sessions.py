"""Outreach sessions of the officer's kelurahan: propose, edit, record results, cancel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView

from kelurahan import services
from kelurahan.models import OutreachSession, SessionChange
from kelurahan.officer.forms import (
    RESULT_FIELDS,
    SessionCancelForm,
    SessionForm,
    SessionHeldForm,
    attach_errors,
)
from kelurahan.officer.mixins import OfficerRequiredMixin, ScopedObjectMixin
from kelurahan.selectors.officer import sessions_for_officer
from kelurahan.selectors.session_changes import pending_edit_values, session_review_state

REVIEW_MESSAGE = gettext_lazy(
    "Sent to the immigration office. Residents keep seeing the session as it was until the "
    "office approves your change."
)


class SessionMixin(ScopedObjectMixin):
    model = OutreachSession
    context_object_name = "session"

    def object_url(self) -> str:
        return reverse("officer:session_detail", kwargs={"pk": self.object.pk})


class SessionListView(OfficerRequiredMixin, ListView):
    template_name = "officer/session_list.html"
    context_object_name = "sessions"
    paginate_by = 20

    def get_queryset(self):
        return sessions_for_officer(self.request.user).order_by("-starts_at")


class SessionDetailView(SessionMixin, TemplateView):
    template_name = "officer/session_detail.html"

    def get_context_data(self, **kwargs):
        kwargs["photos"] = self.object.photos.all()
        kwargs.update(session_review_state(self.object))
        return super().get_context_data(**kwargs)


class SessionProposeView(OfficerRequiredMixin, FormView):
    template_name = "officer/session_form.html"
    form_class = SessionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kelurahan": self.kelurahan}

    def form_valid(self, form):
        try:
            session = services.session_propose(
                kelurahan=self.kelurahan, proposed_by=self.officer_user, **form.plan
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        if form.record_as_held:
            messages.success(self.request, _("Session proposed. Now record what happened."))
            return redirect("officer:session_held", pk=session.pk)
        messages.success(
            self.request,
            _("Session proposed. Residents will see it once the immigration office publishes it."),
        )
        return redirect("officer:session_detail", pk=session.pk)


class SessionEditView(SessionMixin, FormView):
    template_name = "officer/session_form.html"
    form_class = SessionForm

    def check_object(self):
        if not self.object.can_be_edited_by_officer():
            return self.refuse(_("A cancelled session can no longer be changed."))
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kelurahan": self.kelurahan, "instance": self.object}

    def get_initial(self):
        """A change still waiting for the office is shown, so a new edit builds on it."""
        return pending_edit_values(self.object)

    def form_valid(self, form):
        user = self.officer_user
        review = services.change_goes_to_review(session=self.object, by=user)
        try:
            if review:
                services.session_change_propose(
                    session=self.object, by=user, changes=form.cleaned_data
                )
            else:
                services.session_update(session=self.object, by=user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        if review:
            messages.success(self.request, REVIEW_MESSAGE)
        else:
            messages.success(self.request, _("The session is updated."))
        return redirect(self.object_url())


class SessionHeldView(SessionMixin, FormView):
    """Mark a planned session as held, or complete the results of a held one."""

    template_name = "officer/session_held_form.html"
    form_class = SessionHeldForm

    def check_object(self):
        if self.object.status == OutreachSession.Status.CANCELLED:
            return self.refuse(_("This session was cancelled, so it has no results."))
        return None

    def get_initial(self):
        return {name: getattr(self.object, name) for name in RESULT_FIELDS}

    def form_valid(self, form):
        if self.object.status == OutreachSession.Status.PLANNED:
            record = services.session_mark_held
        else:
            record = services.session_record_result
        try:
            session = record(
                session=self.object, by=self.officer_user, photos=form.photos(), **form.results()
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        if session.is_incomplete:
            messages.warning(
                self.request,
                _("Saved. The attendance or the summary is still missing: add it when you can."),
            )
        else:
            messages.success(self.request, _("The results of the session are saved."))
        return redirect(self.object_url())


class SessionCancelView(SessionMixin, FormView):
    template_name = "officer/session_cancel_form.html"
    form_class = SessionCancelForm

    def check_object(self):
        if not self.object.can_be_cancelled():
            return self.refuse(_("Only a planned session can be cancelled."))
        return None

    def form_valid(self, form):
        user, data = self.officer_user, form.cleaned_data
        review = services.change_goes_to_review(session=self.object, by=user)
        texts = {"office_note": data["office_note"]}
        try:
            if review:
                services.session_change_propose(
                    session=self.object,
                    by=user,
                    kind=SessionChange.Kind.CANCEL,
                    cancel_reason=data["cancel_reason"],
                    **texts,
                )
            else:
                services.session_cancel(
                    session=self.object, by=user, reason=data["cancel_reason"], **texts
                )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        if review:
            messages.success(self.request, REVIEW_MESSAGE)
        else:
            messages.success(self.request, _("The session is cancelled."))
        return redirect(self.object_url())
