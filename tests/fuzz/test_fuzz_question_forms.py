"""Fuzzing Tanya Imigrasi: the resident's question form, the answer lookup by receipt code,
the officer's relay form and the FAQ search.

Like the tip line (test_fuzz_tip_forms.py): DIRECT_EXAMPLES inputs go through the form and the
service as the view calls them, VIEW_EXAMPLES are posted to the real view with CSRF checks on
and no token (the question pages are exempt, like the tip line: never a 403). A filled
honeypot, a missing, forged or reused stamp must write nothing.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from kelurahan import ratelimit
from kelurahan.models import Kelurahan, Question, Topic
from kelurahan.public.forms import QuestionForm
from kelurahan.services import questions as services
from kelurahan.services.tips import default_office, format_receipt, normalize_receipt
from tests.fuzz import oracles
from tests.fuzz.harness import (
    INPUTS,
    assert_form_kept,
    assert_kept,
    changed_tables,
    page_text,
    record,
    rolled_back,
    send,
    shows_error,
    table_counts,
    typed,
)
from tests.fuzz.strategies import (
    DIRECT_EXAMPLES,
    FUZZ_DIRECT,
    FUZZ_VIEWS,
    any_text,
    choice,
    clean_text,
    encodings,
    form_data,
    number_text,
    querydict,
    text_field,
)

pytestmark = [pytest.mark.fuzz, pytest.mark.usefixtures("tip_settings")]
KEPT = ("text", "contact")
RECEIPT = re.compile(r'class="receipt-code">([0-9 ]+)<')
STAMPS = ["fresh"] * 6 + ["missing", "forged", "reused"]
honeypot = st.one_of(st.none(), st.none(), st.none(), st.just(""), any_text)


def _question_data():
    slugs = list(Kelurahan.objects.values_list("slug", flat=True))
    topics = list(Topic.objects.values_list("slug", flat=True))
    return form_data(
        {
            "text": st.one_of(clean_text(5_000), any_text),
            "topic": choice(["", *topics]),
            "kelurahan": choice(["", *slugs]),
            "contact": text_field(200),
        },
        tamper={
            "status": st.sampled_from(Question.Status.values),
            "source": st.sampled_from(Question.Source.values),
            "relayed_by": number_text,
            "office": number_text,
            "answer": any_text,
        },
    )


def _question_input():
    return st.fixed_dictionaries(
        {"data": _question_data(), "stamp": st.sampled_from(STAMPS), "website": honeypot}
    )


def _post(data, stamp, website) -> dict:
    post = dict(data)
    fresh = ratelimit.new_stamp()
    if stamp == "reused":
        ratelimit.stamp_use_once(fresh)
    if stamp != "missing":
        post["stamp"] = fresh if stamp in ("fresh", "reused") else fresh[:-3] + "AAA"
    if website is not None:
        post["website"] = website
    return post


def _ask_as_the_view_does(post):
    """kelurahan.public.views.questions.question_ask without HTTP: (form, outcome, code)."""
    form = QuestionForm(querydict(post))
    if not form.is_valid():
        return form, "form", None
    if not ratelimit.stamp_use_once(form.cleaned_data["stamp"]):
        return form, "already_sent", None
    try:
        _question, code = services.question_submit(**form.service_arguments())
    except ValidationError as error:
        form.attach_service_error(error)
        return form, "form", None
    return form, "sent", code


def _check_question(data, code):
    question = Question.objects.latest("pk")
    assert (question.source, question.status) == ("resident", "open")
    assert question.relayed_by_id is None and question.answer == ""
    assert question.text == oracles.text(data, "text")
    assert question.contact == oracles.text(data, "contact")
    slug = typed(data, "kelurahan") if "kelurahan" in data else ""
    kelurahan = Kelurahan.objects.filter(slug=slug).first() if slug else None
    assert question.kelurahan == kelurahan
    assert question.office == (kelurahan.office if kelurahan else default_office())
    topic = typed(data, "topic") if "topic" in data else ""
    assert question.topic == (Topic.objects.filter(slug=topic).first() if topic else None)
    assert services.question_find(code) == question


def _outcome(key, given_input, before, outcome, code) -> bool:
    if outcome == "sent":
        assert given_input["stamp"] == "fresh" and not given_input["website"]
        _check_question(given_input["data"], code)
        return False
    assert not changed_tables(before, table_counts()), f"{key}: a refused question wrote rows"
    if outcome == "already_sent":
        assert given_input["stamp"] == "reused"
        return False
    return True


def test_question_form_survives_any_input(db):
    key = "tanya: ask a question"

    @FUZZ_DIRECT
    @given(given_input=_question_input())
    def run(given_input):
        record(key, "direct")
        with rolled_back():
            before = table_counts()
            form, outcome, code = _ask_as_the_view_does(_post(**given_input))
            if _outcome(key, given_input, before, outcome, code):
                assert form.errors
                assert_form_kept(form, given_input["data"], KEPT)

    run()
    assert INPUTS[(key, "direct")] >= DIRECT_EXAMPLES


def test_question_page_survives_any_input(db):
    client = Client(enforce_csrf_checks=True)
    url = reverse("public:question_ask")
    key = "tanya: ask a question"

    @FUZZ_VIEWS
    @given(given_input=_question_input(), encoding=encodings)
    def run(given_input, encoding):
        record(key, "view")
        with rolled_back():
            before = table_counts()
            response = send(key, client, "post", url, _post(**given_input), encoding=encoding)
            assert response.status_code == 200
            templates = {t.name for t in response.templates}
            html = page_text(response)
            outcome = "form"
            if "public/tanya/sent.html" in templates:
                outcome = "sent"
            elif "public/tanya/already_sent.html" in templates:
                outcome = "already_sent"
            code = RECEIPT.search(html).group(1) if outcome == "sent" else None
            if _outcome(key, given_input, before, outcome, code):
                assert shows_error(html)
                assert_kept(html, given_input["data"], KEPT)

    run()


def _codes(code: str):
    junk = st.sampled_from([" ", "-", ".", "x", "\x00", "\u200b", "١", "\n"])
    return st.one_of(
        st.just(code),
        st.just(format_receipt(code)),
        junk.map(lambda j: j.join(code)),
        st.just(code[:-1]),
        st.just(code[:6] + "0" * 10),
        number_text,
        any_text,
    )


def test_question_status_page_survives_any_code(staff_user):
    question, code = services.question_submit(text="Berapa biaya paspor?")
    services.question_answer(question=question, by=staff_user, answer="Tanyakan ke kantor.")
    client = Client(enforce_csrf_checks=True)
    url = reverse("public:question_status")
    key = "tanya: read an answer with the code"

    @FUZZ_VIEWS
    @given(typed_code=_codes(code), encoding=encodings)
    def run(typed_code, encoding):
        record(key, "view")
        with rolled_back():
            before = table_counts()
            response = send(key, client, "post", url, {"code": typed_code}, encoding=encoding)
            assert response.status_code == 200
            assert not changed_tables(before, table_counts())
            opened = "Tanyakan ke kantor." in page_text(response)
            assert opened == (normalize_receipt(typed_code) == code)

    run()


def test_officer_relay_page_survives_any_input(client, officer_kebon_kosong):
    client.force_login(officer_kebon_kosong.user)
    url = reverse("officer:question_create")
    key = "officer: relay a question"
    topics = [str(pk) for pk in Topic.objects.values_list("pk", flat=True)]
    data = form_data(
        {"text": text_field(5_000), "topic": choice(["", *topics]), "contact": text_field(200)},
        tamper={"kelurahan": number_text, "relayed_by": number_text, "source": any_text},
    )

    @FUZZ_VIEWS
    @given(post=data, encoding=encodings)
    def run(post, encoding):
        record(key, "view")
        with rolled_back():
            before = table_counts()
            response = send(key, client, "post", url, post, encoding=encoding)
            assert response.status_code == 200
            if "data-receipt-code" in page_text(response):
                question = Question.objects.latest("pk")
                assert question.relayed_by == officer_kebon_kosong.user
                assert question.kelurahan == officer_kebon_kosong.kelurahan
                assert question.text == oracles.text(post, "text")
                return
            assert not changed_tables(before, table_counts())
            assert shows_error(page_text(response))

    run()


def test_faq_search_survives_any_query(db):
    url = reverse("public:faq")
    key = "public: FAQ search (?q=)"

    @FUZZ_VIEWS
    @given(params=form_data({"q": any_text}, tamper={"page": number_text}))
    def run(params):
        record(key, "view")
        with rolled_back():
            before = table_counts()
            response = send(key, Client(), "get", url, params)
            assert response.status_code == 200
            assert not changed_tables(before, table_counts())
            query = typed(params, "q") if "q" in params else None
            if isinstance(query, str):
                shown = " ".join(query.replace("\x00", "").split())[:100]
                assert not shown or escape(shown) in page_text(response)

    run()
