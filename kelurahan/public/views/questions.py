"""Residents' questions (/tanya/), their answers by receipt code, and the public FAQ.

/tanya/ and /tanya/status/ get every protection of the tip line (kelurahan.public.views.tips): they
sit under the tip line's path prefixes (kelurahan.privacy.TIP_URL_NAMES), so the tip line's
middleware keeps the session out and sends no-store and no-referrer; no messages, no cookie;
the client address is read only to count requests (kelurahan.ratelimit, counted first); the
form carries the signed one-time stamp; cross-site POSTs are refused.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from binaan.language import language_links
from kelurahan import ratelimit
from kelurahan.models import Question
from kelurahan.public.cache import public_page
from kelurahan.public.forms import QUESTION_TYPED_FIELDS, QuestionForm, QuestionReceiptForm
from kelurahan.public.views.tipline import is_cross_site
from kelurahan.public.views.tips import EXIT_URL, tip_page
from kelurahan.selectors.questions import faq_by_topic, faq_entry_page
from kelurahan.services.questions import question_find, question_submit
from kelurahan.services.tips import format_receipt

QUESTION_BUCKET = "question"


def _render(request, template, context=None, status=200):
    base = {"messages": (), "exit_url": EXIT_URL, "language_links": language_links(request)}
    return render(request, f"public/tanya/{template}", {**base, **(context or {})}, status=status)


def _form_page(request, form, *, limited=False, status=200):
    again = form.is_bound and ratelimit.stamp_is_genuine(form.data.get("stamp", ""))
    if limited:
        again = ratelimit.stamp_is_genuine(request.POST.get("stamp", ""))
    context = {"form": form, "stamp": ratelimit.new_stamp(aged=again), "limited": limited}
    return _render(request, "form.html", context, status=status)


def _too_many(request, attempt, *, typed=False):
    """429 with when to try again; on the form, with what was typed."""
    if typed:
        form = QuestionForm(
            initial={name: request.POST.get(name, "") for name in QUESTION_TYPED_FIELDS}
        )
        response = _form_page(request, form, limited=True, status=429)
    else:
        context = {"retry_at": attempt.retry_at, "retry_minutes": -(-attempt.retry_seconds // 60)}
        response = _render(request, "rate_limited.html", context, status=429)
    response["Retry-After"] = str(attempt.retry_seconds)
    return response


def _receive(request):
    """(response, True when a question was stored)."""
    form = QuestionForm(request.POST)
    if form.is_valid():
        if not ratelimit.stamp_use_once(form.cleaned_data["stamp"]):
            return _render(request, "already_sent.html"), False
        try:
            _question, code = question_submit(**form.service_arguments())
        except ValidationError as error:
            form.attach_service_error(error)
        else:
            return _render(request, "sent.html", {"code": format_receipt(code)}), True
    return _form_page(request, form), False


@csrf_exempt
@tip_page
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters()
@sensitive_variables()
def question_ask(request):
    """/tanya/: the question form, and after sending, the receipt code shown once."""
    if request.method != "POST":
        initial = {"kelurahan": request.GET.get("kelurahan"), "topic": request.GET.get("topik")}
        return _form_page(request, QuestionForm(initial=initial))
    if is_cross_site(request):
        return _render(request, "cross_site.html", status=403)
    attempt = ratelimit.take(request, QUESTION_BUCKET, settings.QUESTION_RATE_LIMIT_PER_HOUR)
    stored = False
    try:
        if not attempt.allowed:
            return _too_many(request, attempt, typed=True)
        response, stored = _receive(request)
        return response
    finally:
        if not stored:
            attempt.give_back()


@csrf_exempt
@tip_page
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters()
@sensitive_variables()
def question_status(request):
    """/tanya/status/: the receipt code opens the question and the office's answer."""
    if request.method != "POST":
        return _render(request, "status_lookup.html", {"form": QuestionReceiptForm()})
    if is_cross_site(request):
        return _render(request, "cross_site.html", status=403)
    # The same budget as the tip line's code checks: guessing either kind of code costs the same.
    attempt = ratelimit.take(
        request, ratelimit.STATUS_BUCKET, settings.TIP_STATUS_RATE_LIMIT_PER_HOUR
    )
    if not attempt.allowed:
        attempt.give_back()
        return _too_many(request, attempt)
    question = question_find(request.POST.get("code", ""))
    if question is None:
        context = {"form": QuestionReceiptForm(), "not_found": True}
        return _render(request, "status_lookup.html", context)
    return _render(request, "status.html", {"question": question, "Status": Question.Status})


@public_page
@require_safe
def faq(request):
    """/tanya-jawab/: published answers grouped by topic; ?q= searches them."""
    return render(request, "public/tanya/faq.html", faq_by_topic(request.GET.get("q", "")))


@public_page
@require_safe
def faq_entry(request, pk):
    """/tanya-jawab/<id>/: one published answer, to link to and pass on."""
    return render(request, "public/tanya/faq_entry.html", faq_entry_page(pk))


@public_page
@require_safe
def faq_entry_print(request, pk):
    """/tanya-jawab/<id>/cetak/: one published answer on one A4 page, to print or save as PDF."""
    return render(request, "public/tanya/faq_entry_print.html", faq_entry_page(pk))
