"""The access-control matrix: who each URL pattern is for, the six roles and their test data.

Every URL pattern the resolver knows must be classified here (tests/core/test_access_matrix.py
fails otherwise) and exercised for every role by tests/core/test_access_matrix.py (public, officer,
special) or tests/admin/test_admin_matrix.py (the admin).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from kelurahan import services
from kelurahan.models import Article, FaqEntry
from kelurahan.services import questions as question_services
from tests.support import factories, publicpages

PUBLIC, OFFICER, STAFF, SPECIAL = "public", "officer", "staff", "special"

# Key: "namespace:name", or the full pattern for an unnamed pattern.
CLASSIFICATION = {
    # Site root, no language prefix.
    "set_language": SPECIAL,  # the language switch: redirects back, for everyone
    "robots_txt": SPECIAL,
    "sitemap": SPECIAL,  # the index of the sections below
    "sitemap_section": SPECIAL,
    "healthz": SPECIAL,  # for monitors: says whether the database answers, nothing more
    "^media/(?P<path>.*)$": SPECIAL,  # DEBUG only: runserver serves public session photos
    # Residents' pages.
    "public:home": PUBLIC,
    "public:directory": PUBLIC,
    "public:kelurahan": PUBLIC,
    "public:provinsi": PUBLIC,  # the directory by region
    "public:kota": PUBLIC,
    "public:kecamatan": PUBLIC,
    "public:short": PUBLIC,  # the short URL on posters: a permanent redirect
    "public:session": PUBLIC,  # published sessions only
    "public:articles": PUBLIC,
    "public:article": PUBLIC,  # published articles only
    "public:article_print": PUBLIC,  # its one-page printable version, published only
    "public:accessibility": PUBLIC,
    "public:calendar": PUBLIC,
    "public:kelurahan_calendar": PUBLIC,
    "public:kelurahan_poster": PUBLIC,
    "public:kelurahan_qr": PUBLIC,
    "public:session_calendar": PUBLIC,
    "public:session_qr": PUBLIC,
    "public:session_attendance_sheet": PUBLIC,  # holds no names
    "public:opendata": PUBLIC,
    "public:opendata_csv": PUBLIC,
    "public:opendata_json": PUBLIC,
    "public:opendata_reports_csv": PUBLIC,  # counts only, small counts shown as "<5"
    "public:opendata_datapackage": PUBLIC,  # describes the three files above
    "public:sessions_rss": PUBLIC,
    "public:sessions_atom": PUBLIC,
    "public:tip": PUBLIC,  # the anonymous tip line
    "public:tip_status": PUBLIC,  # opens a tip only with its receipt code
    "public:privacy": PUBLIC,
    "public:question_ask": PUBLIC,  # residents' questions, protected like the tip line
    "public:question_status": PUBLIC,  # opens a question only with its receipt code
    "public:faq": PUBLIC,  # published answers only
    "public:faq_entry": PUBLIC,  # one published answer, to share
    "public:faq_entry_print": PUBLIC,  # its one-page printable version, published only
    "public:passport_days": PUBLIC,  # accepted passport service days only
    "public:passport_day": PUBLIC,
    "public:passport_day_notice": PUBLIC,
    # Kelurahan officers at /petugas/.
    "officer:login": SPECIAL,  # open to all; signed-in users are sent on to the dashboard
    "officer:logout": SPECIAL,  # POST only
    "officer:dashboard": OFFICER,
    "officer:password_change": OFFICER,
    "officer:password_change_done": OFFICER,
    # Forgotten password and the one-time link: open to all, answering the same for everyone.
    "officer:password_reset": SPECIAL,
    "officer:password_reset_done": SPECIAL,
    "officer:password_set": SPECIAL,
    "officer:password_set_done": SPECIAL,
    "officer:session_list": OFFICER,
    "officer:session_create": OFFICER,
    "officer:session_detail": OFFICER,
    "officer:session_edit": OFFICER,
    "officer:session_held": OFFICER,
    "officer:session_cancel": OFFICER,
    "officer:report_list": OFFICER,
    "officer:report_create": OFFICER,
    "officer:report_detail": OFFICER,
    "officer:report_edit": OFFICER,
    "officer:report_submit": OFFICER,
    "officer:question_list": OFFICER,
    "officer:question_create": OFFICER,
    "officer:question_detail": OFFICER,  # relayed from the officer's kelurahan only
    "officer:passport_list": OFFICER,  # the kelurahan's own passport service day requests
    "officer:passport_create": OFFICER,
    # The admin site's own pages (model pages are classified by ADMIN_MODEL_VIEWS below).
    "admin:index": STAFF,
    "admin:login": SPECIAL,  # open to all; signed-in staff are sent on to the index
    "admin:logout": SPECIAL,  # POST only
    "admin:password_change": STAFF,
    "admin:password_change_done": STAFF,
    "admin:autocomplete": STAFF,  # answers from the target ModelAdmin's scoped queryset
    "admin:jsi18n": STAFF,
    "admin:view_on_site": STAFF,  # redirects to an object's public page
    "admin:app_list": STAFF,
    f"{settings.ADMIN_URL}(?P<url>.*)$": STAFF,  # the admin's catch-all: login first, then 404
    "admin:kelurahan_coverage_list": STAFF,
    "admin:kelurahan_recap": STAFF,
    "admin:kelurahan_recap_xlsx": STAFF,
    "admin:kelurahan_recap_csv": STAFF,
    "admin:kelurahan_awarenessreport_photo": STAFF,  # a report's private photo
    "admin:kelurahan_kelurahan_rename": STAFF,  # superusers change a kelurahan's slug
    "admin:kelurahan_kelurahan_poster": STAFF,  # records "poster printed", then the public PDF
    "admin:auth_user_password_change": STAFF,  # UserAdmin's "set password" page
    "admin:otp_totp_totpdevice_config": STAFF,  # django-otp: a device's key, superusers only
    "admin:otp_totp_totpdevice_qrcode": STAFF,
    # Staff two-factor login (kelurahan/accounts), outside the admin's URLs.
    "accounts:otp_enrol": STAFF,
    "accounts:otp_verify": STAFF,
}
# Present only when settings.DEBUG is on when the URLconf is loaded.
DEBUG_ONLY = {"^media/(?P<path>.*)$"}
# The views Django's ModelAdmin generates for each registered model.
ADMIN_MODEL_VIEWS = ("changelist", "add", "history", "delete", "change")

UNCLASSIFIED_HELP = (
    "URL patterns without an access decision. Classify each in CLASSIFICATION in "
    "tests/support/accessmatrix.py as public, officer, staff or special, and add its cases for "
    "every role to tests/core/test_access_matrix.py (or tests/admin/test_admin_matrix.py for "
    "admin URLs):\n"
)


def url_patterns() -> dict[str, str]:
    """Every URL pattern of the project: key (namespace:name or pattern) -> full pattern."""
    found = {}

    def walk(resolver, prefix, namespaces):
        for entry in resolver.url_patterns:
            pattern = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(
                    entry,
                    pattern,
                    (*namespaces, entry.namespace) if entry.namespace else namespaces,
                )
            else:
                key = ":".join((*namespaces, entry.name)) if entry.name else pattern
                found.setdefault(key, pattern)

    walk(get_resolver(), "", ())
    return found


def admin_model_keys() -> dict[str, object]:
    """Keys of the URLs Django generates for each registered ModelAdmin -> its model."""
    keys = {}
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        for view in ADMIN_MODEL_VIEWS:
            keys["admin:{}_{}_{}".format(*info, view)] = model
        # The old-style change URL, an unnamed redirect to .../change/.
        keys["{}{}/{}/<path:object_id>/".format(settings.ADMIN_URL, *info)] = model
    return keys


def classify(key: str) -> str | None:
    if key in CLASSIFICATION:
        return CLASSIFICATION[key]
    return STAFF if key in admin_model_keys() else None


# Roles


ROLES = ("anonymous", "officer_kk", "officer_gambir", "staff", "other_staff", "superuser")
OFFICER_LOGIN = "/petugas/masuk/"
ADMIN_INDEX = f"/{settings.ADMIN_URL}"
ADMIN_LOGIN = f"{ADMIN_INDEX}login/"


@dataclass(frozen=True)
class Expect:
    """An expected answer: a status; for a redirect, the path it leads to; maybe a template.

    `location` may name URL kwargs, such as "/petugas/laporan/{pk}/".
    """

    status: int
    location: str | None = None
    template: str | None = None

    def check(self, response, kwargs: dict | None = None) -> None:
        where = f" -> {response['Location']}" if response.has_header("Location") else ""
        assert response.status_code == self.status, f"got {response.status_code}{where}"
        if self.location is not None:
            wanted = self.location.format(**(kwargs or {}))
            assert urlsplit(response["Location"]).path == wanted, response["Location"]
        if self.template is not None:
            assert self.template in [t.name for t in response.templates]


# Tables a refused request must leave as they were (audit and lockout logs may grow).
SNAPSHOT_APPS = ("kelurahan", "auth", "admin")
OK = Expect(200)
NOT_FOUND = Expect(404)
FORBIDDEN = Expect(403)
NOT_ALLOWED = Expect(405)
TO_OFFICER_LOGIN = Expect(302, OFFICER_LOGIN)
TO_ADMIN_LOGIN = Expect(302, ADMIN_LOGIN)
# Django's answer for an object outside the user's queryset: "doesn't exist", back to index.
GONE = Expect(302, ADMIN_INDEX)
OFFICER_FORBIDDEN = Expect(403, template="officer/forbidden.html")


@dataclass(frozen=True)
class Case:
    """One URL and method, its kwargs built from the test data, the answer expected per role.

    `path` stands in for the URL name's reverse() where the pattern has no name.
    """

    name: str
    expect: dict[str, Expect]
    kwargs: Callable[["World"], dict] | None = None
    method: str = "get"
    data: dict = field(default_factory=dict)
    label: str = ""
    query: str = ""
    path: str = ""

    @property
    def id(self) -> str:
        variant = f"[{self.label}]" if self.label else ""
        return f"{self.name}{variant}-{self.method.upper()}"

    def send(self, client, world: "World", role: str):
        """Send the request as the role; a POST here must leave every table as it was."""
        kwargs = self.kwargs(world) if self.kwargs else {}
        world.login(client, role)
        url = self.path or reverse(self.name, kwargs=kwargs)
        url += f"?{self.query}" if self.query else ""
        if self.method == "get":
            return client.get(url), kwargs
        before = snapshot()
        response = client.post(url, self.data)
        assert snapshot() == before, "a refused request changed the database"
        return response, kwargs


def pairs(cases) -> list:
    """pytest parameters: one (case, role) pair for each role a case names."""
    return [
        pytest.param(case, role, id=f"{case.id}-{role}")
        for case in cases
        for role in ROLES
        if role in case.expect
    ]


def snapshot() -> dict:
    """Every row of the portal's, the accounts' and the admin log's tables, to compare."""
    tables = {}
    for label in SNAPSHOT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model is not Permission:  # fixed by migrations, and the largest table
                tables[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return tables


def everyone(expect: Expect) -> dict[str, Expect]:
    return dict.fromkeys(ROLES, expect)


def roles(base: dict[str, Expect], **changes: Expect) -> dict[str, Expect]:
    return {**base, **changes}


class World:
    """Kebon Kosong's records and the six roles' accounts (the same as tests/conftest.py's)."""

    def __init__(self):
        kemayoran = factories.kecamatan(kode="31.71.03", name="Kemayoran", slug="kemayoran")
        kebon_kosong = factories.kelurahan(
            kecamatan=kemayoran,
            kode="31.71.03.1002",
            name="Kebon Kosong",
            slug="kebon-kosong",
            postal_code="10630",
        )
        self.kebon_kosong = publicpages.designate(kebon_kosong)
        gambir = factories.kecamatan(kode="31.71.01", name="Gambir", slug="gambir")
        self.gambir = factories.kelurahan(
            kecamatan=gambir, kode="31.71.01.1001", name="Gambir", slug="gambir"
        )
        self.officer_kk = factories.kelurahan_officer(
            self.kebon_kosong, username="petugas.kebonkosong"
        )
        officer_gambir = factories.kelurahan_officer(self.gambir, username="petugas.gambir")
        self.users = {
            "anonymous": None,
            "officer_kk": self.officer_kk.user,
            "officer_gambir": officer_gambir.user,
            "staff": factories.staff(username="staf.jakpus"),
            "other_staff": factories.staff(factories.office(), username="staf.lain"),
            "superuser": factories.superuser(),
        }
        self._records(self.officer_kk.user)
        self._sessions = {role: _session_of(user) for role, user in self.users.items() if user}

    def _records(self, author):
        place = self.kebon_kosong
        self.session = factories.session(place, by=author, title="Sosialisasi TPPO Kebon Kosong")
        self.hidden_session = factories.session(
            place, published=False, by=author, title="Usulan sosialisasi belum terbit"
        )
        self.draft_report = factories.report(place, filed_by=author, submit=False)
        self.report = factories.report(place, filed_by=author)
        self.tip, _code = services.tip_submit(observed="Ada perekrut di RT 003.", kelurahan=place)
        self.liaison = factories.liaison_officer()
        self.assignment = services.liaison_assign(
            officer=self.liaison, kelurahan=place, start_date=datetime.date(2024, 6, 14)
        )
        self.article = Article.objects.published().order_by("pk").first()
        self.group = Group.objects.create(name="Seksi Inteldakim")
        self.question, _code = question_services.question_relay(
            by=author, text="Warga bertanya tentang paspor anak."
        )
        self.resident_question, _code = question_services.question_submit(
            text="Saya ditawari kerja di luar negeri.", kelurahan=place
        )
        self.faq_entry = FaqEntry.objects.published().order_by("pk").first()
        self.hidden_faq_entry = FaqEntry.objects.create(
            topic=self.faq_entry.topic,
            question="Belum terbit?",
            answer="Belum.",
            is_published=False,
        )
        self._passport_days(author)

    def _passport_days(self, author):
        """An accepted passport service day of Kebon Kosong and a request still waiting."""
        self.passport_request = passport_request(self.kebon_kosong, author)
        accepted = passport_request(self.kebon_kosong, author)
        starts = timezone.now() + datetime.timedelta(days=20)
        self.passport_day = services.passport_day_accept(
            day=accepted,
            by=self.users["staff"],
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=4),
        )

    def user(self, role: str):
        return self.users[role]

    def login(self, client, role: str):
        """Log in without the login form, so lockouts and two-factor steps stay out of it.

        Each role's session was opened with force_login when the World was built; its row is
        kept by the module's transaction, so a test reuses it instead of logging in again.
        """
        user = self.users[role]
        if user is None:
            return None
        if settings.SESSION_ENGINE == DB_SESSIONS:
            client.cookies[settings.SESSION_COOKIE_NAME] = self._sessions[role]
        else:
            client.force_login(user)
        return user


DB_SESSIONS = "django.contrib.sessions.backends.db"


def _session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def passport_request(kelurahan, author):
    return services.passport_day_request(
        kelurahan=kelurahan,
        requested_by=author,
        expected_applicants=60,
        preferred_date=timezone.localdate() + datetime.timedelta(days=30),
        venue="Aula Kantor Kelurahan",
        contact_name="Siti Rahma",
        contact_phone="021-4200000",
    )


def shared_world(django_db_blocker):
    """Build the World once per test module, inside a transaction undone after its last test.

    pytest-django runs each test in a savepoint within that transaction, so whatever a test
    writes is undone after it and the next test finds the World as it was built.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield World()
        transaction.set_rollback(True)
