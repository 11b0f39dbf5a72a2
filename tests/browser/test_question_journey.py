"""Tanya Imigrasi in Chromium: a resident asks, staff answer and publish, the resident reads
the answer with the receipt code, and the FAQ shows it (JavaScript off for the resident)."""

import re

from django.conf import settings

from kelurahan.models import FaqEntry, Question
from tests.browser.conftest import BROWSER_TEST, PHONE
from tests.support import factories

pytestmark = BROWSER_TEST
CODE = re.compile(r"^\d{4} \d{4} \d{4} \d{4}$")
ASKED = "Saya mau umrah bulan depan. Berapa lama paspor selesai? Rumah saya di RT 004."
ANSWER = "Paspor biasanya selesai 4 hari kerja setelah pembayaran PNBP."
FAQ_QUESTION = "Berapa lama paspor selesai dibuat?"


def submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def resident_asks(page) -> str:
    page.goto("/tanya/")
    page.locator("textarea[name=text]").fill(ASKED)
    page.locator("select[name=topic]").select_option("paspor")
    page.locator("select[name=kelurahan]").select_option("kebon-kosong")
    submit(page, page.locator("main form button[type=submit]"))
    code = page.locator(".receipt-code").inner_text().strip()
    assert CODE.match(code), code
    return code


def staff_answers_and_publishes(page, question: Question) -> None:
    admin = f"/{settings.ADMIN_URL}"
    page.goto(f"{admin}login/")
    page.locator("input[name=username]").fill("staf.jakpus")
    page.locator("input[name=password]").fill(factories.PASSWORD)
    submit(page, page.locator("#login-form [type=submit]"))

    page.goto(f"{admin}kelurahan/question/")
    change_url = f"{admin}kelurahan/question/{question.pk}/change/"
    with page.expect_navigation():
        page.locator(f"#result_list a[href^='{change_url}']").click()
    assert ASKED in page.locator("main").inner_text()
    page.locator("textarea[name=answer]").fill(ANSWER)
    page.locator("input[name=publish_faq]").check()
    page.locator("input[name=faq_question]").fill(FAQ_QUESTION)
    page.locator("input[name=faq_question_en]").fill("How long does a passport take?")
    page.locator("textarea[name=faq_answer]").fill(ANSWER)
    page.locator("textarea[name=faq_answer_en]").fill("Usually 4 working days after payment.")
    submit(page, page.locator("input[name=_continue]"))


def test_resident_asks_staff_answer_and_publish_resident_reads_by_code(new_page, portal):
    resident = new_page(viewport=PHONE, java_script_enabled=False)
    code = resident_asks(resident)
    question = Question.objects.get()
    assert question.kelurahan == portal.kelurahan

    staff_answers_and_publishes(new_page(), question)
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert FaqEntry.objects.filter(from_question=question, is_published=True).exists()

    resident.goto("/tanya/status/")
    resident.locator("input[name=code]").fill(code)
    submit(resident, resident.locator("main form button[type=submit]"))
    assert ANSWER in resident.locator("[data-answer]").inner_text()

    resident.goto("/tanya-jawab/?q=paspor+selesai")
    faq = resident.locator("main").inner_text()
    assert FAQ_QUESTION in faq and "RT 004" not in faq
    resident.goto(f"/kelurahan/{portal.kelurahan.slug}/")
    assert FAQ_QUESTION in resident.locator("main").inner_text()
