"""Staff two-factor pages (enrol an authenticator app, type a code) and the lockout page."""

import math
from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from kelurahan.accounts.forms import TokenForm
from kelurahan.accounts.otp import safe_next

DEVICE_NAME = "Authenticator app"


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response: our page, saying how long to wait and whom to ask."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else None,
        # The login page that was used, or the one named by a password-change page.
        "login_url": getattr(request, "lockout_login_url", request.path),
    }
    return render(
        request,
        "accounts/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,  # type: ignore[misc]  # django-axes default
    )


class StaffSecondStepView(FormView):
    """Logged-in staff only: anonymous users go to the (officer) login page, others get a 403.

    Not to the admin's login: these URLs are fixed, and a redirect from them would tell any
    visitor where a custom DJANGO_ADMIN_URL is. Staff can log in on the officer page too.
    """

    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())  # settings.LOGIN_URL
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        if user.is_verified():
            return redirect(safe_next(request))
        return self.check_devices() or super().dispatch(request, *args, **kwargs)

    def check_devices(self):
        """Return a redirect when the user belongs on the other second-step page."""
        return None

    def devices(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "devices": self.devices()}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("next", safe_next(self.request))
        return super().get_context_data(**kwargs)

    def other_page(self, name):
        return redirect(f"{reverse(name)}?{self.request.GET.urlencode()}")


class OtpEnrolView(StaffSecondStepView):
    """Set up an authenticator app: QR code and key, then one code to confirm it."""

    template_name = "accounts/otp_enrol.html"

    def check_devices(self):
        # With a confirmed device, a password alone must never be enough to add another one.
        if user_has_device(self.request.user, confirmed=True):
            return self.other_page("accounts:otp_verify")
        self.device = pending_device(self.request.user)
        return None

    def devices(self):
        return [self.device]

    def get_context_data(self, **kwargs):
        qr = segno.make(self.device.config_url, error="m")
        kwargs.update(
            qr_data_uri=qr.svg_data_uri(scale=5, border=4, light="#fff"),
            secret=" ".join(chunks(b32encode(self.device.bin_key).decode().rstrip("="), 4)),
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        device = form.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(self.request, device)
        messages.success(self.request, _("Two-step login is set up. Keep your phone with you."))
        return redirect(safe_next(self.request))


class OtpVerifyView(StaffSecondStepView):
    """Type the code from the authenticator app set up earlier."""

    template_name = "accounts/otp_verify.html"

    def check_devices(self):
        if not user_has_device(self.request.user, confirmed=True):
            return self.other_page("accounts:otp_enrol")
        return None

    def devices(self):
        return devices_for_user(self.request.user, confirmed=True)

    def form_valid(self, form):
        django_otp.login(self.request, form.device)
        return redirect(safe_next(self.request))


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed device (same key on every reload), created when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def chunks(text: str, size: int) -> list[str]:
    return [text[start : start + size] for start in range(0, len(text), size)]
