"""Keyboard only: Tab, Shift+Tab, arrows, typing, Space and Enter; never a click or fill()."""

import re

import pytest

from kelurahan import services
from kelurahan.models import AwarenessReport
from tests.browser.conftest import BROWSER_TEST, PHONE
from tests.support import factories

pytestmark = BROWSER_TEST
RECEIPT = re.compile(r"^\d{4} \d{4} \d{4} \d{4}$")
FOCUS_STYLE = """() => {
  const style = getComputedStyle(document.activeElement);
  return {outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""


def focused_matches(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, *, back: bool = False, limit: int = 100) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches the selector."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if focused_matches(page, selector):
            return
    pytest.fail(f"the keyboard never reached {selector} on {page.url}")


def press_and_wait(page, key: str) -> None:
    """Press a key that sends a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def assert_focus_is_visible(page) -> None:
    style = page.evaluate(FOCUS_STYLE)
    assert style["outline"] != "none" and style["width"] >= 2, f"no visible focus: {style}"


def test_resident_sends_a_tip_with_the_keyboard_only(new_page, portal):
    page = new_page(viewport=PHONE)
    page.goto(portal.kelurahan.get_absolute_url())
    tab_to(page, "a.tip-link-button")
    assert_focus_is_visible(page)
    press_and_wait(page, "Enter")

    tab_to(page, "textarea[name=observed]")
    page.keyboard.type("Ada yang menawarkan kerja di kapal ikan tanpa kontrak.")
    tab_to(page, "input[name=urgency]")
    page.keyboard.press("ArrowDown")  # "Yes, someone is in danger now"
    tab_to(page, "select[name=kelurahan]")
    assert page.evaluate("() => document.activeElement.value") == "kebon-kosong"
    tab_to(page, "input[name=location]")
    page.keyboard.type("Gang Kelinci, RT 003/RW 005")
    tab_to(page, "textarea[name=observed]", back=True)  # back up to check, then onwards
    assert page.url.endswith("/lapor/?kelurahan=kebon-kosong")  # Shift+Tab never exits
    tab_to(page, "main form button[type=submit]")
    assert_focus_is_visible(page)
    press_and_wait(page, "Enter")

    code = page.locator(".receipt-code").inner_text().strip()
    assert RECEIPT.match(code)
    report = services.tip_find(code)
    assert report.kelurahan == portal.kelurahan
    assert report.urgency == AwarenessReport.Urgency.URGENT
    assert report.location_street == "Gang Kelinci, RT 003/RW 005"

    tab_to(page, "a[href='/lapor/status/']")
    press_and_wait(page, "Enter")
    tab_to(page, "input[name=code]")
    page.keyboard.type(code)
    press_and_wait(page, "Enter")
    assert page.locator(".tip-status").inner_text() == report.get_status_display()


def test_officer_logs_in_and_submits_a_report_with_the_keyboard_only(new_page, portal):
    page = new_page()
    page.goto("/petugas/masuk/")
    tab_to(page, "input[name=username]")
    assert_focus_is_visible(page)
    page.keyboard.type("petugas.kebonkosong")
    page.keyboard.press("Tab")
    page.keyboard.type(factories.PASSWORD)
    press_and_wait(page, "Enter")
    assert page.url.endswith("/petugas/")

    tab_to(page, "main a[href='/petugas/laporan/baru/']")
    assert_focus_is_visible(page)
    press_and_wait(page, "Enter")
    tab_to(page, "select[name=category]")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == "tppo"
    tab_to(page, "textarea[name=observed]")
    page.keyboard.type("Perekrut menawarkan kerja di luar negeri, paspor ditahan agen.")
    tab_to(page, "input[name=location_rt_rw]")
    page.keyboard.type("003/005")
    tab_to(page, "input[name=urgency]")
    page.keyboard.press("ArrowDown")  # "Urgent"
    tab_to(page, "button[name=action][value=submit]")
    assert_focus_is_visible(page)
    press_and_wait(page, "Space")

    report = AwarenessReport.objects.filter(filed_by=portal.officer.user).latest("pk")
    assert report.status == AwarenessReport.Status.SUBMITTED
    assert report.urgency == AwarenessReport.Urgency.URGENT
    assert page.url.endswith(f"/petugas/laporan/{report.pk}/")


def test_skip_link_is_first_and_moves_focus_to_the_main_content(page, portal):
    page.goto("/")
    page.keyboard.press("Tab")
    assert focused_matches(page, "a.skip-link")
    assert page.locator("a.skip-link").is_visible()
    assert_focus_is_visible(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


TAB_STOP = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    element: element.outerHTML.slice(0, 120),
    outline: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    shadow: style.boxShadow,
  };
}"""


@pytest.mark.parametrize(
    "path",
    ["/", "/kelurahan/kebon-kosong/", "/lapor/", "/petugas/masuk/", "/petugas/laporan/baru/"],
)
def test_every_tab_stop_shows_a_visible_focus(page, portal, log_in, path):
    log_in(page, portal.officer.user)
    page.goto(path)
    seen = []
    for _ in range(150):
        page.keyboard.press("Tab")
        stop = page.evaluate(TAB_STOP)
        if stop["element"].startswith("<body") or (seen and stop["element"] == seen[0]):
            break  # wrapped around to the start
        seen.append(stop["element"])
        # The site's focus style, on public and officer pages: a 3 px yellow outline, a dark ring.
        assert stop["outline"] == "solid" and stop["width"] >= 2, stop
        assert stop["shadow"] != "none", stop
    assert len(seen) > 5


def test_pressing_shift_three_times_leaves_the_tip_page(page, portal):
    page.route("https://www.bmkg.go.id/**", lambda route: route.fulfill(body="<p>Cuaca</p>"))
    page.goto("/lapor/")
    tab_to(page, "textarea[name=observed]")
    page.keyboard.type("Ada Orang Asing")  # capital letters do not count as Shift presses
    assert "/lapor/" in page.url
    with page.expect_navigation():
        for _ in range(3):
            page.keyboard.press("Shift")
    assert page.url == "https://www.bmkg.go.id/"
