"""Logging in and out, the password, and the officer's dashboard."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kelurahan.accounts.password import CountedPasswordChangeMixin, OfficerPasswordChangeForm
from kelurahan.officer.forms import OfficerLoginForm
from kelurahan.officer.mixins import OfficerRequiredMixin
from kelurahan.selectors.officer import material_to_pass_on, officer_dashboard
from kelurahan.services.notifications import notices_mark_seen


class OfficerLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = OfficerLoginForm
    redirect_authenticated_user = True


class OfficerLogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView); says goodbye on the next page."""

    def post(self, request, *args, **kwargs):
        was_logged_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_logged_in:
            messages.info(request, _("You are logged out."))
        return response


class OfficerPasswordChangeView(
    OfficerRequiredMixin, CountedPasswordChangeMixin, auth_views.PasswordChangeView
):
    form_class = OfficerPasswordChangeForm
    # Not registration/password_change_form.html: the admin uses that name for its own page.
    template_name = "officer/password_change_form.html"
    success_url = reverse_lazy("officer:password_change_done")


class OfficerPasswordChangeDoneView(OfficerRequiredMixin, auth_views.PasswordChangeDoneView):
    template_name = "officer/password_change_done.html"


class DashboardView(OfficerRequiredMixin, TemplateView):
    template_name = "officer/dashboard.html"

    def get_context_data(self, **kwargs):
        shown_at = timezone.now()
        kwargs.update(officer_dashboard(self.request.user))
        kwargs["material"] = material_to_pass_on()
        kwargs["new_notices"] = sum(1 for notice in kwargs["notices"] if notice.seen_at is None)
        # Listed once as new; on the next visit they are part of the recent history.
        notices_mark_seen(user=self.officer_user, before=shown_at)
        return super().get_context_data(**kwargs)
