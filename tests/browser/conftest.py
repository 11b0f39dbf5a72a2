"""Browser tests: Playwright drives Debian's Chromium against Django's live test server.

One Chromium runs for the whole session, with one page that has JavaScript and one that has
not; each test gets one of them back clean (no cookies, no routes, desktop width).
The tests skip only on a developer machine without /usr/bin/chromium; in CI (CI=true) a
missing browser is a failure, so the accessibility checks can never be skipped silently.
"""

import datetime
import io
import os
import re
import types
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connections
from django.test import Client

from kelurahan import services
from kelurahan.models import Article, Kelurahan
from tests.support import factories

# Playwright's sync API keeps an asyncio loop running in this thread, which Django would
# otherwise take for async code and refuse database queries from the test itself.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",  # containers often give /dev/shm only 64 MB
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OTHER_HOSTS = re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])")
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
# Marks for every browser test module: live_server needs a transactional database, and the
# serialized rollback brings back the reference data of migration 0002 for every test.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once; never a downloaded browser."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {CHROMIUM} is missing: .ci/run installs it with apt.")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI runs these.")
    from playwright.sync_api import sync_playwright

    before = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # With Playwright's loop running, Django keeps connections per async context instead of
        # per thread: keep the ones made before, which hold the test database's serialized
        # contents (for serialized_rollback) and, on SQLite, the one in-memory database.
        for alias, connection in before.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def base_url(live_server):
    """The live server's address, without a trailing slash.

    Chromium keeps its HTTP connections open, so a request thread of the live server can live
    for many tests: with CONN_MAX_AGE 0 it closes its database connection after each request
    (otherwise PostgreSQL refuses to drop the test database at the end).
    """
    for alias in connections:
        connections[alias].settings_dict["CONN_MAX_AGE"] = 0
    return live_server.url


@pytest.fixture(autouse=True)
def _browser_settings(settings):
    """The tip form may be sent at once; the server thread sees the same settings."""
    settings.TIP_MIN_FILL_SECONDS = 0


@pytest.fixture(scope="session")
def _pages(base_url, browser):
    """One page with JavaScript and one without, reused by every test (see new_page)."""
    pages = {}
    for javascript in (True, False):
        context = browser.new_context(
            base_url=base_url, locale="id-ID", viewport=DESKTOP, java_script_enabled=javascript
        )
        context.set_default_timeout(10_000)
        # Tests never reach the internet: any other host is refused (a test may route one).
        context.route(OTHER_HOSTS, lambda route: route.abort())
        pages[javascript] = context.new_page()
    yield pages
    for reused in pages.values():
        reused.context.close()


@pytest.fixture
def new_page(_pages):
    """new_page(viewport=PHONE, java_script_enabled=False): a clean page, no cookies."""

    def open_page(*, viewport=DESKTOP, java_script_enabled=True):
        reused = _pages[java_script_enabled]
        reused.context.clear_cookies()
        reused.unroute_all(behavior="ignoreErrors")
        reused.set_viewport_size(viewport)
        reused.goto("about:blank")
        return reused

    return open_page


@pytest.fixture
def page(new_page):
    """A clean page at desktop width, JavaScript on."""
    return new_page()


def axe_check(page) -> None:
    """Run axe-core in the page; fail with a readable list of WCAG 2.2 A/AA violations."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    violations = Axe().run(page, options=options).response["violations"]
    if violations:
        pytest.fail(f"axe found violations on {page.url}:\n{describe(violations)}", pytrace=False)


def describe(violations: list[dict]) -> str:
    """One block per rule: what it is, and the first elements that break it."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
            lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


@pytest.fixture
def log_in(base_url):
    """log_in(page, user): give the page's context a logged-in session, without the form."""

    def give_session(page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])

    return give_session


def png_upload(name="foto.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def portal(transactional_db, live_server):
    """Jakarta Pusat with Kebon Kosong binaan: a liaison, sessions, an officer, staff, a report."""
    call_command("load_wilayah", verbosity=0, stdout=io.StringIO())
    kebon_kosong = Kelurahan.objects.get(kode="31.71.03.1002")
    services.kelurahan_designate(
        kelurahan=kebon_kosong, since=datetime.date(2024, 6, 13), sk_number="W10.IMI.IMI.1-UM.01"
    )
    liaison = factories.liaison_officer(name="Rizky Pratama")
    services.liaison_assign(
        officer=liaison, kelurahan=kebon_kosong, start_date=datetime.date(2025, 2, 1)
    )
    officer = factories.kelurahan_officer(kebon_kosong, username="petugas.kebonkosong")
    staff = factories.staff(username="staf.jakpus", first_name="Sari", last_name="Wulandari")
    upcoming = factories.session(
        kebon_kosong,
        days_from_now=5,
        title="Sosialisasi bahaya TPPO bagi calon PMI",
        speakers=[liaison],
        partners=[factories.partner()],
    )
    held = factories.held_session(kebon_kosong, title="Sosialisasi paspor dan kerja aman")
    services.session_add_photo(
        session=held, by=None, image=png_upload(), caption="Warga mengikuti sosialisasi"
    )
    awaiting = factories.session(kebon_kosong, days_from_now=-2, title="Sosialisasi di RW 05")
    report = factories.report(kebon_kosong, filed_by=officer.user)
    return types.SimpleNamespace(
        kelurahan=kebon_kosong,
        liaison=liaison,
        officer=officer,
        staff=staff,
        upcoming=upcoming,
        held=held,
        awaiting=awaiting,
        report=report,
        article=Article.objects.published().order_by("pk").first(),
    )
