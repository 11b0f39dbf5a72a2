"""Tanya Imigrasi: residents ask, officers relay, staff answer and publish, answers are read."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kelurahan.models import AwarenessReport, FaqEntry, Notice, Question
from kelurahan.public.views.tipline import is_tip_path
from kelurahan.services import questions as services
from tests.support import factories
from tests.support.adminpages import form_data, url
from tests.support.publicpages import stamp_from, text

ASK_URL = "/tanya/"
STATUS_URL = "/tanya/status/"
FAQ_URL = "/tanya-jawab/"
GROUPED_CODE = re.compile(r'<p class="receipt-code">(\d{4} \d{4} \d{4} \d{4})</p>')
QUESTION = "Berapa lama membuat paspor untuk umrah? Saya tinggal di RT 004 dekat masjid."


pytestmark = pytest.mark.usefixtures("tip_line", "no_second_factor")


def ask(client, *, address="192.0.2.20", stamp=None, **fields):
    if stamp is None:
        stamp = stamp_from(client.get(ASK_URL, REMOTE_ADDR=address))
    data = {"text": QUESTION, "topic": "paspor", "stamp": stamp, **fields}
    return client.post(ASK_URL, data, REMOTE_ADDR=address)


def code_from(response) -> str:
    return GROUPED_CODE.search(text(response)).group(1)


def asked(kelurahan=None, text=QUESTION, **fields) -> tuple[Question, str]:
    return services.question_submit(text=text, kelurahan=kelurahan, **fields)


# Residents at /tanya/


def test_question_form_tells_to_leave_contact_empty_and_use_the_code(client, db):
    page = text(client.get(ASK_URL))
    assert "Kosongkan" in page and "kode tanda terima" in page
    assert 'name="stamp"' in page and 'name="website"' in page


def test_question_sent_shows_code_once_and_keeps_nothing_of_the_browser(client, kebon_kosong):
    response = ask(client, kelurahan="kebon-kosong", contact="")

    assert response.status_code == 200
    assert code_from(response)
    question = Question.objects.get()
    assert question.kelurahan == kebon_kosong and question.topic.slug == "paspor"
    assert question.source == Question.Source.RESIDENT and question.relayed_by is None
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    stored = repr(Question.objects.values().get())
    assert "192.0.2.20" not in stored


def test_question_text_and_answer_are_encrypted_at_rest(client, staff_user, db):
    question, _code = asked()
    services.question_answer(question=question, by=staff_user, answer="Sekitar 4 hari kerja.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text, answer FROM kelurahan_question")
        raw_text, raw_answer = cursor.fetchone()
    assert "paspor" not in raw_text and "4 hari" not in raw_answer
    assert raw_text.startswith("gAAAAA") and raw_answer.startswith("gAAAAA")


def test_question_from_another_site_is_refused(client, db):
    stamp = stamp_from(client.get(ASK_URL))
    response = client.post(
        ASK_URL,
        {"text": QUESTION, "stamp": stamp},
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert response.status_code == 403
    assert not Question.objects.exists()


def test_question_stamp_is_used_once(client, db):
    stamp = stamp_from(client.get(ASK_URL))
    ask(client, stamp=stamp)
    again = ask(client, stamp=stamp)
    assert "sudah terkirim" in text(again)
    assert Question.objects.count() == 1


def test_question_rate_limit_counts_first_and_keeps_the_text(client, settings, db):
    settings.QUESTION_RATE_LIMIT_PER_HOUR = 2
    for _ in range(2):
        assert ask(client).status_code == 200
    refused = ask(client, text="Pertanyaan ketiga saya tentang visa.")
    assert refused.status_code == 429
    assert "Pertanyaan ketiga saya tentang visa." in text(refused)
    assert refused.has_header("Retry-After")
    assert Question.objects.count() == 2


def test_question_without_stamp_is_refused(client, db):
    response = client.post(ASK_URL, {"text": QUESTION}, REMOTE_ADDR="192.0.2.30")
    assert response.status_code == 200
    assert not Question.objects.exists()


def test_question_status_shows_waiting_then_the_answer(client, staff_user, db):
    code = code_from(ask(client))
    waiting = client.post(STATUS_URL, {"code": code})
    assert "Belum ada jawaban" in text(waiting)
    assert not waiting.cookies and waiting["Cache-Control"] == "no-store"

    question = Question.objects.get()
    services.question_answer(question=question, by=staff_user, answer="Sekitar 4 hari kerja.")
    answered = client.post(STATUS_URL, {"code": code})
    assert "Sekitar 4 hari kerja." in text(answered)


def test_question_status_wrong_code_is_not_found(client, db):
    asked()
    response = client.post(STATUS_URL, {"code": "1234 5678 9012 3456"})
    assert "tidak dapat menemukan" in text(response)


def test_question_passed_on_as_report_keeps_its_code(client, kebon_kosong, staff_user):
    code = code_from(ask(client, kelurahan="kebon-kosong", contact="0812-1111-2222"))
    question = Question.objects.get()

    report = services.question_convert_to_report(question=question, by=staff_user)

    assert report.source == AwarenessReport.Source.TIP_LINE and report.filed_by is None
    assert report.observed == QUESTION and report.reporter_contact == "0812-1111-2222"
    assert report.office == kebon_kosong.office and report.status == "submitted"
    page = text(client.post(STATUS_URL, {"code": code}))
    assert "laporan kewaspadaan" in page and "data-passed-on" in page
    with pytest.raises(Exception, match="sudah diteruskan|already"):
        services.question_convert_to_report(question=question, by=staff_user)


def test_question_paths_get_the_tip_line_protections():
    assert is_tip_path("/tanya/") and is_tip_path("/tanya/status/")
    assert is_tip_path("/en/tanya/status/") and is_tip_path("/tanya")
    assert not is_tip_path("/tanya-jawab/")


def test_question_page_with_a_staff_session_sets_no_cookie(client, staff_user):
    client.force_login(staff_user)
    response = client.get(ASK_URL)
    assert response.status_code == 200 and not response.cookies
    assert "csrfmiddlewaretoken" not in text(response)


# Officers relay at /petugas/pertanyaan/


def test_officer_relays_question_and_sees_the_answer(client, officer_kebon_kosong, staff_user):
    client.force_login(officer_kebon_kosong.user)
    response = client.post(
        "/petugas/pertanyaan/baru/", {"text": "Apakah anak saya perlu paspor sendiri?"}
    )
    assert response.status_code == 200 and "data-receipt-code" in text(response)
    question = Question.objects.get()
    assert question.source == Question.Source.OFFICER
    assert question.relayed_by == officer_kebon_kosong.user
    assert question.kelurahan == officer_kebon_kosong.kelurahan

    services.question_answer(question=question, by=staff_user, answer="Ya, setiap anak perlu.")
    detail = text(client.get(f"/petugas/pertanyaan/{question.pk}/"))
    assert "Ya, setiap anak perlu." in detail
    assert question.reference in text(client.get("/petugas/pertanyaan/"))


def test_officer_of_another_kelurahan_gets_404(client, officer_kebon_kosong, officer_gambir):
    question, _code = services.question_relay(by=officer_kebon_kosong.user, text="Tentang visa?")
    client.force_login(officer_gambir.user)
    assert client.get(f"/petugas/pertanyaan/{question.pk}/").status_code == 404
    assert question.reference not in text(client.get("/petugas/pertanyaan/"))


def test_officer_never_sees_a_residents_own_question(client, kebon_kosong, officer_kebon_kosong):
    question, _code = asked(kebon_kosong)
    client.force_login(officer_kebon_kosong.user)
    assert client.get(f"/petugas/pertanyaan/{question.pk}/").status_code == 404
    assert question.reference not in text(client.get("/petugas/pertanyaan/"))


# Staff in the admin


def test_staff_answer_and_publish_in_the_admin(client, kebon_kosong, staff_user):
    question, code = asked(kebon_kosong)
    client.force_login(staff_user)
    page = client.get(url(Question, "change", question.pk))
    assert QUESTION in text(page)
    data = {
        **form_data(page),
        "answer": "Paspor selesai sekitar 4 hari kerja setelah pembayaran.",
        "publish_faq": "on",
        "faq_topic": str(question.topic_id or factories.topic("paspor").pk),
        "faq_question": "Berapa lama membuat paspor untuk umrah?",
        "faq_question_en": "How long does a passport for umrah take?",
        "faq_answer": "Sekitar 4 hari kerja setelah pembayaran.",
        "faq_answer_en": "About 4 working days after payment.",
    }
    response = client.post(url(Question, "change", question.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED and question.answered_by == staff_user
    entry = FaqEntry.objects.get(from_question=question)
    assert entry.kelurahan == kebon_kosong and entry.is_published
    faq = text(client.get(FAQ_URL))
    assert "Berapa lama membuat paspor untuk umrah?" in faq
    assert "RT 004" not in faq
    assert "How long does a passport for umrah take?" in text(client.get("/en" + FAQ_URL))
    kelurahan_page = text(client.get(f"/kelurahan/{kebon_kosong.slug}/"))
    assert "Pertanyaan warga" in kelurahan_page
    assert "Berapa lama membuat paspor untuk umrah?" in kelurahan_page


def test_staff_publish_needs_both_languages(client, staff_user, db):
    question, _code = asked()
    client.force_login(staff_user)
    page = client.get(url(Question, "change", question.pk))
    data = {**form_data(page), "answer": "Jawaban.", "publish_faq": "on", "faq_question": "X"}
    response = client.post(url(Question, "change", question.pk), data)
    assert response.status_code == 200
    assert not FaqEntry.objects.filter(from_question=question).exists()
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN


def test_staff_convert_action_passes_question_on(client, staff_user, db):
    question, _code = asked()
    client.force_login(staff_user)
    response = client.post(
        url(Question, "changelist"),
        {"action": "convert_to_report", "_selected_action": [question.pk]},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.REPORTED and question.report is not None


def test_questions_are_scoped_to_the_staff_office(client, staff_user, other_office_staff, db):
    question, _code = asked()
    client.force_login(other_office_staff)
    changelist = client.get(url(Question, "changelist"))
    assert list(changelist.context["cl"].result_list) == []
    assert client.get(url(Question, "change", question.pk)).status_code == 302


def test_staff_opening_a_question_is_audited_and_text_masked(client, staff_user, db):
    question, _code = asked()
    client.force_login(staff_user)
    client.get(url(Question, "change", question.pk))
    entries = LogEntry.objects.get_for_object(question)
    assert entries.filter(action=LogEntry.Action.ACCESS, actor=staff_user).exists()
    created = entries.get(action=LogEntry.Action.CREATE)
    assert QUESTION not in str(created.changes)


def test_office_inbox_lists_open_questions_of_the_office(client, staff_user, db):
    waiting, _code = asked()
    answered, _code = asked(text="Sudah dijawab?")
    services.question_answer(question=answered, by=staff_user, answer="Ya.")
    elsewhere, _code = asked(factories.kelurahan(office=factories.office()), text="Lain?")
    client.force_login(staff_user)
    response = client.get(reverse("admin:index"))
    inbox = {section.key: section for section in response.context["inbox"].sections}
    assert [line.label.split(" ")[0] for line in inbox["questions"].rows] == [waiting.reference]
    listed = client.get(inbox["questions"].url).context["cl"].result_list
    assert [question.pk for question in listed] == [waiting.pk]
    assert elsewhere.reference not in text(response)


def test_officer_is_told_when_the_office_answers_their_question(officer_kebon_kosong, staff_user):
    officer = officer_kebon_kosong.user
    question, _code = services.question_relay(by=officer, text="Apakah anak perlu paspor?")
    resident_question, _code = asked(text="Bagaimana membuat paspor?")
    services.question_answer(question=question, by=staff_user, answer="Ya.")
    services.question_answer(question=resident_question, by=staff_user, answer="Lewat M-Paspor.")
    (notice,) = Notice.objects.all()
    assert notice.user == officer
    assert notice.message() == f"Kantor menjawab pertanyaan {question.reference}"
    assert notice.get_absolute_url() == f"/petugas/pertanyaan/{question.pk}/"


# The public FAQ


def test_faq_starter_entries_are_bilingual_and_name_their_source(db):
    entries = FaqEntry.objects.published().filter(from_question=None)
    assert entries.count() >= 12
    for entry in entries:
        assert entry.question_en and entry.answer_en
        assert "Sumber:" in entry.answer and "Source:" in entry.answer_en


def test_faq_groups_by_topic_and_searches(client, db):
    page = text(client.get(FAQ_URL))
    assert 'id="faq-paspor"' in page and 'id="faq-apoa"' in page
    found = text(client.get(FAQ_URL, {"q": "APOA"}))
    assert "apoa.imigrasi.go.id" in found
    assert 'id="faq-paspor"' not in found
    nothing = text(client.get(FAQ_URL, {"q": "zzzz-tidak-ada"}))
    assert "Tidak ada jawaban yang cocok" in nothing


# Retention


def test_expired_questions_are_purged_faq_entries_stay(staff_user, settings, db):
    settings.QUESTION_RETENTION_DAYS = 30
    old, _code = asked(topic=factories.topic("paspor"))
    services.question_answer(question=old, by=staff_user, answer="Jawaban.")
    entry = services.question_publish_faq(
        question=old,
        by=staff_user,
        question_id="Tanya?",
        question_en="Ask?",
        answer_id="Jawab.",
        answer_en="Answer.",
    )
    Question.objects.filter(pk=old.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent, _code = asked(text="Baru dijawab?")
    services.question_answer(question=recent, by=staff_user, answer="Ya.")
    waiting, _code = asked(text="Belum dijawab?")

    assert services.questions_purge_expired() == 1
    assert set(Question.objects.all()) == {recent, waiting}
    entry.refresh_from_db()
    assert entry.from_question is None and entry.is_published


def test_purge_command_deletes_expired_questions(staff_user, settings, db):
    from io import StringIO

    from django.core.management import call_command

    settings.QUESTION_RETENTION_DAYS = 30
    old, _code = asked()
    services.question_answer(question=old, by=staff_user, answer="Jawaban.")
    Question.objects.filter(pk=old.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=31)
    )
    out = StringIO()
    call_command("purge_expired_tips", "--dry-run", stdout=out)
    assert "1 question(s)" in out.getvalue() and Question.objects.exists()
    call_command("purge_expired_tips", stdout=out)
    assert not Question.objects.exists()


def test_privacy_page_says_how_long_questions_are_kept(client, settings, db):
    settings.QUESTION_RETENTION_DAYS = 45
    page = text(client.get("/privasi/"))
    assert "Pertanyaan yang Anda ajukan" in page and "45 hari setelah" in page
