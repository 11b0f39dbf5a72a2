"""manage.py load_test: a tiny real run proves it works; its guards and error counting hold.

The real run needs a database that gunicorn's processes can open, so it runs the command in a
subprocess on a fresh SQLite file (CI runs the full-size load test on PostgreSQL).
"""

import http.server
import os
import socket
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from binaan.ops.loadtest import Targets, run_load


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _port_is_closed(address: str) -> bool:
    host, port = address.rsplit(":", 1)
    with socket.socket() as probe:
        return probe.connect_ex((host, int(port))) != 0


def test_load_test_runs_gunicorn_and_reports_zero_errors(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'load.sqlite3'}",
        "DJANGO_DEBUG": "1",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
    }
    assert _manage("migrate", "--no-input", env=env).returncode == 0

    # One worker: SQLite takes one writer at a time (PostgreSQL in CI gets several workers).
    run = _manage(
        "load_test", "--clients=2", "--requests=40", "--workers=1", "--max-seconds=120", env=env
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert "No demo data yet" in run.stdout  # it seeded the empty database itself
    assert "40 requests" in run.stdout and "0 errors" in run.stdout
    for kind in ("login post", "home", "all"):
        assert f"\n{kind} " in run.stdout
    address = run.stdout.split("gunicorn ready on http://", 1)[1].split("/", 1)[0]
    assert _port_is_closed(address)  # gunicorn was stopped


@pytest.mark.parametrize("host", ["0.0.0.0", "example.org", "10.0.0.5", "::1"])  # noqa: S104
def test_load_test_refuses_any_host_but_this_machine(host):
    with pytest.raises(CommandError, match="127.0.0.1"):
        call_command("load_test", f"--host={host}")
    with pytest.raises(ValueError, match="this machine"):
        run_load(host, 80, None, clients=1, requests=1, seconds=1)


def test_load_test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="production"):
        call_command("load_test")


@pytest.mark.parametrize("option", ["--clients=0", "--clients=500", "--max-seconds=3600"])
def test_load_test_is_bounded(option, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="must be from"):
        call_command("load_test", option)


class _Failing(http.server.BaseHTTPRequestHandler):
    """Answers every request with a server error."""

    def do_GET(self):
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


def test_load_clients_count_every_server_error():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    targets = Targets(
        *["/", "/kelurahan/", ["/kelurahan/x/"], ["/sosialisasi/1/"], ["/edukasi/x/"]],
        *["/lapor/", "/petugas/masuk/", "/petugas/", "/petugas/laporan/baru/", "/petugas/s/"],
        username="u",
        password="p",
    )
    try:
        results, _elapsed = run_load(
            "127.0.0.1", server.server_port, targets, clients=3, requests=30, seconds=20
        )
    finally:
        server.shutdown()
        server.server_close()

    assert results.count == 30
    assert len(results.errors) == 30
    assert all("HTTP 500" in error for _kind, error in results.errors)
