"""What every fuzz example does: count rows, roll back, send the request, record the figures."""

import functools
import re
from collections import Counter
from contextlib import contextmanager
from html import unescape

from django.db import connection, transaction
from django.utils.html import escape

from tests.fuzz.strategies import MISSING, last, urlencoded

# Filled by the tests, printed by tests/fuzz/conftest.py at the end of the run.
INPUTS: Counter = Counter()  # (form, "direct" | "view" | "csrf" | "query") -> examples run
SERVER_ERRORS: Counter = Counter()  # form -> examples that ended in an exception or a 5xx

# Rows these tables gain are not "data written by the input": the login session of the test
# client, and django-axes' record of a failed login (that one is the point of a lockout).
SIDE_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
# Markers of an error shown next to a field or above the form (crispy, Django, our tip pages).
ERROR_MARKERS = (
    "is-invalid",
    "invalid-feedback",
    "alert-block alert-danger",
    "errorlist",
    "field-error",
    "error-summary",
    "errornote",
)


def record(form: str, level: str) -> None:
    INPUTS[(form, level)] += 1


@functools.cache
def _count_query(exclude: frozenset) -> tuple[list[str], str]:
    """One SELECT counting the rows of every table (the tables never change during a run)."""
    tables = sorted(set(connection.introspection.table_names()) - exclude)
    quote = connection.ops.quote_name
    # Table names come from the database itself, quoted: nothing typed reaches this SQL.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    return tables, f"SELECT {counts}"


def table_counts(exclude=SIDE_TABLES) -> dict:
    """Rows in every table of the database, in one query."""
    tables, sql = _count_query(frozenset(exclude))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed_tables(before: dict, after: dict) -> dict:
    return {t: (before[t], after[t]) for t in before if before[t] != after.get(t)}


@contextmanager
def rolled_back():
    """One example's writes disappear afterwards, so every example starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def send(form: str, client, method: str, url: str, data=None, *, encoding="multipart", **extra):
    """A request that must not end in a server error; the exception is re-raised if it does."""
    try:
        if method == "get":
            response = client.get(url, data or {}, **extra)
        elif encoding == "urlencoded":
            body = urlencoded(data or {})
            content_type = "application/x-www-form-urlencoded"
            response = client.post(url, body, content_type=content_type, **extra)
        else:
            response = client.post(url, data or {}, **extra)
        if response.streaming:  # a CSV or file: its rows are made while it is sent
            response.content_bytes = b"".join(response.streaming_content)
    except Exception:
        SERVER_ERRORS[form] += 1
        raise
    if response.status_code >= 500:
        SERVER_ERRORS[form] += 1
    assert response.status_code < 500, f"{form}: {method.upper()} {url} -> {response.status_code}"
    return response


def page_text(response) -> str:
    if response.streaming:
        return response.content_bytes.decode(errors="replace")
    return response.content.decode()


def shows_error(html: str) -> bool:
    return any(marker in html for marker in ERROR_MARKERS)


def typed(data: dict, name: str):
    """The value of a field as the view sees it (the last one sent), or MISSING."""
    return last(data[name]) if name in data else MISSING


def shown_back(value) -> bool:
    """False for what a form cannot show back: NUL bytes are refused, not echoed."""
    return isinstance(value, str) and value.strip() != "" and "\x00" not in value


def assert_kept(html: str, data: dict, names) -> None:
    """Each text the user typed in these fields is on the page again, escaped."""
    for name in names:
        value = typed(data, name)
        if value is MISSING or not shown_back(value):
            continue
        assert escape(value) in html, f"{name!r} typed but not shown back: {value[:80]!r}"


def widget_value(bound_field) -> str:
    """The text a rendered widget carries (value attribute or textarea body), unescaped."""
    html = str(bound_field)
    match = re.search(r"<textarea[^>]*>\n?(.*)</textarea>", html, re.S) or re.search(
        r'value="([^"]*)"', html
    )
    return unescape(match.group(1)) if match else ""


def assert_form_kept(form, data: dict, names) -> None:
    """The bound form shows each typed text again, as typed (escaped in its widget)."""
    for name in names:
        value = typed(data, name)
        if value is MISSING or not shown_back(value):
            continue
        assert form[name].value() == value, name
        assert escape(value) in str(form[name]), f"{name!r} not in its widget: {value[:80]!r}"


def direct_example(key, run, data, *, kept, on_success, state=lambda: None):
    """One input through the form and the service, as the view calls them."""
    record(key, "direct")
    with rolled_back():
        before, old = table_counts(), state()
        form, saved = run()
        if saved is None:
            assert form.errors, f"{key}: refused without saying why"
            assert not changed_tables(before, table_counts()), f"{key}: invalid input wrote rows"
            assert state() == old, f"{key}: invalid input changed the record"
            assert_form_kept(form, data, kept)
        else:
            on_success(saved)


def view_example(key, client, url, data, *, encoding, kept, succeeded, on_success, state):
    """One input posted to the view; data may hold uploaded files."""
    record(key, "view")
    if any(hasattr(value, "read") for value in data.values()):
        encoding = "multipart"
    with rolled_back():
        before, old = table_counts(), state()
        response = send(key, client, "post", url, data, encoding=encoding)
        if succeeded(response):
            on_success(response)
            return response
        html = page_text(response)
        assert response.status_code == 200, f"{key}: {response.status_code}"
        assert not changed_tables(before, table_counts()), f"{key}: invalid input wrote rows"
        assert state() == old, f"{key}: invalid input changed the record"
        assert shows_error(html), f"{key}: refused without saying why"
        assert_kept(html, data, kept)
        return response


def redirected(response) -> bool:
    return response.status_code == 302
