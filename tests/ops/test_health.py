"""/healthz: a quick, detail-free answer about the database for load balancers and monitors."""

import logging

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROBE_AGENT = "probe-agent/9.9 (unique-marker-7f3a)"


def test_healthz_is_at_the_root_in_no_language(client):
    assert reverse("healthz") == "/healthz"
    assert client.get("/en/healthz").status_code == 404


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz", HTTP_USER_AGENT=PROBE_AGENT)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def broken_database(monkeypatch):
    """Every query fails the way an unreachable server does, with details in the message."""

    def broken_cursor(*args, **kwargs):
        raise OperationalError("could not connect to server at 10.0.0.5: password=hunter2")

    monkeypatch.setattr(connection, "cursor", broken_cursor)


def test_healthz_answers_503_without_details_when_the_database_fails(client, broken_database):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}
    assert b"10.0.0.5" not in response.content and b"hunter2" not in response.content
    assert "no-store" in response["Cache-Control"]


def test_healthz_sets_no_cookie_and_starts_no_session(client):
    sessions_before = Session.objects.count()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert Session.objects.count() == sessions_before


def test_healthz_logs_no_request_data(client, caplog, broken_database):
    with caplog.at_level(logging.DEBUG):
        client.get("/healthz?token=secret-query", HTTP_USER_AGENT=PROBE_AGENT)

    assert not [record for record in caplog.records if record.name == "django.request"]
    for record in caplog.records:
        assert getattr(record, "request", None) is None
        text = record.getMessage() + repr(record.args)
        assert (
            "unique-marker" not in text and "secret-query" not in text and "127.0.0.1" not in text
        )


def test_healthz_runs_one_select_with_a_statement_timeout_on_postgresql(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")

    sql = [query["sql"] for query in queries.captured_queries]
    assert response.status_code == 200
    assert "SELECT 1" in sql
    assert len([q for q in sql if "SAVEPOINT" not in q]) <= 2
    timeout_set = any("statement_timeout" in q for q in sql)
    assert timeout_set == (connection.vendor == "postgresql")


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
