"""Fuzzing the login forms (officer, admin), the language switch, the public search and any
query string on the public pages.

The logins: DIRECT_EXAMPLES (800) inputs through the login form the view uses (with a real
request, so django-axes runs) and VIEW_EXAMPLES (200) through the view: 1,000 per form. The
language switch and the search are cheap: all 1,000 through the view.

django-axes stays ON (AXES_ENABLED is not touched): the logins are fuzzed through the real
stack, lockout included. Each example runs in a savepoint that is rolled back and starts with
an empty cache, so the failures of one example (axes keeps them in the database) never lock
out the next; the lockout itself is fuzzed by test_login_lockout_survives_any_username. Rows
axes writes for a failed login (axes_accessattempt) and login sessions are not "data written
by the input" (harness.SIDE_TABLES).
"""

import unicodedata
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import given
from hypothesis import strategies as st

from kelurahan.models import FaqEntry
from kelurahan.officer.views import OfficerLoginView
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
    FORM_EXAMPLES,
    FUZZ,
    FUZZ_CSRF,
    FUZZ_DIRECT,
    FUZZ_VIEWS,
    any_text,
    encodings,
    form_data,
    number_text,
    querydict,
    text_field,
)
from tests.support import factories

pytestmark = pytest.mark.fuzz
NEXT_URLS = [
    "/petugas/",
    "/admin/",
    "/en/kelurahan/",
    "//evil.example/",
    "https://evil.example/",
    "http://testserver/petugas/",
    "javascript:alert(1)",
    "/\\evil.example",
    "///evil.example",
    "http://[::1",
    "//[",
    "http://a:b@evil.example",
    "\x00/petugas/",
    "/petugas/\r\nSet-Cookie: x=1",
]
next_url = st.one_of(st.sampled_from(NEXT_URLS), any_text)


def _is_local(url: str) -> bool:
    return url_has_allowed_host_and_scheme(url, allowed_hosts={"testserver"})


def _login_data(usernames):
    return form_data(
        {
            "username": st.one_of(st.sampled_from(usernames), text_field(150)),
            "password": st.one_of(st.just(factories.PASSWORD), any_text),
            "next": next_url,
        },
        tamper={
            "this_is_the_login_form": st.just("1"),
            "otp_token": number_text,
            "otp_device": any_text,
            "is_staff": st.just("on"),
        },
    )


def _login_example(key, url, data, encoding, *, may_log_in):
    record(key, "view")
    client = Client()
    cache.clear()
    with rolled_back():
        before = table_counts()
        response = send(key, client, "post", url, data, encoding=encoding)
        user_id = client.session.get("_auth_user_id")
        if response.status_code == 302:
            assert user_id and may_log_in(int(user_id)), "redirected without logging in"
            assert _is_local(response["Location"]), f"sent away to {response['Location']!r}"
            return
        assert response.status_code == 200 and not user_id
        assert not changed_tables(before, table_counts()), "a failed login wrote rows"
        html = page_text(response)
        assert shows_error(html)
        assert_kept(html, data, ["username"])


def _login_form_example(key, form_class, url, data, *, may_log_in):
    """One input through the login form as the login view uses it (axes included)."""
    record(key, "direct")
    cache.clear()
    request = RequestFactory().post(url)
    with rolled_back():
        before = table_counts()
        form = form_class(request, data=querydict(data))
        if form.is_valid():
            user = form.get_user()
            assert may_log_in(user.pk)
            typed_name = unicodedata.normalize("NFKC", typed(data, "username").strip())
            assert user.username == typed_name
            assert user.check_password(typed(data, "password"))
            return
        assert form.errors
        assert not changed_tables(before, table_counts()), "a failed login wrote rows"
        assert_form_kept(form, data, ["username"])


OFFICER_NAMES = [
    "petugas.kebonkosong",
    "PETUGAS.KEBONKOSONG",
    " petugas.kebonkosong",
    "staf.jakpus",
]
STAFF_NAMES = ["staf.jakpus", "STAF.JAKPUS", "petugas.kebonkosong", "root"]


def test_officer_login_form_survives_any_input(officer_kebon_kosong, staff_user):
    url = reverse("officer:login")
    key = "login: officer"

    @FUZZ_DIRECT
    @given(data=_login_data(OFFICER_NAMES))
    def run(data):
        form_class = OfficerLoginView.authentication_form
        _login_form_example(key, form_class, url, data, may_log_in=lambda pk: True)

    run()
    assert INPUTS[(key, "direct")] >= DIRECT_EXAMPLES


def test_officer_login_page_survives_any_input(officer_kebon_kosong, staff_user):
    url = reverse("officer:login")
    key = "login: officer"

    @FUZZ_VIEWS
    @given(data=_login_data(OFFICER_NAMES), encoding=encodings)
    def run(data, encoding):
        _login_example(key, url, data, encoding, may_log_in=lambda pk: True)

    run()


def test_admin_login_form_survives_any_input(officer_kebon_kosong, staff_user):
    url = reverse("admin:login")
    key = "login: admin"
    form_class = admin.site.login_form or AdminAuthenticationForm

    @FUZZ_DIRECT
    @given(data=_login_data(STAFF_NAMES))
    def run(data):
        _login_form_example(key, form_class, url, data, may_log_in=lambda pk: pk == staff_user.pk)

    run()
    assert INPUTS[(key, "direct")] >= DIRECT_EXAMPLES


