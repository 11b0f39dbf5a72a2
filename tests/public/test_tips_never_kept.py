"""What the tip line never keeps: no address, browser or tip content in the database, files,
cache, logs or error reports, searched for with marker values."""

import io
import logging
import re
import sys

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, RequestFactory
from django.views.debug import ExceptionReporter
from PIL import Image

from kelurahan import services
from kelurahan.models import AwarenessReport
from kelurahan.privacy import DropTipRequest, TipExceptionReporterFilter

ADDRESS = "203.0.113.77"
FORWARDED = "198.51.100.23"
USER_AGENT = "MarkerBrowser/9.9 TIPSTER-UA-MARKER"
MARKERS = (ADDRESS, FORWARDED, "TIPSTER-UA-MARKER")
CONTENT = "ISI-LAPORAN-MARKER"
# Built at run time, so the source lines shown in an error report do not contain it.
COOKIE = "-".join(["COOKIE", "MARKER"])
TIPSTER = {"REMOTE_ADDR": ADDRESS, "HTTP_X_FORWARDED_FOR": FORWARDED, "HTTP_USER_AGENT": USER_AGENT}


pytestmark = pytest.mark.usefixtures("tip_line")


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def database_dump() -> str:
    """Every row of every table, sessions and users included, as one string."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows.append(f"{table}: {cursor.fetchall()!r}")
    return "\n".join(rows)


def private_files(root) -> bytes:
    return b"".join(path.read_bytes() for path in root.rglob("*") if path.is_file())


def request_data_in_records(records) -> str:
    """The request headers that any captured log record still carries."""
    kept = [getattr(getattr(record, "request", None), "META", {}) for record in records]
    return repr(kept)


def assert_no_markers(text: str) -> None:
    for marker in MARKERS:
        assert marker not in text


def test_tip_leaves_no_address_or_browser_anywhere(client, kebon_kosong, settings, caplog):
    caplog.set_level(logging.DEBUG)
    form = client.get("/lapor/", **TIPSTER)
    stamp = re.search(r'name="stamp" value="([^"]+)"', form.content.decode()).group(1)
    data = {"observed": CONTENT, "kelurahan": "kebon-kosong", "stamp": stamp, "photo": photo()}
    sent = client.post("/lapor/", data, **TIPSTER)
    assert sent.status_code == 200
    code = re.search(r'class="receipt-code">([\d ]+)<', sent.content.decode()).group(1)
    assert client.post("/lapor/status/", {"code": code}, **TIPSTER).status_code == 200
    added = client.post("/lapor/status/", {"code": code, "message": CONTENT}, **TIPSTER)
    assert added.status_code == 200
    client.post("/lapor/status/", {"code": "0000 0000 0000 0000"}, **TIPSTER)
    tip = AwarenessReport.objects.get()
    assert tip.photo and tip.observed == CONTENT
    assert CONTENT in [update.reporter_message for update in tip.updates.all()]

    dump = database_dump()
    assert "django_session" in dump and "auth_user" in dump and tip.receipt_lookup in dump
    assert CONTENT not in dump  # the tip's text is encrypted at rest (kelurahan/encryption.py)
    assert_no_markers(dump)
    files = private_files(settings.PRIVATE_MEDIA_ROOT)
    assert files
    for marker in MARKERS:
        assert marker.encode() not in files
    assert_no_markers(repr(dict(cache._cache)))
    assert caplog.records  # logging was captured
    assert_no_markers(caplog.text)
    assert CONTENT not in caplog.text
    assert_no_markers(request_data_in_records(caplog.records))


def test_tip_form_without_csrf_cookie_is_answered_and_logs_no_address_or_browser(db, caplog):
    """The tip line is CSRF-exempt (no session to protect), so no cookie is needed or set."""
    caplog.set_level(logging.DEBUG)
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/lapor/", {"observed": CONTENT}, **TIPSTER)
    assert response.status_code == 200  # the form again, with the stamp's neutral error
    assert not response.cookies
    assert not any(record.name == "django.security.csrf" for record in caplog.records)
    assert_no_markers(caplog.text)
    assert CONTENT not in caplog.text
    assert_no_markers(request_data_in_records(caplog.records))


def tip_request(path="/lapor/"):
    request = RequestFactory().post(path, {"observed": CONTENT}, **TIPSTER)
    request.COOKIES["csrftoken"] = COOKIE
    return request


def error_report(request) -> str:
    secret_local = CONTENT  # noqa: F841 (a local variable the report may show)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        reporter = ExceptionReporter(request, *sys.exc_info())
    return reporter.get_traceback_text() + reporter.get_traceback_html()


def test_error_report_for_tip_url_hides_request_data_and_locals():
    report = error_report(tip_request("/lapor/"))
    assert "boom" in report and "/lapor/" in report
    assert_no_markers(report)
    assert CONTENT not in report and COOKIE not in report
    assert TipExceptionReporterFilter().get_safe_request_meta(tip_request("/en/lapor/")) == {}


def test_error_report_for_other_pages_still_shows_request_data():
    report = error_report(tip_request("/kelurahan/"))
    assert ADDRESS in report and CONTENT in report


def test_server_error_on_tip_form_mails_admins_nothing_identifying(
    client, db, settings, monkeypatch
):
    settings.ADMINS = [("Admin", "admin@imigrasi.example")]

    def broken_submit(**arguments):
        raise RuntimeError("tip service down")

    monkeypatch.setattr(services, "tip_submit", broken_submit)
    client.raise_request_exception = False
    stamp = re.search(r'name="stamp" value="([^"]+)"', client.get("/lapor/").content.decode())
    data = {"observed": CONTENT, "contact": CONTENT, "stamp": stamp.group(1)}
    assert client.post("/lapor/", data, **TIPSTER).status_code == 500
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    everything = message.subject + message.body + repr(message.alternatives)
    assert "tip service down" in everything
    assert_no_markers(everything)
    assert CONTENT not in everything


def test_log_filter_drops_only_tip_requests():
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Forbidden", (), None)
    record.request = tip_request("/en/lapor/status/")
    DropTipRequest().filter(record)
    assert record.request is None
    other = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found", (), None)
    other.request = tip_request("/kelurahan/")
    DropTipRequest().filter(other)
    assert other.request is not None
