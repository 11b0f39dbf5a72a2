"""Every HTML page, public, officer and admin, carries the strict security headers.

The pages are found by walking Django's URL resolver, so a new page is checked the day it is
added; a URL parameter this module cannot fill yet fails the walk instead of being skipped.
"""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from binaan.headers import permissions_policy
from kelurahan import services
from kelurahan.models import FaqEntry
from kelurahan.public.sitemaps import SITEMAPS
from kelurahan.services.notifications import queue_email
from kelurahan.services.questions import question_relay
from tests.support import factories, publicpages
from tests.support.accessmatrix import passport_request

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
# Data, not code: browsers never run these, so CSP does not block them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
REFERRER_POLICIES = {"same-origin", "no-referrer", "strict-origin-when-cross-origin"}
# Features no page uses: each must be switched off.
FEATURES_OFF = ("camera", "microphone", "geolocation", "payment", "usb")
# Admin URLs that only redirect elsewhere or need a query string: nothing to render.
ADMIN_SKIPPED = {"view_on_site", "autocomplete"}
EVENT_HANDLER = re.compile(r"on[a-z]+")


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP blocks: inline scripts, styles, handlers, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        kind = (values.get("type") or "").lower()
        if tag == "script" and not values.get("src") and kind not in DATA_SCRIPT_TYPES:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"style= on <{tag}>")
            elif EVENT_HANDLER.fullmatch(name):
                self.found.append(f"{name}= on <{tag}>")
            elif (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL in {name}= on <{tag}>")


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def header_problems(response) -> list[str]:
    """What is missing or too loose in one HTML response's security headers."""
    problems = []
    csp = response.headers.get("Content-Security-Policy")
    if not csp:
        return ["no Content-Security-Policy"]
    directives = csp_directives(csp)
    if "frame-ancestors 'none'" not in csp:
        problems.append("CSP without frame-ancestors 'none'")
    for name in ("script-src", "style-src"):
        sources = directives.get(name)
        if sources is None:
            problems.append(f"CSP without {name}")
        elif "'unsafe-inline'" in sources or "*" in sources or "'unsafe-eval'" in sources:
            problems.append(f"CSP {name} allows {sources}")
    if "'none'" not in directives.get("object-src", []):
        problems.append("CSP allows plugins (object-src)")
    policy = response.headers.get("Permissions-Policy", "")
    problems += [f"Permissions-Policy allows {f}" for f in FEATURES_OFF if f"{f}=()" not in policy]
    if response.headers.get("Referrer-Policy") not in REFERRER_POLICIES:
        problems.append(f"Referrer-Policy {response.headers.get('Referrer-Policy')!r}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.headers.get("Cross-Origin-Opener-Policy") != "same-origin":
        problems.append("no Cross-Origin-Opener-Policy: same-origin")
    if response.headers.get("X-Frame-Options") != "DENY":
        problems.append("no X-Frame-Options: DENY")
    return problems


def page_problems(response) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    return header_problems(response) + sorted(set(finder.found))


def is_html(response) -> bool:
    return response.headers.get("Content-Type", "").startswith("text/html")


def check_pages(client, urls) -> tuple[dict, dict]:
    """GET every URL; return its status, and the problems of each HTML page that has any."""
    statuses, problems = {}, {}
    for url in urls:
        response = client.get(url)
        statuses[url] = response.status_code
        found = page_problems(response) if is_html(response) else []
        if found:
            problems[url] = found
    return statuses, problems


def named_patterns(patterns=None, namespace=""):
    """(namespace:name, URL parameter names) of every named URL pattern in the project."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from named_patterns(pattern.url_patterns, inner)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, list(pattern.pattern.regex.groupindex)


@pytest.fixture
def world(kebon_kosong, officer_kebon_kosong, staff_user, superuser):
    """One of everything a page can show: sessions, photos, reports, a tip, an article."""
    publicpages.designate(kebon_kosong)
    liaison = factories.liaison_officer()
    services.liaison_assign(
        officer=liaison, kelurahan=kebon_kosong, start_date=datetime.date(2024, 6, 14)
    )
    author = officer_kebon_kosong.user
    planned = factories.session(kebon_kosong, by=author)
    held = factories.held_session(kebon_kosong, photos=[(publicpages.png(), "Warga bertanya")])
    report = factories.report(kebon_kosong, filed_by=author)
    draft = factories.report(kebon_kosong, filed_by=author, submit=False)
    tip, _code = services.tip_submit(observed="Ada perekrut di RT 003.", kelurahan=kebon_kosong)
    TOTPDevice.objects.create(user=superuser, name="Telepon staf", confirmed=True)
    queue_email(to=["piket@imigrasi.example"], subject="Aduan baru", body="-", office=tip.office)
    question, _code = question_relay(by=author, text="Berapa biaya paspor?")
    services.session_change_propose(session=planned, by=author, changes={"title": "Judul baru"})
    passport_day = services.passport_day_accept(
        day=passport_request(kebon_kosong, author),
        by=staff_user,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        ends_at=timezone.now() + datetime.timedelta(days=20, hours=4),
    )
    return {
        "passport_day": passport_day,
        "question": question,
        "kelurahan": kebon_kosong,
        "article": publicpages.article("waspada-tppo"),
        "session": planned,
        "held": held,
        "report": report,
        "draft": draft,
        "tip": tip,
    }


def site_value(world, name: str, param: str):
    """A real value for one URL parameter of a public, officer or account page."""
    short = name.split(":")[-1]
    if param == "slug":
        return world["article"].slug if short.startswith("article") else world["kelurahan"].slug
    if param == "kode":
        return world["kelurahan"].kode.replace(".", "")
    if param == "fmt":
        return "svg"
    if param in ("provinsi", "kota", "kecamatan"):
        kecamatan = world["kelurahan"].kecamatan
        region = {
            "kecamatan": kecamatan,
            "kota": kecamatan.kota,
            "provinsi": kecamatan.kota.provinsi,
        }
        return region[param].slug
    if param == "section":
        return next(iter(SITEMAPS))
    if param == "pk" and short.startswith("report_"):
        editing = short in ("report_edit", "report_submit")
        return (world["draft"] if editing else world["report"]).pk
    if param == "pk" and short.startswith("passport_"):
        return world["passport_day"].pk
    if param == "pk" and "session" in short:
        return world["session"].pk
    if param in ("uidb64", "token"):  # a made-up one-time link: the "no longer works" page
        return {"uidb64": "MQ", "token": "x-y"}[param]
    if param == "pk" and short.startswith("question_"):
        return world["question"].pk
    if param == "pk" and short.startswith("faq_entry"):
        return FaqEntry.objects.published().order_by("pk").first().pk
    pytest.fail(f"test_headers.py: give URL {name} a value for its parameter {param!r}")


def site_urls(world) -> list[str]:
    """Every public, officer and account page (not the admin), in both languages."""
    urls = []
    for name, params in named_patterns():
        if name.startswith("admin:"):
            continue
        kwargs = {param: site_value(world, name, param) for param in params}
        for language in ("id", "en"):
            with translation.override(language):
                urls.append(reverse(name, kwargs=kwargs))
    return sorted(set(urls)) + ["/tidak-ada/", "/en/tidak-ada/"]


def admin_model_of(short: str):
    for model in admin.site._registry:
        if short.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def admin_urls() -> list[str]:
    """Every admin page: index, app lists, each model's list, add, change, delete, history."""
    urls = []
    labels = sorted({model._meta.app_label for model in admin.site._registry})
    for name, params in named_patterns():
        short = name.removeprefix("admin:")
        if not name.startswith("admin:") or short in ADMIN_SKIPPED:
            continue
        if params == ["app_label"]:
            urls += [reverse(name, kwargs={"app_label": label}) for label in labels]
            continue
        model = admin_model_of(short)
        objects = model._default_manager.order_by("pk") if model else None
        if params and objects is None:
            pytest.fail(f"test_headers.py: give admin URL {name} values for {params}")
        if params and objects.exists():
            urls.append(reverse(name, kwargs={p: objects.first().pk for p in params}))
        elif not params:
            urls.append(reverse(name))
    return urls


def admin_url(model, view, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_public_and_officer_page_sends_strict_headers(world, officer_kebon_kosong):
    urls = site_urls(world)
    for client in (Client(), logged_in(officer_kebon_kosong.user)):
        statuses, problems = check_pages(client, urls)
        assert problems == {}
        assert all(status < 500 for status in statuses.values()), statuses
    ok = [url for url, status in statuses.items() if status == 200]
    assert len(ok) >= 40  # the officer saw real pages, not only login redirects


def test_every_admin_page_sends_strict_headers(world, superuser):
    urls = admin_urls()
    statuses, problems = check_pages(logged_in(superuser), urls)
    assert problems == {}
    # Read-only records (audit trail, lockouts) answer their add and delete pages with 403.
    assert all(status < 500 for status in statuses.values()), statuses
    assert statuses[reverse("admin:index")] == 200
    for model in apps.get_app_config("kelurahan").get_models():
        if model in admin.site._registry:
            first = model.objects.order_by("pk").first()
            assert statuses[admin_url(model, "changelist")] == 200
            assert statuses[admin_url(model, "change", first.pk)] == 200


def test_admin_pages_of_office_staff_send_strict_headers(world, staff_user):
    """Staff see the office dashboard and their office's records: the programme's pages."""
    index = reverse("admin:index")
    urls = [url for url in admin_urls() if url == index or url.startswith(f"{index}kelurahan/")]
    statuses, problems = check_pages(logged_in(staff_user), urls)
    assert problems == {}
    assert all(status < 500 for status in statuses.values()), statuses


def test_login_pages_send_strict_headers_to_visitors(db):
    statuses, problems = check_pages(Client(), [reverse("officer:login"), reverse("admin:login")])
    assert problems == {}
    assert set(statuses.values()) == {200}


def test_forms_shown_again_with_errors_send_strict_headers(world, officer_kebon_kosong):
    """Error messages and the values kept in a refused form bring no inline code either."""
    officer = logged_in(officer_kebon_kosong.user)
    for client, url in (
        (officer, reverse("officer:report_create")),
        (officer, reverse("officer:session_create")),
        (Client(), reverse("public:tip")),
        (Client(), reverse("public:tip_status")),
    ):
        response = client.post(url, {"observed": "<script>alert(1)</script>", "title": "x"})
        assert response.status_code == 200  # the form again, with its errors
        assert page_problems(response) == []


@pytest.mark.parametrize("name", ["public:tip", "public:question_ask", "public:question_status"])
def test_tip_pages_keep_their_own_referrer_policy(world, name):
    response = Client().get(reverse(name))
    assert response["Referrer-Policy"] == "no-referrer"  # not even our own pages hear of it
    assert response["Cache-Control"] == "no-store"
    assert page_problems(response) == []


def test_no_template_has_inline_code():
    """Templates of pages the walk may not reach (errors, rare branches) are clean as well."""
    problems = {}
    for path in sorted(TEMPLATES_DIR.rglob("*.html")):
        finder = InlineCodeFinder()
        finder.feed(path.read_text())
        if finder.found:
            problems[str(path.relative_to(TEMPLATES_DIR))] = finder.found
    assert problems == {}


def test_inline_code_finder_catches_what_csp_blocks():
    finder = InlineCodeFinder()
    finder.feed(
        '<script>alert(1)</script><script src="/static/js/a.js"></script>'
        '<script type="application/ld+json">{}</script><style>p{}</style>'
        '<p style="color:red" onclick="x()"><a href="javascript:void(0)">x</a>'
        '<svg><rect style="fill:red"/></svg>'
    )
    assert finder.found == [
        "inline <script>",
        "<style> element",
        "style= on <p>",
        "onclick= on <p>",
        "javascript: URL in href= on <a>",
        "style= on <rect>",
    ]


def test_csp_setting_allows_only_our_own_files():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "csp.middleware.CSPMiddleware" in settings.MIDDLEWARE


def test_permissions_policy_header_syntax():
    policy = {"camera": [], "geolocation": ["self"], "fullscreen": ["self", "https://x.example"]}
    assert permissions_policy(policy) == (
        'camera=(), geolocation=(self), fullscreen=(self "https://x.example")'
    )


@override_settings(PERMISSIONS_POLICY={})
def test_no_permissions_policy_header_when_setting_is_empty(db):
    assert "Permissions-Policy" not in Client().get(reverse("public:accessibility"))


def test_not_found_page_sends_strict_headers(db):
    response = Client().get("/halaman-yang-tidak-ada/")
    assert response.status_code == 404
    assert page_problems(response) == []
