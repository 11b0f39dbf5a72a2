"""The anonymous tip line for residents: send a tip, follow it with the receipt code.

Nothing here ties a resident to a tip: the views never open the session, never use
django.contrib.messages, set no cookie, and read the client address only to count requests
(kelurahan.ratelimit). The confirmation is rendered, not redirected to, because a redirect
would need a session or cookie to carry the receipt code.

The tip forms are exempt from Django's CSRF check on purpose: it costs a cookie and forbids
`Referrer-Policy: no-referrer` (browsers then send `Origin: null`, which the check refuses).
Drive-by tips (another site making its visitors' browsers post here) are refused without a
cookie instead: a POST whose `Sec-Fetch-Site` says cross-site, or whose Origin names another
site, gets 403 (kelurahan.public.views.tipline.is_cross_site). The signed timestamp still proves
the form was shown by us.
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from binaan.language import language_links
from kelurahan import ratelimit, services
from kelurahan.models import AwarenessReport
from kelurahan.public.forms import TYPED_FIELDS, AddInformationForm, ReceiptForm, TipForm
from kelurahan.public.views.tipline import is_cross_site
from kelurahan.selectors.public import contact_office
from kelurahan.services.tips import format_receipt, normalize_receipt

EXIT_URL = "https://www.bmkg.go.id/"
TIMELINE_FIELDS = (
    "created_at",
    "from_status",
    "to_status",
    "note_for_reporter",
    "reporter_message",
    "author_id",
    "author__is_staff",
)


def tip_page(view):
    """No copy in any cache, no address of this page sent to the next site."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def _render(request, template, context=None, status=200):
    # "messages" hides the message store from the templates, so it is never read or written.
    base: dict[str, object] = {
        "messages": (),
        "exit_url": EXIT_URL,
        "language_links": language_links(request),
    }
    if "office" not in (context or {}):
        base["office"] = contact_office()  # whom to contact, on every tip-line page
    return render(request, f"public/tips/{template}", {**base, **(context or {})}, status=status)


def _too_many(request, attempt, form=None):
    """429: when to try again and the hotlines; on the tip form, with what was typed."""
    context = {"retry_at": attempt.retry_at, "retry_minutes": -(-attempt.retry_seconds // 60)}
    if form is None:
        response = _render(request, "rate_limited.html", context, status=429)
    else:
        again = ratelimit.stamp_is_genuine(request.POST.get("stamp", ""))
        context.update(form=form, stamp=ratelimit.new_stamp(aged=again), limited=True)
        response = _render(request, "form.html", context, status=429)
    response["Retry-After"] = str(attempt.retry_seconds)
    return response


def _cross_site(request):
    return _render(request, "cross_site.html", status=403)


def _form_page(request, form, *, photo_dropped=False):
    # Shown again after a POST of one of our forms: a person has now seen it long enough, so
    # it is not refused for speed a second time (kelurahan.ratelimit).
    again = form.is_bound and ratelimit.stamp_is_genuine(form.data.get("stamp", ""))
    context = {
        "form": form,
        "stamp": ratelimit.new_stamp(aged=again),
        "photo_dropped": photo_dropped,
    }
    return _render(request, "form.html", context)


def _typed_again(request) -> TipForm:
    """An unbound form showing what the resident typed (no photo, no errors)."""
    return TipForm(initial={name: request.POST.get(name, "") for name in TYPED_FIELDS})


def _receive_tip(request):
    """(response, True when a tip was stored)."""
    form = TipForm(request.POST, request.FILES)
    if form.is_valid():
        if not ratelimit.stamp_use_once(form.cleaned_data["stamp"]):
            return _render(request, "already_sent.html"), False
        try:
            _report, code = services.tip_submit(**form.service_arguments())
        except ValidationError as error:
            form.attach_service_error(error)
        else:
            return _render(request, "sent.html", {"code": format_receipt(code)}), True
    return _form_page(request, form, photo_dropped=bool(request.FILES.get("photo"))), False


@csrf_exempt
@tip_page
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters()
@sensitive_variables()
def tip_form(request):
    """/lapor/: the form, and after sending, the receipt code shown once."""
    if request.method != "POST":
        return _form_page(request, TipForm(initial={"kelurahan": request.GET.get("kelurahan")}))
    if is_cross_site(request):
        return _cross_site(request)
    # Counted first, so concurrent tips cannot all pass; given back unless a tip was stored.
    attempt = ratelimit.take(request, ratelimit.TIP_BUCKET, settings.TIP_RATE_LIMIT_PER_HOUR)
    stored = False
    try:
        if not attempt.allowed:
            return _too_many(request, attempt, _typed_again(request))
        response, stored = _receive_tip(request)
        return response
    finally:
        if not stored:
            attempt.give_back()


def _timeline(report: AwarenessReport) -> list[dict]:
    """What the reporter may see: status changes, messages to and from them. No names."""
    entries = []
    for update in report.updates.order_by("created_at", "pk").values(*TIMELINE_FIELDS):
        changed = update["to_status"] and update["to_status"] != update["from_status"]
        status = AwarenessReport.Status(update["to_status"]).label if changed else ""
        text = update["reporter_message"] or update["note_for_reporter"]
        if not (status or text):
            continue  # an internal note only
        if update["author_id"] is None:
            by = "reporter"  # the resident, with the receipt code
        else:
            by = "office" if update["author__is_staff"] else "kelurahan"
        entries.append({"when": update["created_at"], "by": by, "status": status, "text": text})
    return entries


def _status_page(request, report, code, form, *, added=False):
    context = {
        "report": {
            "status": report.get_status_display(),
            "submitted_at": report.submitted_at,
            "is_closed": report.status in AwarenessReport.FINAL_STATUSES,
            "expires_at": report.expires_at,
        },
        "timeline": _timeline(report),
        "code": normalize_receipt(code),
        "form": form,
        "added": added,
    }
    return _render(request, "status.html", context)


@csrf_exempt
@tip_page
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters()
@sensitive_variables()
def tip_status(request):
    """/lapor/status/: the receipt code opens the tip's status; the reporter can add to it."""
    if request.method != "POST":
        return _render(request, "status_lookup.html", {"form": ReceiptForm()})
    if is_cross_site(request):
        return _cross_site(request)
    # Every lookup counts, right or wrong: the limit is what stops guessing codes.
    attempt = ratelimit.take(
        request, ratelimit.STATUS_BUCKET, settings.TIP_STATUS_RATE_LIMIT_PER_HOUR
    )
    if not attempt.allowed:
        attempt.give_back()
        return _too_many(request, attempt)
    code = request.POST.get("code", "")
    report = services.tip_find(code)
    if report is None:  # the same page for every wrong code, whatever was wrong with it
        return _render(request, "status_lookup.html", {"form": ReceiptForm(), "not_found": True})
    if "message" not in request.POST:
        return _status_page(request, report, code, AddInformationForm())
    form = AddInformationForm(request.POST)
    if form.is_valid():
        try:
            services.tip_add_information(report=report, message=form.cleaned_data["message"])
        except ValidationError as error:
            form.add_error("message" if hasattr(error, "error_dict") else None, error.messages)
        else:
            return _status_page(request, report, code, AddInformationForm(), added=True)
    return _status_page(request, report, code, form)


@require_safe
def privacy(request):
    """/privasi/: what the tip line keeps and never keeps, in plain words."""
    context = {
        "office": contact_office(),
        "retention_days": settings.TIP_RETENTION_DAYS,
        "question_retention_days": settings.QUESTION_RETENTION_DAYS,
        "exit_url": EXIT_URL,
    }
    return render(request, "public/privacy.html", context)
