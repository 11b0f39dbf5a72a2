"""Choosing a password: through the one-time link (new accounts), or after forgetting it."""

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse_lazy

from kelurahan.officer.password_reset import OfficerPasswordResetForm, allow_reset_request


class OfficerPasswordResetView(auth_views.PasswordResetView):
    """Asks for the e-mail address; the next page says the same whatever happened."""

    template_name = "officer/password/reset_form.html"
    form_class = OfficerPasswordResetForm
    success_url = reverse_lazy("officer:password_reset_done")

    def form_valid(self, form):
        if allow_reset_request(self.request, form.cleaned_data["email"]):
            form.save()
        return redirect(self.success_url)


class OfficerPasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "officer/password/reset_done.html"


class OfficerPasswordSetView(auth_views.PasswordResetConfirmView):
    """The one-time link: choose a password (Django checks the token and its age)."""

    template_name = "officer/password/set_form.html"
    success_url = reverse_lazy("officer:password_set_done")


class OfficerPasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "officer/password/set_done.html"
