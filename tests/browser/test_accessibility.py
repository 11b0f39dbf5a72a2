"""axe-core in Chromium: zero WCAG 2.2 A and AA violations on public, tip and officer pages."""

import pytest

from kelurahan import services
from kelurahan.services.tips import format_receipt
from tests.browser.conftest import BROWSER_TEST, PHONE, axe_check

pytestmark = BROWSER_TEST

PUBLIC_PAGES = {
    "home": lambda portal: "/",
    "directory": lambda portal: "/kelurahan/?q=kebon",
    "kelurahan": lambda portal: portal.kelurahan.get_absolute_url(),
    "session": lambda portal: portal.upcoming.get_absolute_url(),
    "held session": lambda portal: portal.held.get_absolute_url(),
    "articles": lambda portal: "/edukasi/",
    "article": lambda portal: portal.article.get_absolute_url(),
    "article printable": lambda portal: portal.article.get_print_url(),
    "tip form": lambda portal: "/lapor/",
    "tip status lookup": lambda portal: "/lapor/status/",
    "privacy": lambda portal: "/privasi/",
    "officer login": lambda portal: "/petugas/masuk/",
    "home in English": lambda portal: "/en/",
    "kelurahan in English": lambda portal: "/en" + portal.kelurahan.get_absolute_url(),
}
OFFICER_PAGES = {
    "dashboard": lambda portal: "/petugas/",
    "session form": lambda portal: "/petugas/sosialisasi/baru/",
    "session held form": lambda portal: f"/petugas/sosialisasi/{portal.awaiting.pk}/terlaksana/",
    "report form": lambda portal: "/petugas/laporan/baru/",
    "report": lambda portal: f"/petugas/laporan/{portal.report.pk}/",
    "report list": lambda portal: "/petugas/laporan/",
    "session": lambda portal: f"/petugas/sosialisasi/{portal.held.pk}/",
    "session list": lambda portal: "/petugas/sosialisasi/",
}


def axe_check_wide_and_narrow(page) -> None:
    """axe at desktop width, then again at 360 px, where tables scroll and menus wrap."""
    axe_check(page)
    page.set_viewport_size(PHONE)
    axe_check(page)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations(page, portal, name):
    response = page.goto(PUBLIC_PAGES[name](portal))
    assert response.status == 200
    axe_check_wide_and_narrow(page)


@pytest.mark.parametrize("name", OFFICER_PAGES)
def test_officer_page_has_no_axe_violations(page, portal, log_in, name):
    log_in(page, portal.officer.user)
    response = page.goto(OFFICER_PAGES[name](portal))
    assert response.status == 200
    assert page.url.endswith(OFFICER_PAGES[name](portal))  # not bounced to the login page
    axe_check_wide_and_narrow(page)


def test_tip_status_result_has_no_axe_violations(page, portal):
    report, code = services.tip_submit(observed="Ada penampungan calon PMI.")
    services.report_start_review(
        report=report, by=portal.staff, note_for_reporter="Terima kasih, kami periksa."
    )
    page.goto("/lapor/status/")
    page.locator("input[name=code]").fill(format_receipt(code))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".tip-timeline li").count() >= 2
    axe_check_wide_and_narrow(page)


def test_tip_errors_and_confirmation_have_no_axe_violations(page, portal):
    page.goto("/lapor/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    axe_check_wide_and_narrow(page)
    page.locator("textarea[name=observed]").fill("Ada perekrutan kerja ke luar negeri.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".receipt-code").is_visible()
    axe_check(page)


def test_officer_form_errors_have_no_axe_violations(page, portal, log_in):
    log_in(page, portal.officer.user)
    page.goto("/petugas/laporan/baru/")
    with page.expect_navigation():
        page.locator("button[value=submit]").click()
    assert page.locator(".is-invalid, .invalid-feedback").count() > 0
    axe_check_wide_and_narrow(page)


def test_public_pages_have_one_h1_a_distinct_title_and_a_language(page, portal):
    titles = {"id": {}, "en": {}}
    for name, path in PUBLIC_PAGES.items():
        url = path(portal)
        language = "en" if url.startswith("/en/") else "id"
        page.goto(url)
        assert page.locator("h1").count() == 1, name
        assert page.locator("html").get_attribute("lang") == language, name
        assert page.title().strip(), name
        titles[language][name] = page.title()
    for in_language in titles.values():  # proper names such as Kebon Kosong stay the same
        assert len(set(in_language.values())) == len(in_language), in_language
