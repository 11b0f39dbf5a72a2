"""Query budgets: every page runs as many SQL queries with ten times more data (no N+1).

Each test builds one small world, counts the queries of each page of its table, grows every
kind of data tenfold (kelurahan, sessions, photos, speakers, partners, liaison assignments,
articles, reports, timeline entries, tips, offices, staff, audit entries ...) and counts
again. The two counts must be equal, page by page. Public pages are counted uncached: the page
cache (and the rate limits, also in the cache) is cleared before each counted request.

Every public and officer URL classified in tests/support/accessmatrix.py and every registered
ModelAdmin must have a row in these tables (test_every_page_has_a_budget), so a new page
cannot slip through without one.
"""

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kelurahan.models import FaqEntry
from kelurahan.public import forms as tip_forms
from kelurahan.selectors import regions
from tests.support.accessmatrix import CLASSIFICATION, OFFICER, PUBLIC
from tests.support.budgetworld import (
    ANONYMOUS,
    OFFICER_ROLE,
    STAFF,
    SUPERUSER,
    World,
    build_world,
    grow,
)

GROWTH = 10  # the large world has ten times the data of the small one


@dataclass(frozen=True)
class Page:
    """One page: its URL name, how to fill the URL, who asks, and what it answers."""

    name: str
    kwargs: Callable[[World], dict] = lambda w: {}
    query: str = ""
    role: str = ANONYMOUS
    status: int = 200
    post: Callable[[World], dict] | None = None

    @property
    def label(self) -> str:
        method = "POST " if self.post else ""
        return f"{method}{self.name}{'?' + self.query if self.query else ''} as {self.role}"

    def url(self, world: World) -> str:
        path = reverse(self.name, kwargs=self.kwargs(world))
        return f"{path}?{self.query}" if self.query else path


def place(w):
    return {"slug": w.place.slug}


def session(w):
    return {"pk": w.session.pk}


def faq_entry(w):
    return {"pk": FaqEntry.objects.published().order_by("pk").first().pk}


def provinsi(w):
    return {"provinsi": w.city.provinsi.slug}


def kota(w):
    return {**provinsi(w), "kota": w.city.slug}


def kecamatan(w):
    return {**kota(w), "kecamatan": w.place.kecamatan.slug}


# The directory and its region pages; counted with one city's data and with national data.
DIRECTORY_PAGES = [
    Page("public:directory"),
    Page("public:directory", query="q=Kelurahan"),  # a search that matches most kelurahan
    Page("public:directory", query="q=Kelurahan&page=2"),
    Page("public:directory", query="q=10620"),  # by postal code
    Page("public:provinsi", provinsi),
    Page("public:kota", kota),
    Page("public:kecamatan", kecamatan),
    Page("public:kelurahan", place),
    Page("public:tip"),  # chooses the kelurahan from a list, or by name nationally
    Page("public:question_ask"),  # the same kelurahan choice as the tip form
]

PUBLIC_PAGES = [
    Page("public:home"),
    *DIRECTORY_PAGES,
    Page("public:short", lambda w: {"kode": w.place.short_code}, status=301),
    Page("public:session", session),
    Page("public:articles"),
    Page("public:article", lambda w: {"slug": "artikel-utama"}),
    Page("public:article_print", lambda w: {"slug": "artikel-utama"}),
    Page("public:accessibility"),
    Page("public:privacy"),
    Page("public:calendar"),
    Page("public:kelurahan_calendar", place),
    Page("public:session_calendar", session),
    Page("public:kelurahan_poster", place),
    Page("public:kelurahan_qr", lambda w: {"slug": w.place.slug, "fmt": "svg"}),
    Page("public:session_qr", lambda w: {"pk": w.session.pk, "fmt": "png"}),
    Page("public:session_attendance_sheet", session),
    Page("public:sessions_rss"),
    Page("public:sessions_atom"),
    Page("sitemap"),
    Page("robots_txt"),
    Page("public:opendata"),
    Page("public:opendata_csv"),
    Page("public:opendata_json"),
    Page("public:opendata_reports_csv"),
    Page("public:opendata_datapackage"),
    Page("public:tip_status"),
    Page("public:tip_status", post=lambda w: {"code": w.tip_code}),  # the tip and its timeline
    Page("public:question_status"),
    Page("public:question_status", post=lambda w: {"code": w.question_code}),  # the answer
    Page("public:faq"),
    Page("public:faq", query="q=paspor"),
    Page("public:faq_entry", faq_entry),
    Page("public:faq_entry_print", faq_entry),
    Page("public:passport_days"),
    Page("public:passport_day", lambda w: {"pk": w.passport_day.pk}),
    Page("public:passport_day_notice", lambda w: {"pk": w.passport_day.pk}),
]


