"""What residents come for is in the first screen of a 360 x 640 phone.

Home: find my kelurahan (the search field and its button), ask a question, report anonymously.
Kelurahan page: ask, report, the next session. In both languages, without JavaScript (the
layout must not depend on it).
"""

import pytest

from tests.browser.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST
SMALL_PHONE = {"width": 360, "height": 640}
HOME = {
    "search field": "main form[role=search][action$='/kelurahan/'] input[name=q]",
    "search button": "main form[role=search][action$='/kelurahan/'] button[type=submit]",
    "ask": "main a[href$='/tanya/']",
    "report": "main a[href$='/lapor/']",
}


def kelurahan_actions(portal) -> dict:
    slug = portal.kelurahan.slug
    return {
        "ask": f"main a[href$='/tanya/?kelurahan={slug}']",
        "report": f"main a[href$='/lapor/?kelurahan={slug}']",
        "next session": f"main a.action-next[href$='{portal.upcoming.get_absolute_url()}']",
    }


def assert_in_first_screen(page, path: str, targets: dict) -> None:
    assert page.goto(path).status == 200
    for what, selector in targets.items():
        assert page.locator(selector).count(), f"{what} is missing on {path}"
        box = page.locator(selector).first.bounding_box()
        assert box is not None, f"{what} is not shown on {path}"
        top, bottom = box["y"], box["y"] + box["height"]
        assert top >= 0 and bottom <= SMALL_PHONE["height"], (
            f"{what} at {top:.0f}-{bottom:.0f}px on {path}"
        )
        assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"], (
            f"{what} on {path}"
        )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_home_first_screen_has_search_ask_and_report(new_page, portal, prefix):
    page = new_page(viewport=SMALL_PHONE, java_script_enabled=False)
    assert_in_first_screen(page, f"{prefix}/", HOME)
    assert page.locator(HOME["ask"]).first.get_attribute("href") == f"{prefix}/tanya/"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_kelurahan_first_screen_has_ask_report_and_next_session(new_page, portal, prefix):
    page = new_page(viewport=SMALL_PHONE, java_script_enabled=False)
    path = f"{prefix}/kelurahan/{portal.kelurahan.slug}/"
    assert_in_first_screen(page, path, kelurahan_actions(portal))
