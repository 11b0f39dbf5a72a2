"""Staff onboard a new officer, who sets a password through the e-mailed link and logs in."""

import re

from django.conf import settings
from django.core import mail

from kelurahan.services.delivery import deliver_due
from tests.browser.conftest import BROWSER_TEST, PHONE, axe_check
from tests.support import factories

pytestmark = BROWSER_TEST
LINK = re.compile(r"http://\S+/petugas/kata-sandi/atur/\S+/")
NEW_PASSWORD = "gambir-aman-sentosa-2025"  # noqa: S105


def sent() -> list:
    """The e-mails the outbox's worker delivered (one delivery pass first)."""
    deliver_due()
    return mail.outbox


def submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def staff_onboard_gambir_officer(page) -> None:
    """In the admin: the add form, the suggested username, then the account."""
    admin = f"/{settings.ADMIN_URL}"
    page.goto(f"{admin}login/")
    page.locator("input[name=username]").fill("staf.jakpus")
    page.locator("input[name=password]").fill(factories.PASSWORD)
    submit(page, page.locator("#login-form [type=submit]"))

    page.goto(f"{admin}kelurahan/kelurahanofficer/")
    submit(page, page.get_by_role("link", name="Tambahkan petugas kelurahan"))
    page.locator("input[name=name]").fill("Dewi Lestari")
    page.locator("input[name=email]").fill("dewi@gambir.example")
    page.locator(".field-kelurahan .select2-selection").click()
    page.locator(".select2-search__field").fill("Gambir")
    page.locator(".select2-results__option", has_text=re.compile(r"^Gambir$")).click()
    page.locator("select[name=position]").select_option("sekretaris")
    page.locator("input[name=phone]").fill("021-3456789")
    submit(page, page.locator("input[name=_save]"))

    assert "Usulan: petugas.gambir" in page.locator(".errorlist").inner_text()
    assert page.locator("input[name=username]").input_value() == "petugas.gambir"
    submit(page, page.locator("input[name=_save]"))
    assert "dewi@gambir.example" in page.locator(".messagelist").inner_text()


def test_staff_onboard_an_officer_who_sets_a_password_and_logs_in(
    new_page, portal, base_url, settings
):
    settings.SITE_URL = base_url  # links in e-mails point at the live server
    page = new_page()
    staff_onboard_gambir_officer(page)

    [message] = sent()
    assert message.to == ["dewi@gambir.example"]
    link = LINK.search(message.body).group(0)

    page = new_page(viewport=PHONE)  # the officer, on a phone, with no session
    page.goto(link)
    assert "petugas.gambir" in page.locator("main").inner_text()
    axe_check(page)
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith("/petugas/kata-sandi/atur/selesai/")

    submit(page, page.locator("main a.btn-primary"))
    page.locator("input[name=username]").fill("petugas.gambir")
    page.locator("input[name=password]").fill(NEW_PASSWORD)
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith("/petugas/")
    assert "Gambir" in page.locator("main").inner_text()

    page.goto(link)  # the link worked once
    assert "tidak berlaku lagi" in page.locator("main").inner_text()


def test_forgot_password_pages_have_no_axe_violations(new_page, portal):
    page = new_page(viewport=PHONE)
    page.goto("/petugas/masuk/")
    submit(page, page.get_by_role("link", name="Lupa kata sandi?"))
    axe_check(page)
    page.locator("input[name=email]").fill("tidak.ada@example.test")
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith("/petugas/kata-sandi/lupa/terkirim/")
    axe_check(page)