def planned(w):
    return {"pk": w.planned.pk}


OFFICER_PAGES = [
    Page("officer:login"),
    Page("officer:dashboard", role=OFFICER_ROLE),
    Page("officer:session_list", role=OFFICER_ROLE),
    Page("officer:session_detail", session, role=OFFICER_ROLE),
    Page("officer:session_create", role=OFFICER_ROLE),
    Page("officer:session_edit", planned, role=OFFICER_ROLE),
    Page("officer:session_held", planned, role=OFFICER_ROLE),
    Page("officer:session_cancel", planned, role=OFFICER_ROLE),
    Page("officer:report_list", role=OFFICER_ROLE),
    Page("officer:report_detail", lambda w: {"pk": w.report.pk}, role=OFFICER_ROLE),
    Page("officer:report_create", role=OFFICER_ROLE),
    Page("officer:report_edit", lambda w: {"pk": w.draft.pk}, role=OFFICER_ROLE),
    Page("officer:report_submit", lambda w: {"pk": w.draft.pk}, role=OFFICER_ROLE, status=302),
    Page("officer:question_list", role=OFFICER_ROLE),
    Page("officer:question_create", role=OFFICER_ROLE),
    Page("officer:question_detail", lambda w: {"pk": w.question.pk}, role=OFFICER_ROLE),
    Page("officer:password_change", role=OFFICER_ROLE),
    Page("officer:password_change_done", role=OFFICER_ROLE),
    Page("officer:passport_list", role=OFFICER_ROLE),
    Page("officer:passport_create", role=OFFICER_ROLE),
]

# Each ModelAdmin's changelist, as the office's staff where staff may see it, else as a
# superuser; the changelists whose filters differ for superusers are counted for both.
ADMIN_CHANGELISTS = {
    "kelurahan.Office": (STAFF, SUPERUSER),
    "kelurahan.OfficeStaff": (STAFF, SUPERUSER),
    "kelurahan.Provinsi": (STAFF,),
    "kelurahan.Kota": (STAFF,),
    "kelurahan.Kecamatan": (STAFF,),
    "kelurahan.Kelurahan": (STAFF, SUPERUSER),
    "kelurahan.LiaisonOfficer": (STAFF, SUPERUSER),
    "kelurahan.LiaisonAssignment": (STAFF,),
    "kelurahan.KelurahanOfficer": (STAFF,),
    "kelurahan.Partner": (STAFF,),
    "kelurahan.Topic": (STAFF,),
    "kelurahan.Article": (STAFF,),
    "kelurahan.OutreachSession": (STAFF, SUPERUSER),
    "kelurahan.SessionChange": (STAFF,),
    "kelurahan.AwarenessReport": (STAFF, SUPERUSER),
    "kelurahan.OutgoingMessage": (STAFF, SUPERUSER),
    "kelurahan.Question": (STAFF, SUPERUSER),
    "kelurahan.FaqEntry": (STAFF,),
    "kelurahan.PassportServiceDay": (STAFF, SUPERUSER),
    "auth.User": (SUPERUSER,),
    "auth.Group": (SUPERUSER,),
    "auditlog.LogEntry": (SUPERUSER,),
    "axes.AccessAttempt": (SUPERUSER,),
    "axes.AccessLog": (SUPERUSER,),
    "axes.AccessFailureLog": (SUPERUSER,),
    "otp_totp.TOTPDevice": (SUPERUSER,),
}


def changelist_name(label: str) -> str:
    app_label, model_name = label.lower().split(".")
    return f"admin:{app_label}_{model_name}_changelist"


