"""Query budgets: every page runs as many SQL queries with ten times more data (no N+1).

Each test builds one small world, counts the queries of each page of its table, grows every
kind of data tenfold (kelurahan, sessions, photos, speakers, partners, liaison assignments,
articles, reports, timeline entries, tips, offices, staff, audit entries ...) and counts
again. The two counts must be equal, page by page. Public pages are counted uncached: the page
cache (and the rate limits, also in the cache) is cleared before each counted request.

Every public and officer URL classified in tests/accessmatrix.py and every registered
ModelAdmin must have a row in these tables (test_every_page_has_a_budget), so a new page
cannot slip through without one.
"""

import datetime
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kelurahan import services
from kelurahan.models import AwarenessReport
from kelurahan.public import tip_forms
from kelurahan.selectors import regions
from tests import factories
from tests.accessmatrix import CLASSIFICATION, OFFICER, PUBLIC
from tests.publicpages import article, designate, png

GROWTH = 10  # the large world has ten times the data of the small one
ANONYMOUS, OFFICER_ROLE, STAFF, SUPERUSER = "anonymous", "officer", "staff", "superuser"


@dataclass
class World:
    """The records each page is about; grow() adds more of everything around them."""

    office: object
    city: object  # Jakarta Pusat: with national=False every kelurahan is in it
    place: object  # the kelurahan the officer works for and the public pages show
    officer: object
    staff: object
    superuser: object
    session: object  # held and published: its page lists speakers, partners and photos
    planned: object  # the officer's planned session, for the session forms
    draft: AwarenessReport
    report: AwarenessReport  # submitted: its timeline grows
    tip: AwarenessReport
    tip_code: str
    national: bool = False  # True: each unit of data adds a province and a city
    units: int = 0
    clients: dict = field(default_factory=dict)


def _today():
    return timezone.localdate()


def _propose(place, *, days, by=None, published=True, **fields):
    """A session on two topics with a speaker and a partner, like real ones."""
    starts = timezone.now() + datetime.timedelta(days=days)
    session = services.session_propose(
        kelurahan=place,
        proposed_by=by,
        title=fields.pop("title", "Sosialisasi pencegahan TPPO"),
        venue="Aula Kantor Kelurahan",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        description="Sosialisasi bagi warga.",
        topics=[factories.topic("tppo"), factories.topic("tppm")],
        partners=[factories.partner()],
        **fields,
    )
    return services.session_publish(session=session, by=None) if published else session


def _held(place, *, days=-3, complete=True, speakers=()):
    session = _propose(place, days=days, speakers=speakers)
    results = {"attendance_men": 20, "attendance_women": 25, "attendance_total": 45}
    results["summary"] = "Warga bertanya tentang kerja di luar negeri."
    if not complete:
        results = {}
    return services.session_mark_held(
        session=session, by=None, photos=[(png(), "Warga bertanya")], **results
    )


def new_kelurahan(world, n: int, slot: int, office, **fields):
    """A kelurahan in a new kecamatan: of Jakarta Pusat, or (national) of a new city."""
    city = factories.kota(f"{40 + n}.01") if world.national else world.city
    kecamatan = factories.kecamatan(kode=f"{city.kode}.{10 + 3 * n + slot:02d}", kota=city)
    return factories.kelurahan(kecamatan=kecamatan, office=office, **fields)


def build_world(*, national=False) -> World:
    office = factories.main_office()
    city = factories.kota("31.71")
    kemayoran = factories.kecamatan(kode="31.71.03", kota=city, name="Kemayoran")
    place = factories.kelurahan(
        kecamatan=kemayoran, name="Kebon Kosong", slug="kebon-kosong", kode="31.71.03.1002"
    )
    designate(place)
    officer = factories.kelurahan_officer(place, username="petugas.kk")
    staff = factories.staff(office, username="staf.kanim")
    draft = factories.report(place, filed_by=officer.user, submit=False)
    report = factories.report(place, filed_by=officer.user)
    services.report_start_review(report=report, by=staff)
    tip, tip_code = services.tip_submit(observed="Ada perekrut di RT 003.", kelurahan=place)
    article("artikel-utama")
    world = World(
        office=office,
        city=city,
        national=national,
        place=place,
        officer=officer,
        staff=staff,
        superuser=factories.superuser(),
        session=_held(place, speakers=[factories.liaison_officer(office)]),
        planned=_propose(place, days=5, by=officer.user, published=False),
        draft=draft,
        report=report,
        tip=tip,
        tip_code=tip_code,
    )
    grow(world, 1)
    return world


