"""Account forms: the staff login (admin) and the 6-digit code, checked against the user's TOTP
device(s)."""

import re
from typing import TYPE_CHECKING, cast

import django_otp
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

CODE_PATTERN = re.compile(r"[0-9]{6}")

if TYPE_CHECKING:  # UsernameLengthMixin goes in front of Django's login forms
    _LoginFormBase = AuthenticationForm
else:
    _LoginFormBase = object


class UsernameLengthMixin(_LoginFormBase):
    """Django's login forms set the username's length limit on the widget only: a longer name
    reached the backends, and django-axes could not store it (a 500 on PostgreSQL)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = cast(forms.CharField, self.fields["username"])
        username.validators.append(MaxLengthValidator(username.max_length))


# Our own wording, as OfficerLoginForm (kelurahan/officer/forms.py).
class StaffLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or the password is not right, or the account is not a staff "
            "account. Capital and small letters count."
        ),
    }


class TokenForm(forms.Form):
    """Accepts the code with or without spaces; remembers the device that accepted it."""

    token = forms.CharField(
        label=_("6-digit code"),
        max_length=20,
        help_text=_("The number your authenticator app shows now for this portal."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, user, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.devices = list(devices)
        self.device = None

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not CODE_PATTERN.fullmatch(token):
            raise forms.ValidationError(_("Type the 6 digits your app shows, without letters."))
        allowed = [device for device in self.devices if device.verify_is_allowed()[0]]
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes in a row. Wait a moment, then type the newest code.")
            )
        for device in allowed:
            self.device = django_otp.verify_token(self.user, device.persistent_id, token)
            if self.device is not None:
                return token
        raise forms.ValidationError(
            _(
                "That code is not right. Type the newest code your app shows. If it keeps "
                "failing, check that the clock on your phone is set automatically."
            )
        )
