"""Fuzzing the anonymous tip line: the tip form, the receipt-code lookup, adding information.

Split per form: DIRECT_EXAMPLES (800) inputs go through the form and the services exactly as
the view calls them (the _as_the_view_does helpers below), VIEW_EXAMPLES (200) are posted to
the real view: 1,000 per form. The rate limits are lifted and the minimum fill time set to 0
(tip_settings), otherwise the fifth example would be refused; the honeypot and the signed
timestamp stay on and are fuzzed too: a filled honeypot, a missing, forged or reused stamp
must write nothing.

The tip views are exempt from CSRF on purpose (see kelurahan/public/views/tips.py): every request
here is sent by Client(enforce_csrf_checks=True) without a token and must not get a 403; the
stamp is what proves a tip form came from us.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from hypothesis import given
from hypothesis import strategies as st

from kelurahan import ratelimit, services
from kelurahan.models import AwarenessReport, Kelurahan, ReportUpdate
from kelurahan.public.forms import DATE_INPUT_FORMATS, AddInformationForm, TipForm
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
    date_text,
    encodings,
    form_data,
    number_text,
    querydict,
    text_field,
    uploads,
)

pytestmark = [pytest.mark.fuzz, pytest.mark.usefixtures("tip_settings")]
Category = AwarenessReport.Category
Status = AwarenessReport.Status
TIP_KEPT = ("observed", "location", "contact", "observed_on")
RECEIPT = re.compile(r'class="receipt-code">([0-9 ]+)<')


def _client() -> Client:
    return Client(enforce_csrf_checks=True)  # the tip line needs no token: never a 403


def _tip_data():
    slugs = list(Kelurahan.objects.values_list("slug", flat=True))
    return form_data(
        {
            "observed": st.one_of(clean_text(10_000), any_text),
            "kelurahan": choice(["", *slugs]),
            "location": text_field(200),
            "observed_on": date_text,
            "category": choice(["", *Category.values]),
            "urgency": choice(["1", "2", ""]),
            "contact": text_field(200),
        },
        tamper={
            "status": st.sampled_from(Status.values),
            "source": st.sampled_from(AwarenessReport.Source.values),
            "office": number_text,
            "filed_by": number_text,
            "receipt_lookup": st.just("123456"),
            "kelurahan_id": number_text,
        },
    )


STAMPS = ["fresh"] * 6 + ["missing", "forged", "reused"]
honeypot = st.one_of(st.none(), st.none(), st.none(), st.just(""), any_text)


def _tip_input():
    return st.fixed_dictionaries(
        {
            "data": _tip_data(),
            "stamp": st.sampled_from(STAMPS),
            "website": honeypot,
            "photo": st.one_of(st.none(), st.none(), st.none(), uploads()),
        }
    )


def _tip_post(data, stamp, website, photo) -> dict:
    """The POST of one tip input: its stamp fresh, missing, forged or sent before."""
    post = dict(data)
    fresh = ratelimit.new_stamp()
    if stamp == "reused":
        ratelimit.stamp_use_once(fresh)
    if stamp != "missing":
        post["stamp"] = fresh if stamp in ("fresh", "reused") else fresh[:-3] + "AAA"
    if website is not None:
        post["website"] = website
    if photo is not None:
        post["photo"] = SimpleUploadedFile(*photo)
    return post


def _send_tip_as_the_view_does(post):
    """kelurahan.public.views.tips.tip_form without HTTP and template: (form, outcome, code)."""
    files = {"photo": [post.pop("photo")]} if "photo" in post else {}
    form = TipForm(querydict(post), MultiValueDict(files))
    if not form.is_valid():
        return form, "form", None
    if not ratelimit.stamp_use_once(form.cleaned_data["stamp"]):
        return form, "already_sent", None
    try:
        _report, code = services.tip_submit(**form.service_arguments())
    except ValidationError as error:
        form.attach_service_error(error)
        return form, "form", None
    return form, "sent", code


def _check_tip(data, code):
    report = AwarenessReport.objects.latest("pk")
    assert (report.source, report.status) == (AwarenessReport.Source.TIP_LINE, Status.SUBMITTED)
    assert report.filed_by_id is None
    assert report.observed == oracles.text(data, "observed")
    assert report.location_street == oracles.text(data, "location")
    assert report.reporter_contact == oracles.text(data, "contact")
    slug = typed(data, "kelurahan") if "kelurahan" in data else ""
    kelurahan = Kelurahan.objects.filter(slug=slug).first() if slug else None
    assert report.kelurahan == kelurahan
    assert report.office == (kelurahan.office if kelurahan else default_office())
    assert report.category == (typed(data, "category") if "category" in data else "")
    urgency = typed(data, "urgency") if "urgency" in data else ""
    assert report.urgency == (int(urgency) if urgency else AwarenessReport.Urgency.NORMAL)
    assert report.observed_on == oracles.date(data, "observed_on", DATE_INPUT_FORMATS)
    assert services.tip_find(code) == report  # the code shown once opens this very tip


def _tip_outcome(key, tip, before, outcome, code):
    """What the tip line did with one input, whichever way it was sent."""
    if outcome == "sent":
        assert tip["stamp"] == "fresh" and not tip["website"]
        _check_tip(tip["data"], code)
        return False
    assert not changed_tables(before, table_counts()), f"{key}: a refused tip wrote rows"
    if outcome == "already_sent":
        assert tip["stamp"] == "reused"
        return False
    return True  # the form again: the caller checks the message and the typed text


def test_tip_form_survives_any_input(db):
    key = "tip line: send a tip"

    @FUZZ_DIRECT
    @given(tip=_tip_input())
    def run(tip):
        record(key, "direct")
        with rolled_back():
            before = table_counts()
            form, outcome, code = _send_tip_as_the_view_does(_tip_post(**tip))
            if _tip_outcome(key, tip, before, outcome, code):
                assert form.errors
                assert_form_kept(form, tip["data"], TIP_KEPT)

    run()
    assert INPUTS[(key, "direct")] >= DIRECT_EXAMPLES


def test_tip_page_survives_any_input(db):
    client = _client()
    url = reverse("public:tip")
    key = "tip line: send a tip"

    @FUZZ_VIEWS
    @given(tip=_tip_input(), encoding=encodings)
    def run(tip, encoding):
        record(key, "view")
        post = _tip_post(**tip)
        with rolled_back():
            before = table_counts()
            response = send(key, client, "post", url, post, encoding=encoding)
            assert response.status_code == 200
            templates = {t.name for t in response.templates}
            html = page_text(response)
            outcome = "form"
            if "public/tips/sent.html" in templates:
                outcome = "sent"
            elif "public/tips/already_sent.html" in templates:
                outcome = "already_sent"
            code = RECEIPT.search(html).group(1) if outcome == "sent" else None
            if _tip_outcome(key, tip, before, outcome, code):
                assert shows_error(html)
                assert_kept(html, tip["data"], TIP_KEPT)

    run()


def _tips(staff_user) -> dict:
    """An open tip and a closed one, each with its receipt code."""
    open_tip, open_code = services.tip_submit(observed="Perekrut menawarkan kerja ke luar negeri.")
    closed_tip, closed_code = services.tip_submit(observed="Sudah ditangani.")
    services.report_start_review(report=closed_tip, by=staff_user)
    services.report_close(report=closed_tip, by=staff_user)
    return {"open": (open_tip, open_code), "closed": (closed_tip, closed_code)}


def _codes(code: str):
    """The code as typed: grouped, with junk between the digits, cut short, or anything."""
    junk = st.sampled_from([" ", "-", ".", "x", "\x00", "\u200b", "١", " - ", "\n"])
    return st.one_of(
        st.just(code),
        st.just(format_receipt(code)),
        junk.map(lambda j: j.join(code)),
        st.just(code[:-1]),
        st.just(code + "0"),
        st.just(code[:6] + "0" * 10),
        number_text,
        any_text,
    )


def _lookup_example(key, tips, code, send_it):
    """One code typed on /lapor/status/: it opens its own tip or none, and writes nothing."""
    with rolled_back():
        before = table_counts()
        found = send_it()
        assert not changed_tables(before, table_counts())
        expected = {c: tip.pk for tip, c in tips.values()}.get(normalize_receipt(code))
        assert found == expected, f"{key}: {code!r} opened the wrong report"


def test_status_lookup_survives_any_code(staff_user):
    tips = _tips(staff_user)
    key = "tip line: check a receipt code"
    which = st.sampled_from(["open", "closed"])

    @FUZZ_DIRECT
    @given(code=which.flatmap(lambda w: _codes(tips[w][1])))
    def run(code):
        record(key, "direct")
        _lookup_example(key, tips, code, lambda: getattr(services.tip_find(code), "pk", None))

    run()
    assert INPUTS[(key, "direct")] >= DIRECT_EXAMPLES


def test_status_lookup_page_survives_any_code(staff_user):
    tips = _tips(staff_user)
    client = _client()
    url = reverse("public:tip_status")
    key = "tip line: check a receipt code"
    which = st.sampled_from(["open", "closed"])
    extra = form_data({}, tamper={"status": st.just("closed"), "report": number_text})

    @FUZZ_VIEWS
    @given(code=which.flatmap(lambda w: _codes(tips[w][1])), extra=extra, encoding=encodings)
    def run(code, extra, encoding):
        record(key, "view")

        def send_it():
            response = send(key, client, "post", url, {**extra, "code": code}, encoding=encoding)
            assert response.status_code == 200
            if response.context.get("not_found"):  # one page for every wrong code, not shown back
                assert not response.context["form"].is_bound
                return None
            return AwarenessReport.objects.get(receipt_lookup=normalize_receipt(code)[:6]).pk

        _lookup_example(key, tips, code, send_it)

    run()


def _add_as_the_view_does(report, post):
    """The "message" branch of kelurahan.public.views.tips.tip_status: (form, added)."""
    form = AddInformationForm(querydict(post))
    if not form.is_valid():
        return form, False
    try:
        services.tip_add_information(report=report, message=form.cleaned_data["message"])
    except ValidationError as error:
        form.add_error("message" if hasattr(error, "error_dict") else None, error.messages)
        return form, False
    return form, True


def _information_added(tip, post, which):
    update = ReportUpdate.objects.latest("pk")
    assert (update.report_id, update.author_id) == (tip.pk, None)
    assert update.reporter_message == oracles.text(post, "message")
    assert which == "open"


message_input = st.fixed_dictionaries(
    {
        "which": st.sampled_from(["open", "open", "open", "closed"]),
        "data": form_data({"message": st.one_of(clean_text(5_000), any_text)}),
    }
)


def test_add_information_survives_any_message(staff_user):
    tips = _tips(staff_user)
    key = "tip line: add information"

    @FUZZ_DIRECT
    @given(given_input=message_input)
    def run(given_input):
        record(key, "direct")
        which, post = given_input["which"], {"message": "", **given_input["data"]}
        tip, code = tips[which]
        with rolled_back():
            before = table_counts()
            form, added = _add_as_the_view_does(services.tip_find(code), post)
            if added:
                _information_added(tip, post, which)
                return
            assert form.errors and not changed_tables(before, table_counts())
            assert_form_kept(form, post, ["message"])

    run()
    assert INPUTS[(key, "direct")] >= DIRECT_EXAMPLES


def test_add_information_page_survives_any_message(staff_user):
    tips = _tips(staff_user)
    client = _client()
    url = reverse("public:tip_status")
    key = "tip line: add information"

    @FUZZ_VIEWS
    @given(given_input=message_input, encoding=encodings)
    def run(given_input, encoding):
        record(key, "view")
        which, data = given_input["which"], given_input["data"]
        tip, code = tips[which]
        post = {"message": "", **data, "code": format_receipt(code)}
        with rolled_back():
            before = table_counts()
            response = send(key, client, "post", url, post, encoding=encoding)
            assert response.status_code == 200
            html = page_text(response)
            if response.context["added"]:
                _information_added(tip, post, which)
                return
            assert not changed_tables(before, table_counts()), "refused information was kept"
            assert shows_error(html), "refused without saying why"
            if which == "open":
                assert_kept(html, post, ["message"])

    run()


def test_tip_line_needs_no_csrf_token_but_a_stamp(db):
    """With CSRF checks on and no token: not a 403; without a genuine stamp: nothing kept."""
    client = _client()
    response = client.post(reverse("public:tip"), {"observed": "Ada perekrut mencurigakan."})
    assert response.status_code == 200
    assert AwarenessReport.objects.count() == 0
