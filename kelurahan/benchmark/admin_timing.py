"""Timing the admin's report changelist in-process, as a verified (two-factor) superuser.

Django's test Client sends each request through the full middleware stack of the running
settings (DEBUG off, so STAFF_OTP_REQUIRED is on). The superuser has a confirmed TOTP device
and the session carries that device's id exactly as django_otp.login() leaves it after a
correct code, so OTPMiddleware marks the request verified and the admin serves the page
instead of the code step. In-process timing leaves out only the HTTP hop, which costs the
same at 1,000 and at 1,000,000 reports, so the ratio is what the admin itself adds.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

USERNAME = "benchmark.admin"
WARM_UP = 2
SAMPLES = 7


class AdminTimingError(Exception):
    pass


def verified_admin_client() -> Client:
    """A client logged in as a superuser whose second step (TOTP) is done."""
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(username=USERNAME).first() or User.objects.create_superuser(
        USERNAME, email="", password=None
    )
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def report_changelist_url() -> str:
    with translation.override("id"):
        return reverse("admin:kelurahan_awarenessreport_changelist")


def median_seconds(client: Client, url: str, samples: int = SAMPLES) -> float:
    """Median time of `samples` requests for url, after a warm-up; each must answer 200."""
    timings = []
    for number in range(WARM_UP + samples):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            where = response.get("Location", "")
            raise AdminTimingError(f"{url} answered {response.status_code} {where}".strip())
        if number >= WARM_UP:
            timings.append(elapsed)
    return statistics.median(timings)


def time_report_changelist(samples: int = SAMPLES) -> float:
    return median_seconds(verified_admin_client(), report_changelist_url(), samples)
