"""Who must pass the second step (an authenticator-app code) and where they go for it."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import user_has_device


def needs_second_step(user) -> bool:
    """True for active staff (superusers too) who have not yet typed a code this session."""
    if not settings.STAFF_OTP_REQUIRED:
        return False
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
    return not (is_verified and is_verified())


def safe_next(request, default: str = "") -> str:
    """The ?next= address when it points into this site, else the admin's index."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else (default or reverse("admin:index"))


def second_step_url(request) -> str:
    """The enrolment page for staff without a confirmed device, the code page otherwise."""
    name = "accounts:otp_verify" if user_has_device(request.user) else "accounts:otp_enrol"
    return f"{reverse(name)}?{urlencode({'next': safe_next(request)})}"
