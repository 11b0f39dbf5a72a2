"""The office's inbox in Chromium: an urgent officer report reaches it, staff answer it there."""

from django.conf import settings

from kelurahan.models import AwarenessReport
from tests.browser.conftest import BROWSER_TEST, DESKTOP, PHONE
from tests.support import factories

pytestmark = BROWSER_TEST
ADMIN = f"/{settings.ADMIN_URL}"


def submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def officer_log_in(page) -> None:
    page.goto("/petugas/masuk/")
    page.locator("input[name=username]").fill("petugas.kebonkosong")
    page.locator("input[name=password]").fill(factories.PASSWORD)
    submit(page, page.locator("main form button[type=submit]"))


def officer_files_an_urgent_report(page) -> AwarenessReport:
    officer_log_in(page)
    page.goto("/petugas/laporan/baru/")
    page.locator("select[name=category]").select_option(AwarenessReport.Category.TPPO)
    page.locator("textarea[name=observed]").fill(
        "Tiga warga dijemput malam ini untuk kerja di kapal."
    )
    page.locator(f"input[name=urgency][value='{AwarenessReport.Urgency.URGENT}']").check()
    submit(page, page.locator("button[name=action][value=draft]"))
    report = AwarenessReport.objects.latest("pk")
    submit(page, page.locator(f"form[action$='/laporan/{report.pk}/kirim/'] button"))
    report.refresh_from_db()
    assert report.status == AwarenessReport.Status.SUBMITTED
    return report


def staff_log_in(page) -> None:
    page.goto(f"{ADMIN}login/")
    page.locator("input[name=username]").fill("staf.jakpus")
    page.locator("input[name=password]").fill(factories.PASSWORD)
    submit(page, page.locator("#login-form [type=submit]"))
    assert page.url.endswith(ADMIN)


def test_staff_answer_an_urgent_officer_report_from_the_top_of_the_inbox(new_page, portal):
    urgent = officer_files_an_urgent_report(new_page(viewport=PHONE))

    page = new_page(viewport=DESKTOP)
    staff_log_in(page)
    change_url = f"{ADMIN}kelurahan/awarenessreport/{urgent.pk}/change/"
    new_section = page.locator(".inbox-section[data-inbox=new]")
    first_line = new_section.locator(".inbox-line").first
    assert urgent.reference in first_line.inner_text()  # above the older, normal report
    assert "inbox-urgent" in first_line.get_attribute("class")
    assert new_section.locator(".inbox-line").count() == 2  # and portal.report after it
    # The inbox is the first thing on the page, above the coverage table.
    assert page.locator("#content h2").first.get_attribute("id") == "inbox-title"

    with page.expect_navigation():
        first_line.locator(f"a[href='{change_url}']").click()
    page.locator("textarea[name=note_for_reporter]").fill("Tim kami segera ke lokasi.")
    submit(page, page.locator("input[name=_continue]"))
    assert "Tim kami segera ke lokasi." in page.locator(".inline-group").inner_text()

    page.goto(ADMIN)
    assert page.locator(f".inbox a[href='{change_url}']").count() == 0
    assert new_section.locator(".inbox-line").count() == 1  # portal.report still waits
    # The officer is told: their dashboard says the office answered, and links to the answer.
    officer_page = new_page(viewport=PHONE)  # the officer comes back and logs in again
    officer_log_in(officer_page)
    notices = officer_page.locator("section[aria-labelledby=notices-title]")
    assert f"Kantor membalas laporan {urgent.reference}" in notices.inner_text()


def assert_fits_1280_pixels(page, tables: int) -> None:
    wraps = page.locator(".coverage-table-wrap")
    assert wraps.count() == tables
    for index in range(wraps.count()):
        overflow = wraps.nth(index).evaluate("(wrap) => wrap.scrollWidth - wrap.clientWidth")
        assert overflow <= 0, f"table {index} is cut off by {overflow} px at 1280 px"
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]


def test_admin_index_shows_every_column_at_1280_pixels(new_page, portal, log_in, tmp_path):
    page = new_page(viewport=DESKTOP)
    log_in(page, portal.staff)
    page.goto(ADMIN)
    page.screenshot(path=str(tmp_path / "admin-index-1280.png"), full_page=True)
    assert_fits_1280_pixels(page, tables=2)  # coverage and rollout
    # The index lists the binaan kelurahan only: Kebon Kosong, the one binaan of the 44.
    rows = page.locator(".coverage .coverage-table tbody tr")
    assert rows.count() == 1 and "Kebon Kosong" in rows.first.inner_text()

    # The other 43 are one link away, on the complete list, which fits too.
    with page.expect_navigation():
        page.locator("a.coverage-list-link").click()
    page.screenshot(path=str(tmp_path / "coverage-list-1280.png"), full_page=True)
    assert_fits_1280_pixels(page, tables=1)
    rows = page.locator(".coverage .coverage-table tbody tr")
    assert rows.count() == 44 and "Kebon Kosong" in rows.first.inner_text()  # binaan first
    assert page.locator(".coverage .coverage-table tbody tr.coverage-alarm").count() <= 1
