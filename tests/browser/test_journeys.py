"""The main journey of each audience, clicked through in Chromium."""

from django.conf import settings
from django.utils import timezone, translation

from kelurahan.models import AwarenessReport, OutreachSession
from tests.browser.conftest import BROWSER_TEST, PHONE
from tests.support import factories

pytestmark = BROWSER_TEST
Status = AwarenessReport.Status


def submit(page, button) -> None:
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        button.click()


def test_resident_finds_kebon_kosong_and_reads_its_next_session(new_page, portal):
    page = new_page(viewport=PHONE)
    page.goto("/")
    page.locator("main input[name=q]").fill("Kebon Kosong")
    submit(page, page.locator("main form[role=search] button"))
    assert "/kelurahan/?q=Kebon+Kosong" in page.url

    with page.expect_navigation():
        page.locator("main a[href='/kelurahan/kebon-kosong/']").click()
    assert "Kebon Kosong" in page.locator("h1").inner_text()
    assert "Rizky Pratama" in page.locator("main").inner_text()  # the liaison officer

    # The session's card (the first screen also links it, as "Next session: <date>").
    next_session = page.locator(
        f"main .card-title a[href='{portal.upcoming.get_absolute_url()}']"
    ).first
    assert next_session.inner_text() == portal.upcoming.title
    with page.expect_navigation():
        next_session.click()
    assert page.locator("h1").inner_text() == portal.upcoming.title
    when = page.locator("main time").first.get_attribute("datetime")
    assert when.startswith(timezone.localdate(portal.upcoming.starts_at).isoformat())
    assert "Aula Kantor Kelurahan" in page.locator("main").inner_text()


def officer_logs_in(page) -> None:
    page.goto("/petugas/masuk/")
    page.locator("input[name=username]").fill("petugas.kebonkosong")
    page.locator("input[name=password]").fill(factories.PASSWORD)
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith("/petugas/")


def test_officer_records_a_held_session_and_files_a_report(new_page, portal):
    page = new_page(viewport=PHONE)
    officer_logs_in(page)

    held_link = f"a[href='/petugas/sosialisasi/{portal.awaiting.pk}/terlaksana/']"
    with page.expect_navigation():
        page.locator(held_link).click()
    page.locator("input[name=attendance_men]").fill("12")
    page.locator("input[name=attendance_women]").fill("18")
    page.locator("input[name=attendance_total]").fill("30")
    page.locator("textarea[name=summary]").fill(
        "Warga bertanya tentang tawaran kerja di luar negeri."
    )
    submit(page, page.locator("main form button[type=submit]"))
    assert page.locator(".messages").count() == 1
    portal.awaiting.refresh_from_db()
    assert portal.awaiting.status == OutreachSession.Status.HELD
    assert portal.awaiting.attendance_total == 30

    page.goto("/petugas/laporan/baru/")
    page.locator("select[name=category]").select_option(AwarenessReport.Category.TPPM)
    page.locator("textarea[name=observed]").fill(
        "Perahu menjemput orang asing di dermaga malam hari."
    )
    page.locator("input[name=location_rt_rw]").fill("004/002")
    submit(page, page.locator("button[name=action][value=draft]"))
    report = AwarenessReport.objects.filter(filed_by=portal.officer.user).latest("pk")
    assert report.status == Status.DRAFT
    assert page.url.endswith(f"/petugas/laporan/{report.pk}/")

    submit(page, page.locator(f"form[action$='/laporan/{report.pk}/kirim/'] button"))
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED

    page.goto("/petugas/")
    dashboard = page.locator("main").inner_text()
    assert report.reference in dashboard
    assert page.locator(held_link).count() == 0  # no longer waiting for its results


def test_staff_triages_a_report_in_the_admin(new_page, portal):
    page = new_page()
    admin = f"/{settings.ADMIN_URL}"
    page.goto(f"{admin}login/")
    page.locator("input[name=username]").fill("staf.jakpus")
    page.locator("input[name=password]").fill(factories.PASSWORD)
    submit(page, page.locator("#login-form [type=submit]"))

    page.goto(f"{admin}kelurahan/awarenessreport/")
    change_url = f"{admin}kelurahan/awarenessreport/{portal.report.pk}/change/"
    with page.expect_navigation():
        page.locator(f"#result_list a[href^='{change_url}']").click()
    page.locator("select[name=next_step]").select_option(Status.UNDER_REVIEW)
    page.locator("textarea[name=note_for_reporter]").fill("Kami sedang memeriksa laporan ini.")
    submit(page, page.locator("input[name=_continue]"))

    portal.report.refresh_from_db()
    assert portal.report.status == Status.UNDER_REVIEW
    with translation.override("id"):
        under_review = str(Status.UNDER_REVIEW.label)
    assert page.locator(".field-status .readonly").inner_text() == under_review
    assert "Kami sedang memeriksa laporan ini." in page.locator(".inline-group").inner_text()
