"""Timing admin pages in-process, as a verified (two-factor) superuser or office staff member.

The report changelist is timed as a superuser; the office inbox (the admin index) and the
office's session changelist as a staff member of the office with the most sessions, whose
lists are scoped to that office (kelurahan.permissions).

Django's test Client sends each request through the full middleware stack of the running
settings (DEBUG off, so STAFF_OTP_REQUIRED is on). The superuser has a confirmed TOTP device
and the session carries that device's id exactly as django_otp.login() leaves it after a
correct code, so OTPMiddleware marks the request verified and the admin serves the page
instead of the code step. In-process timing leaves out only the HTTP hop, which costs the
same at 1,000 and at 1,000,000 reports, so the ratio is what the admin itself adds.
"""

import statistics
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kelurahan.models import Office, OfficeStaff, OutreachSession

USERNAME = "benchmark.admin"
STAFF_USERNAME = "benchmark.office"
WARM_UP = 2
SAMPLES = 7
# An office's inbox at national size must answer within this. Its session list has no goal of
# its own; it is held to the same ceiling.
OFFICE_PAGE_GOAL_SECONDS = 0.300


class AdminTimingError(Exception):
    pass


def verified_admin_client() -> Client:
    """A client logged in as a superuser whose second step (TOTP) is done."""
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(username=USERNAME).first() or User.objects.create_superuser(
        USERNAME, email="", password=None
    )
    return verified_client(user)


def busiest_office() -> Office:
    """The office with the most sessions: its lists are the longest an office has."""
    busiest = (
        OutreachSession.objects.order_by()
        .values("office")
        .annotate(n=Count("pk"))
        .order_by("-n", "office")
        .first()
    )
    if busiest is None or busiest["office"] is None:
        raise AdminTimingError("No session belongs to an office: the data set was not built.")
    return Office.objects.get(pk=busiest["office"])


def verified_office_client(office: Office) -> Client:
    """A client logged in as a staff member of `office`, with every kelurahan permission."""
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(username=STAFF_USERNAME).first()
    if user is None:
        user = User.objects.create_user(STAFF_USERNAME, password=None, is_staff=True)
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="kelurahan"))
    OfficeStaff.objects.update_or_create(user=user, defaults={"office": office})
    return verified_client(user)


def verified_client(user) -> Client:
    """A client logged in as `user`, whose second step (TOTP) is done."""
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


@dataclass(frozen=True)
class OfficeTiming:
    """Median seconds of the office pages, for the office with the most sessions."""

    office: str
    sessions: int
    inbox: float
    session_list: float

    @property
    def rows(self) -> list[list[str]]:
        """Rows of the benchmark's admin table: measurement, value, ratio, goal, met."""
        goal = f"≤ {OFFICE_PAGE_GOAL_SECONDS * 1000:.0f} ms"
        where = f"{self.office}, {self.sessions:,} sessions"
        return [
            [f"{name} ({where})", f"{seconds * 1000:.1f} ms", "", goal, _met(seconds)]
            for name, seconds in (
                ("office inbox (admin index)", self.inbox),
                ("office session list", self.session_list),
            )
        ]


def _met(seconds: float) -> str:
    return "yes" if seconds <= OFFICE_PAGE_GOAL_SECONDS else "NO"


def time_office_pages(samples: int = SAMPLES) -> OfficeTiming:
    """The inbox (admin index) and the session changelist, as staff of the busiest office."""
    office = busiest_office()
    client = verified_office_client(office)
    with translation.override("id"):
        index, sessions = (
            reverse("admin:index"),
            reverse("admin:kelurahan_outreachsession_changelist"),
        )
    return OfficeTiming(
        office=office.name,
        sessions=OutreachSession.objects.filter(office=office).count(),
        inbox=median_seconds(client, index, samples),
        session_list=median_seconds(client, sessions, samples),
    )
