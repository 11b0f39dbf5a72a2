"""An officer requests a passport service day, staff accept it, residents see it: in Chromium."""

import datetime

from django.utils import timezone

from kelurahan import services
from kelurahan.models import PassportServiceDay
from tests.browser.conftest import BROWSER_TEST, PHONE, axe_check
from tests.browser.test_notification_journey import log_in_with_form, submit

pytestmark = BROWSER_TEST
VENUE = "Aula Kantor Kelurahan Kebon Kosong"
CONFIRMED_VENUE = "Aula Serbaguna RW 05"


def test_officer_requests_staff_accept_and_residents_see_the_passport_day(new_page, portal):
    wanted = timezone.localdate() + datetime.timedelta(days=30)

    # The officer asks on a phone, without JavaScript.
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto("/petugas/layanan-paspor/baru/")
    log_in_with_form(page, "petugas.kebonkosong", "main form")
    assert "Jangan tulis nama atau dokumen pemohon di sini" in page.locator("main").inner_text()
    page.locator("input[name=expected_applicants]").fill("12")
    page.locator("input[name=vulnerable_group][value=elderly_over_60]").check()
    page.locator("input[name=preferred_date]").fill(wanted.isoformat())
    page.locator("input[name=venue]").fill(VENUE)
    page.locator("input[name=contact_name]").fill("Siti Rahma")
    page.locator("input[name=contact_phone]").fill("021-4200000")
    submit(page, page.locator("main form button[type=submit]"))
    day = PassportServiceDay.objects.get()
    assert page.url.endswith("/petugas/layanan-paspor/")
    assert day.reference in page.locator("main").inner_text()

    # Staff accept it in the admin with a date, a time and the confirmed venue.
    staff_page = new_page()
    staff_page.goto(f"/admin/kelurahan/passportserviceday/{day.pk}/change/")
    log_in_with_form(staff_page, "staf.jakpus", "#login-form")
    staff_page.locator("input[name=decision][value=accept]").check()
    for name, time in (("starts_at", "08:00"), ("ends_at", "13:00")):
        staff_page.locator(f"input[name={name}_0]").fill(wanted.isoformat())
        staff_page.locator(f"input[name={name}_1]").fill(time)
    staff_page.locator("input[name=venue]").fill(CONFIRMED_VENUE)
    submit(staff_page, staff_page.locator("input[name=_save]"))
    day.refresh_from_db()
    assert day.status == PassportServiceDay.Status.ACCEPTED

    # Residents see it on /layanan-paspor/ and on the kelurahan page, without JavaScript.
    public = new_page(viewport=PHONE, java_script_enabled=False)
    public.goto("/layanan-paspor/")
    listing = public.locator("main").inner_text()
    assert "Layanan paspor di Kelurahan Kebon Kosong" in listing
    assert CONFIRMED_VENUE in listing and "e-KTP" in listing
    assert "021-4200000" not in listing and "Siti Rahma" not in listing
    public.goto("/kelurahan/kebon-kosong/")
    section = public.locator("section[aria-labelledby=passport-title]")
    assert CONFIRMED_VENUE in section.inner_text()
    submit(public, section.get_by_role("link", name="Layanan paspor di Kelurahan Kebon Kosong"))
    assert public.url.endswith(f"/layanan-paspor/{day.pk}/")

    # The officer is told on their dashboard (new_page reuses pages: log in again).
    page = new_page(viewport=PHONE)
    page.goto("/petugas/")
    log_in_with_form(page, "petugas.kebonkosong", "main form")
    notices = page.locator("section[aria-labelledby=notices-title]").inner_text()
    assert f"Kantor menerima permintaan layanan paspor {day.reference}" in notices


def test_passport_pages_pass_axe(new_page, portal):
    day = services.passport_day_request(
        kelurahan=portal.kelurahan,
        requested_by=portal.officer.user,
        expected_applicants=60,
        preferred_date=timezone.localdate() + datetime.timedelta(days=30),
        venue=VENUE,
        contact_name="Siti Rahma",
        contact_phone="021-4200000",
    )
    starts = timezone.now() + datetime.timedelta(days=30)
    services.passport_day_accept(
        day=day, by=portal.staff, starts_at=starts, ends_at=starts + datetime.timedelta(hours=5)
    )
    page = new_page(viewport=PHONE)
    for path in ("/layanan-paspor/", f"/layanan-paspor/{day.pk}/", "/kelurahan/kebon-kosong/"):
        page.goto(path)
        axe_check(page)
