"""Password change: a wrong old password counts as a failed login (django-axes).

Django's password-change forms check the old password with check_password(), which no
authentication backend sees, so axes never counted them: a stolen session could try old
passwords without limit. Here each wrong old password is reported to axes as a failed login
for the user's username from the request's address (the same key as the login pages use).
Once axes locks that pair, the session ends and the lockout page is shown: the account then
waits like after wrong passwords on a login page.
"""

from typing import TYPE_CHECKING

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth import logout
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.views.decorators.debug import sensitive_variables

if TYPE_CHECKING:  # the form and the view the mixins below go in front of
    _FormBase = PasswordChangeForm
    _ViewBase = PasswordChangeView
else:
    _FormBase = _ViewBase = object


class CountedOldPasswordMixin(_FormBase):
    """For a PasswordChangeForm: needs the request, reports wrong old passwords to axes."""

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def credentials(self) -> dict:
        return {"username": self.user.get_username()}

    @sensitive_variables("old_password")
    def clean_old_password(self):
        if AxesProxyHandler.is_locked(self.request, self.credentials()):
            # Already paused (another session, another tab): the password is not even checked.
            self.request.axes_locked_out = True
            self.request.axes_credentials = self.credentials()
            raise ValidationError(self.error_messages["password_incorrect"], code="locked")
        try:
            return super().clean_old_password()
        except ValidationError:
            user_login_failed.send(
                sender=type(self), credentials=self.credentials(), request=self.request
            )
            raise


class OfficerPasswordChangeForm(CountedOldPasswordMixin, PasswordChangeForm):
    pass


class StaffPasswordChangeForm(CountedOldPasswordMixin, AdminPasswordChangeForm):
    pass


class CountedPasswordChangeMixin(_ViewBase):
    """For a PasswordChangeView: ends the session once axes has locked the account.

    The lockout page itself comes from AxesMiddleware (kelurahan.accounts.views.locked_out),
    which sees request.axes_locked_out; it links back to `login_url_name`.
    """

    login_url_name = "officer:login"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        if getattr(self.request, "axes_locked_out", False):
            self.request.lockout_login_url = reverse(self.login_url_name)  # type: ignore[attr-defined]
            logout(self.request)
        return super().form_invalid(form)


class StaffPasswordChangeView(CountedPasswordChangeMixin, PasswordChangeView):
    """The admin's own password-change page (BinaanAdminSite.password_change)."""

    form_class = StaffPasswordChangeForm
    login_url_name = "admin:login"