def grow(world: World, units: int) -> None:
    """Add `units` units of every kind of data, around the world's records and elsewhere."""
    for _ in range(units):
        world.units += 1
        _grow_programme(world, world.units)
        _grow_reports(world, world.units)
        _grow_accounts(world, world.units)


def _grow_programme(world: World, n: int) -> None:
    place, office = world.place, world.office
    other = new_kelurahan(world, n, 0, office)
    designate(other)
    liaison = factories.liaison_officer(office)
    for kelurahan in (place, other):
        services.liaison_assign(officer=liaison, kelurahan=kelurahan, start_date=_today())
        _propose(kelurahan, days=3 + n, speakers=[liaison])
        _held(kelurahan, days=-3 - n, speakers=[liaison])
    _held(place, days=-40 - n, complete=False)  # results missing
    _propose(place, days=-1, by=world.officer.user)  # past, still planned: awaiting results
    cancelled = _propose(place, days=10 + n)
    services.session_cancel(session=cancelled, by=None, reason="Hujan deras")
    _propose(place, days=20 + n, by=world.officer.user, published=False)
    world.session.speakers.add(liaison)
    services.session_add_photo(session=world.session, by=None, image=png(), caption=f"Foto {n}")
    article(f"artikel-{n}")
    article(f"artikel-lain-{n}", topic="paspor")
    article(f"draf-{n}", published=False)


def _grow_reports(world: World, n: int) -> None:
    place, staff, officer = world.place, world.staff, world.officer.user
    factories.report(place, filed_by=officer)
    factories.report(place, filed_by=officer, submit=False)
    reviewed = factories.report(place, filed_by=officer)
    services.report_start_review(report=reviewed, by=staff)
    services.report_refer(report=reviewed, by=staff, partner=factories.partner())
    factories.report(new_kelurahan(world, n, 1, world.office, postal_code="10110"))
    services.tip_submit(observed=f"Tawaran kerja mencurigakan {n}.")  # kelurahan unknown
    services.tip_submit(observed=f"Tawaran kerja di RT {n}.", kelurahan=place)
    note = {"note_for_reporter": f"Pesan {n}", "internal_note": f"Catatan {n}"}
    services.report_add_note(report=world.report, by=staff, **note)
    services.report_add_note(report=world.tip, by=staff, **note)
    services.tip_add_information(report=world.tip, message=f"Informasi tambahan {n}")


def _grow_accounts(world: World, n: int) -> None:
    other_office = factories.office()
    factories.staff(other_office)
    factories.staff(world.office)
    factories.kelurahan_officer(world.place)
    factories.report(new_kelurahan(world, n, 2, other_office, name=f"Desa {n}"))
    Group.objects.create(name=f"Seksi {n}")
    TOTPDevice.objects.create(user=factories.staff(world.office), name="App")
    rows = {"username": f"tamu{n}", "ip_address": "10.0.0.1", "user_agent": "t", "path_info": "/"}
    AccessLog.objects.create(http_accept="*/*", **rows)
    AccessFailureLog.objects.create(http_accept="*/*", **rows)
    AccessAttempt.objects.create(
        http_accept="*/*", failures_since_start=1, get_data="", post_data="", **rows
    )


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
]

PUBLIC_PAGES = [
    Page("public:home"),
    *DIRECTORY_PAGES,
    Page("public:short", lambda w: {"kode": w.place.short_code}, status=301),
    Page("public:session", session),
    Page("public:articles"),
    Page("public:article", lambda w: {"slug": "artikel-utama"}),
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
    Page("public:tip_status"),
    Page("public:tip_status", post=lambda w: {"code": w.tip_code}),  # the tip and its timeline
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
    Page("officer:password_change", role=OFFICER_ROLE),
    Page("officer:password_change_done", role=OFFICER_ROLE),
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
    "kelurahan.AwarenessReport": (STAFF, SUPERUSER),
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
    Page(changelist_name("kelurahan.AwarenessReport"), query="status=submitted", role=STAFF),
    Page(changelist_name("kelurahan.AwarenessReport"), query="q=Kebon", role=STAFF),
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
