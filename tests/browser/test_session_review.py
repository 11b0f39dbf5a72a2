"""An officer's edit to a published session is not public until staff approve it (Chromium)."""

from django.conf import settings

from kelurahan.models import OutreachSession, SessionChange
from tests.browser.conftest import BROWSER_TEST
from tests.browser.test_journeys import officer_logs_in, submit
from tests.support import factories

pytestmark = BROWSER_TEST
NEW_TITLE = "Sosialisasi bahaya TPPO bagi calon PMI dan keluarganya"


def test_officer_edit_of_published_session_is_public_only_after_approval(new_page, portal, log_in):
    session, old_title = portal.upcoming, portal.upcoming.title
    page = new_page()  # the officer's, then (cookies cleared) a resident's and staff's
    officer_logs_in(page)
    page.goto(f"/petugas/sosialisasi/{session.pk}/ubah/")
    page.locator("input[name=title]").fill(NEW_TITLE)
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith(f"/petugas/sosialisasi/{session.pk}/")
    assert NEW_TITLE in page.locator("#pending-title + p + table").inner_text()

    resident = new_page()
    resident.goto(session.get_absolute_url())
    assert resident.locator("h1").inner_text() == old_title

    log_in(resident, portal.staff)
    change = SessionChange.objects.pending().get(session=session)
    resident.goto(f"/{settings.ADMIN_URL}kelurahan/sessionchange/{change.pk}/change/")
    diff = resident.locator(".session-change-diff").inner_text()
    assert old_title in diff and NEW_TITLE in diff
    resident.locator("textarea[name=staff_note]").fill("Judul sudah dicek.")
    submit(resident, resident.locator("button[name=decision][value=approve]"))
    assert "sessionchange/?status__exact=pending" in resident.url

    resident.context.clear_cookies()
    resident.goto(session.get_absolute_url())
    assert resident.locator("h1").inner_text() == NEW_TITLE


def test_session_changelist_fits_1280_px(new_page, portal, log_in):
    factories.session(
        portal.kelurahan,
        title="Sosialisasi pencegahan tindak pidana perdagangan orang dan penyelundupan manusia "
        "bagi calon pekerja migran Indonesia, keluarga, dan pengurus RT/RW se-Kelurahan",
        kind=OutreachSession.Kind.COORDINATION,
    )
    factories.held_session(portal.kelurahan, verified=False)  # "results to verify"
    factories.session(portal.kelurahan, published=False)  # "not public"
    page = new_page()  # 1280 px wide
    log_in(page, portal.staff)
    page.goto(f"/{settings.ADMIN_URL}kelurahan/outreachsession/")
    assert page.locator("#result_list").count() == 1
    # The admin scrolls a table that is too wide inside .results: no column may be cut off.
    widths = page.evaluate(
        "() => { const r = document.querySelector('#changelist .results');"
        " return [document.documentElement.scrollWidth, r.scrollWidth, r.clientWidth]; }"
    )
    print("session changelist at 1280 px (page, table, room):", widths)
    assert widths[0] <= 1280 and widths[1] <= widths[2], widths
