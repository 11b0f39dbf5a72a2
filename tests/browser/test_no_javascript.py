"""With JavaScript off, every public page works: read, search, switch language, send a tip."""

import re

import pytest

from kelurahan import services
from tests.browser.conftest import BROWSER_TEST, PHONE

pytestmark = BROWSER_TEST
RECEIPT = re.compile(r"^\d{4} \d{4} \d{4} \d{4}$")
PAGES = {
    "home": lambda portal: "/",
    "directory search": lambda portal: "/kelurahan/?q=kemayoran",
    "kelurahan": lambda portal: portal.kelurahan.get_absolute_url(),
    "session": lambda portal: portal.upcoming.get_absolute_url(),
    "held session": lambda portal: portal.held.get_absolute_url(),
    "articles": lambda portal: "/edukasi/",
    "article": lambda portal: portal.article.get_absolute_url(),
    "tip form": lambda portal: "/lapor/",
    "tip status": lambda portal: "/lapor/status/",
    "privacy": lambda portal: "/privasi/",
}


@pytest.fixture
def no_js_page(new_page):
    return new_page(java_script_enabled=False, viewport=PHONE)


def test_every_public_page_works_without_javascript(no_js_page, portal):
    page = no_js_page
    for name, path in PAGES.items():
        response = page.goto(path(portal))
        assert response.status == 200, name
        assert page.locator("main h1").is_visible(), name
        assert len(page.locator("main").inner_text()) > 200, name
        # Nothing is left hidden for a script to reveal, and nothing overflows a 360 px screen.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, name
    page.goto("/kelurahan/?q=kemayoran")
    assert page.locator("main a[href='/kelurahan/kebon-kosong/']").is_visible()


def test_search_and_language_switch_work_without_javascript(no_js_page, portal):
    page = no_js_page
    page.goto("/")
    page.locator("main input[name=q]").fill("10630")
    with page.expect_navigation():
        page.locator("main form[role=search] button").click()
    assert page.locator("main a[href='/kelurahan/kebon-kosong/']").is_visible()

    page.goto(portal.kelurahan.get_absolute_url())
    with page.expect_navigation():
        page.locator(".language-switch a[hreflang=en]").click()
    assert page.url.endswith("/en/kelurahan/kebon-kosong/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_tip_is_sent_and_followed_without_javascript(no_js_page, portal):
    page = no_js_page
    page.goto("/lapor/")
    page.locator("textarea[name=observed]").fill("Penampungan calon PMI di rumah kosong.")
    page.locator("select[name=kelurahan]").select_option("kebon-kosong")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    code = page.locator(".receipt-code").inner_text().strip()
    assert RECEIPT.match(code)
    assert page.locator("[data-print]").is_hidden()  # the print button needs JavaScript
    report = services.tip_find(code)
    assert report.kelurahan == portal.kelurahan

    page.goto("/lapor/status/")
    page.locator("input[name=code]").fill(code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".tip-status").inner_text() == report.get_status_display()
    page.locator("textarea[name=message]").fill("Ada dua mobil datang malam ini.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".notice").is_visible()
    assert "Ada dua mobil datang malam ini." in page.locator(".tip-timeline").inner_text()


def test_exit_link_works_without_javascript(no_js_page, portal):
    page = no_js_page
    page.route("https://www.bmkg.go.id/**", lambda route: route.fulfill(body="<p>Cuaca</p>"))
    page.goto("/lapor/")
    with page.expect_navigation():
        page.locator("a.exit-page").click()
    assert page.url == "https://www.bmkg.go.id/"
