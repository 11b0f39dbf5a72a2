"""An urgent report reaches the office, staff answer it, and the officer is told: in Chromium."""

import re

from django.core import mail

from kelurahan.models import AwarenessReport
from kelurahan.services.delivery import deliver_due
from tests.browser.conftest import BROWSER_TEST, PHONE
from tests.support import factories

pytestmark = BROWSER_TEST
OFFICE_ADDRESS = "kanim.jakpus@imigrasi.example"
OFFICER_ADDRESS = "petugas.kk@kelurahan.example"
OBSERVED = "Penampungan calon PMI di gudang belakang pasar, tujuh orang."


def submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def log_in_with_form(page, username: str, form: str) -> None:
    """The login page a protected link led to: fill it in and follow it back."""
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    submit(page, page.locator(f"{form} [type=submit]"))


def test_urgent_report_reaches_the_office_and_the_officer_is_told_of_the_answer(
    new_page, portal, settings
):
    office = portal.kelurahan.office
    office.email = OFFICE_ADDRESS
    office.save()
    portal.officer.user.email = OFFICER_ADDRESS
    portal.officer.user.save()
    deliver_due()  # what the portal fixture queued
    mail.outbox.clear()

    page = new_page(viewport=PHONE)  # the officer files an urgent report on a phone
    page.goto("/petugas/laporan/baru/")
    log_in_with_form(page, "petugas.kebonkosong", "main form")
    page.locator("select[name=category]").select_option(AwarenessReport.Category.TPPO)
    page.locator("textarea[name=observed]").fill(OBSERVED)
    page.locator(f"input[name=urgency][value='{AwarenessReport.Urgency.URGENT}']").check()
    submit(page, page.locator("button[name=action][value=draft]"))
    report = AwarenessReport.objects.filter(filed_by=portal.officer.user).latest("pk")
    submit(page, page.locator(f"form[action$='/laporan/{report.pk}/kirim/'] button"))

    assert deliver_due().sent == 1  # the worker's pass: the office hears at once
    (to_office,) = mail.outbox
    assert to_office.to == [OFFICE_ADDRESS] and report.reference in to_office.subject
    admin_link = re.search(r"https?://\S+", to_office.body).group(0)
    assert OBSERVED not in to_office.subject + to_office.body

    staff_page = new_page()  # staff follow the link from the e-mail, log in, and answer
    staff_page.goto(admin_link.replace(settings.SITE_URL.rstrip("/"), ""))
    log_in_with_form(staff_page, "staf.jakpus", "#login-form")
    staff_page.locator("select[name=next_step]").select_option(AwarenessReport.Status.UNDER_REVIEW)
    staff_page.locator("textarea[name=note_for_reporter]").fill("Tim kami segera ke lokasi.")
    submit(staff_page, staff_page.locator("input[name=_continue]"))

    mail.outbox.clear()
    assert deliver_due().sent == 1
    (to_officer,) = mail.outbox
    assert to_officer.to == [OFFICER_ADDRESS]
    assert f"Kantor membalas laporan {report.reference}" in to_officer.subject
    assert "Tim kami" not in to_officer.body and OBSERVED not in to_officer.body

    officer_page = new_page(viewport=PHONE)  # the officer opens the portal again
    officer_page.goto("/petugas/")
    log_in_with_form(officer_page, "petugas.kebonkosong", "main form")
    notices = officer_page.locator("section[aria-labelledby=notices-title]")
    assert f"Kantor membalas laporan {report.reference}" in notices.inner_text()
    submit(officer_page, notices.get_by_role("link", name=re.compile(report.reference)).first)
    assert officer_page.url.endswith(f"/petugas/laporan/{report.pk}/")
    assert "Tim kami segera ke lokasi." in officer_page.locator("main").inner_text()