def test_admin_login_page_survives_any_input(officer_kebon_kosong, staff_user):
    url = reverse("admin:login")
    key = "login: admin"

    @FUZZ_VIEWS
    @given(data=_login_data(STAFF_NAMES), encoding=encodings)
    def run(data, encoding):
        _login_example(key, url, data, encoding, may_log_in=lambda pk: pk == staff_user.pk)

    run()


def test_login_lockout_survives_any_username(officer_kebon_kosong):
    """Six wrong passwords for one username: the lockout page, never a server error."""
    url = reverse("officer:login")
    key = "login: officer"
    usernames = st.one_of(st.just("petugas.kebonkosong"), text_field(150))

    @FUZZ_CSRF
    @given(username=usernames, password=any_text)
    def run(username, password):
        cache.clear()
        client = Client()
        with rolled_back():
            for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
                record(key, "view")
                data = {"username": username, "password": password + "-wrong"}
                response = send(key, client, "post", url, data)
            assert "_auth_user_id" not in client.session
            name = unicodedata.normalize("NFKC", username.strip())
            valid = name and len(name) <= 150 and "\x00" not in username + password
            expected = settings.AXES_HTTP_RESPONSE_CODE if valid else 200
            assert response.status_code == expected

    run()


def test_language_switch_survives_any_input(db):
    url = reverse("set_language")
    key = "language switch"
    data = form_data(
        {"language": st.one_of(st.sampled_from(["id", "en"]), any_text), "next": next_url}
    )
    referer = st.one_of(st.none(), st.sampled_from(NEXT_URLS))

    @FUZZ
    @given(data=data, referer=referer, encoding=encodings)
    def run(data, referer, encoding):
        record(key, "view")
        extra = {"HTTP_REFERER": referer} if referer is not None else {}
        with rolled_back():
            before = table_counts()
            response = send(key, Client(), "post", url, data, encoding=encoding, **extra)
            # Django answers 204 only to a client that does not accept HTML; the test client
            # accepts anything, so an unsafe or missing `next` falls back to the referer or "/".
            assert response.status_code == 302
            assert _is_local(response["Location"]), f"sent away to {response['Location']!r}"
            assert not changed_tables(before, table_counts())

    run()
    assert INPUTS[(key, "view")] >= FORM_EXAMPLES


def _raw_query(text: str) -> str:
    """A query string as sent on the wire: non-ASCII escaped, % and broken escapes left."""
    return quote(text, safe="&=%+;/?:@,$!*'()~[]")


query = st.one_of(
    form_data({"q": any_text}, tamper={"page": number_text, "kecamatan": number_text}),
    any_text.map(_raw_query),
)


def _get(key, url, params):
    """GET with a query dict or a raw query string."""
    if isinstance(params, dict):
        return send(key, Client(), "get", url, params)
    return send(key, Client(), "get", f"{url}?{params}")


def _too_many_fields(response, params) -> bool:
    """Django answers 400 to more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields, as it should."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return response.status_code == 400 and isinstance(params, str) and params.count("&") >= limit


def test_directory_search_survives_any_query(kebon_kosong, gambir):
    url = reverse("public:directory")
    key = "public: kelurahan search (?q=)"

    @FUZZ
    @given(params=query)
    def run(params):
        record(key, "view")
        with rolled_back():
            before = table_counts()
            response = _get(key, url, params)
            assert response.status_code == 200 or _too_many_fields(response, params)
            assert not changed_tables(before, table_counts())
            query = typed(params, "q") if isinstance(params, dict) else None
            if isinstance(query, str):  # shown back as searched: NUL removed, at most 100
                shown = query.replace("\x00", "").strip()[:100]
                assert not shown or escape(shown) in page_text(response)

    run()
    assert INPUTS[(key, "view")] >= FORM_EXAMPLES


STARTER_ARTICLE = "cara-membuat-paspor"  # shipped by migration 0002, with a share text


def _public_urls(kelurahan, session) -> list[str]:
    names = ["home", "directory", "articles", "accessibility", "opendata", "opendata_csv"]
    names += ["opendata_json", "calendar", "sessions_rss", "tip", "tip_status", "privacy"]
    names += ["question_ask", "question_status", "faq"]
    names += ["passport_days"]
    urls = [reverse(f"public:{name}") for name in names]
    starter_answer = FaqEntry.objects.published().order_by("pk").first().pk  # migration 0017
    urls += [
        reverse("public:kelurahan", args=[kelurahan.slug]),
        reverse("public:kelurahan_calendar", args=[kelurahan.slug]),
        reverse("public:session", args=[session.pk]),
        reverse("public:session_calendar", args=[session.pk]),
        reverse("public:article", args=[STARTER_ARTICLE]),
        reverse("public:article_print", args=[STARTER_ARTICLE]),
        reverse("public:faq_entry", args=[starter_answer]),
        reverse("public:faq_entry_print", args=[starter_answer]),
        "/en/kelurahan/",
        "/robots.txt",
        "/sitemap.xml",
    ]
    return urls


def test_public_pages_survive_any_query_string(world):
    session = factories.session(world.kelurahan, by=world.user)
    urls = st.sampled_from(_public_urls(world.kelurahan, session))
    key = "public: any page, any query string"

    @FUZZ_VIEWS
    @given(url=urls, params=query)
    def run(url, params):
        record(key, "query")
        with rolled_back():
            before = table_counts()
            response = _get(key, url, params)
            # The contract for a random query string on any public page: the page, a redirect
            # of the page's own, or 404 (e.g. a page number that does not exist); never a 5xx.
            ok = response.status_code in (200, 301, 302, 404)
            assert ok or _too_many_fields(response, params)
            assert not changed_tables(before, table_counts())

    run()
