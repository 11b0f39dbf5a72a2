"""The report triage queue fits a 1280 px screen: no column is cut off, no sideways scrolling."""

from django.conf import settings

from kelurahan import services
from kelurahan.models import AwarenessReport, Kelurahan
from tests.browser.conftest import BROWSER_TEST
from tests.support import factories

pytestmark = BROWSER_TEST


def test_report_changelist_fits_1280_px(page, portal, log_in):
    """Wide cells on purpose: a closed urgent tip (expiry date), an assignee, a long name."""
    staff = portal.staff
    tip, _code = services.tip_submit(
        observed="Perekrutan kerja ke luar negeri tanpa izin.",
        kelurahan=None,
        urgency=AwarenessReport.Urgency.URGENT,
        category=AwarenessReport.Category.NON_PROCEDURAL_PMI,
    )
    services.report_start_review(report=tip, by=staff)
    services.report_close(report=tip, by=staff)
    longest = Kelurahan.objects.order_by("-name").first()
    report = factories.report(longest, filed_by=portal.officer.user)
    services.report_start_review(report=report, by=staff)
    services.report_refer(report=report, by=staff, partner=factories.partner())
    log_in(page, staff)
    page.goto(f"/{settings.ADMIN_URL}kelurahan/awarenessreport/")
    widths = page.evaluate(
        """() => ({
            page: document.documentElement.scrollWidth,
            viewport: document.documentElement.clientWidth,
            table: document.querySelector('#result_list').getBoundingClientRect().right,
            results: document.querySelector('#changelist .results').getBoundingClientRect().right,
        })"""
    )
    assert widths["page"] <= widths["viewport"], widths
    assert widths["table"] <= widths["results"], widths