ADMIN_PAGES = [
    Page("admin:index", role=STAFF),
    Page("admin:index", role=SUPERUSER),
    Page("admin:kelurahan_recap", role=STAFF),
    Page("admin:kelurahan_coverage_list", role=STAFF),
    Page("admin:kelurahan_coverage_list", query="page=2&o=-residents", role=STAFF),
    Page("admin:kelurahan_coverage_list", role=SUPERUSER),
    Page("admin:kelurahan_recap_xlsx", role=STAFF),
    Page("admin:kelurahan_recap_csv", role=STAFF),
    Page("admin:kelurahan_recap", query="period=quarter&group=kecamatan", role=STAFF),
    *(
        Page(changelist_name(label), role=role)
        for label, roles in ADMIN_CHANGELISTS.items()
        for role in roles
    ),
    # Filters that narrow the two largest changelists, and a search.
    Page(changelist_name("kelurahan.OutreachSession"), query="status__exact=held", role=STAFF),
    Page(changelist_name("kelurahan.OutreachSession"), query="results=unverified", role=STAFF),
    Page(changelist_name("kelurahan.SessionChange"), query="status__exact=pending", role=STAFF),
    Page(changelist_name("kelurahan.AwarenessReport"), query="status=submitted", role=STAFF),
    Page(changelist_name("kelurahan.AwarenessReport"), query="q=Kebon", role=STAFF),
    # The changelists behind the inbox's counts and the rollout's figures on the index.
    *(
        Page(changelist_name("kelurahan.AwarenessReport"), query=f"inbox={key}", role=STAFF)
        for key in ("new", "added", "overdue")
    ),
    *(
        Page(changelist_name("kelurahan.OutreachSession"), query=f"inbox={key}", role=STAFF)
        for key in ("proposed", "results")
    ),
    Page(changelist_name("kelurahan.Kelurahan"), query="rollout=late", role=STAFF),
]


def client_for(world: World, role: str) -> Client:
    if role not in world.clients:
        client = Client()
        user = {
            OFFICER_ROLE: world.officer.user,
            STAFF: world.staff,
            SUPERUSER: world.superuser,
        }.get(role)
        if user is not None:
            client.force_login(user)
        world.clients[role] = client
    return world.clients[role]


def queries_of(world: World, page: Page) -> int:
    """The queries of one uncached request on every database, the response read to its end."""
    client = client_for(world, page.role)
    url = page.url(world)
    cache.clear()
    with ExitStack() as stack:
        captured = [stack.enter_context(CaptureQueriesContext(c)) for c in connections.all()]
        response = client.post(url, page.post(world)) if page.post else client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == page.status, f"{page.label}: {response.status_code}"
    return sum(len(queries) for queries in captured)


def budgets(world: World, pages: list[Page]) -> dict[str, int]:
    return {page.label: queries_of(world, page) for page in pages}


def assert_constant(pages: list[Page], *, national=False) -> dict[str, int]:
    world = build_world(national=national)
    ContentType.objects.get_for_models(*apps.get_models())  # the one process-wide cache
    small = budgets(world, pages)
    grow(world, GROWTH - world.units)
    large = budgets(world, pages)
    grown = {label: (small[label], large[label]) for label in small if small[label] != large[label]}
    assert not grown, f"queries (small data, ten times more) grew on: {grown}"
    return small


@pytest.mark.django_db(databases="__all__")  # public reads may go to a replica
def test_public_pages_run_a_fixed_number_of_queries():
    assert_constant(PUBLIC_PAGES)


@pytest.mark.django_db(databases="__all__")
def test_directory_runs_a_fixed_number_of_queries_with_national_data(monkeypatch):
    # Small limits, so that both sizes of data show several result pages and the tip form
    # asks for the kelurahan by name, as with the country's 83,762 desa/kelurahan.
    monkeypatch.setattr(regions, "RESULTS_PER_PAGE", 1)
    monkeypatch.setattr(tip_forms, "SELECT_LIMIT", 3)
    assert_constant(DIRECTORY_PAGES, national=True)


@pytest.mark.django_db(databases="__all__")
def test_officer_pages_run_a_fixed_number_of_queries():
    assert_constant(OFFICER_PAGES)


@pytest.mark.django_db(databases="__all__")
def test_admin_changelists_run_a_fixed_number_of_queries():
    assert_constant(ADMIN_PAGES)


def test_every_page_has_a_budget():
    """Each public and officer URL and each ModelAdmin's changelist is in a table above."""
    counted = {page.name for page in PUBLIC_PAGES + OFFICER_PAGES + ADMIN_PAGES}
    pages = {name for name, kind in CLASSIFICATION.items() if kind in (PUBLIC, OFFICER)}
    assert pages - counted == set()
    registered = {model._meta.label for model in admin.site._registry}
    assert registered == set(ADMIN_CHANGELISTS)
