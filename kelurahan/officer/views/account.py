"""Logging in and out, the password, and the officer's dashboard."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kelurahan.accounts.password import CountedPasswordChangeMixin, OfficerPasswordChangeForm
from kelurahan.officer.forms import OfficerLoginForm
from kelurahan.officer.mixins import OfficerRequiredMixin
from kelurahan.selectors.officer import officer_dashboard


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
        kwargs.update(officer_dashboard(self.request.user))
        return super().get_context_data(**kwargs)
