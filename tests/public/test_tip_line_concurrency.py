"""Tips sent at the same moment, against gunicorn on loopback (binaan/ops/localserver.py).

- PostgreSQL + Redis, several workers: N concurrent tips from one address give exactly the
  limit, because each is counted before the work.
- A SQLite file, several threads: 20 concurrent tips give 20 receipts, none "database is
  locked".

redis-server must be installed (CI: apt-get install redis-server); the test starts its own on a
free loopback port, with nothing saved to disk.
"""

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
import redis
from django.db import connection

from binaan.ops.localserver import free_port, running_gunicorn

ROOT = Path(__file__).resolve().parents[2]
RECEIPT = re.compile(r'<p class="receipt-code">\d{4} \d{4} \d{4} \d{4}</p>')
STAMP = re.compile(r'name="stamp" value="([^"]+)"')
TIP = "Ada perekrutan kerja ke luar negeri tanpa izin di gang 3."


def server_env(database_url: str, tmp_path, **extra) -> dict[str, str]:
    """A development server (DEBUG on) on this database, without waiting to send."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TIP_"))}
    keep.pop("REDIS_URL", None)
    return {
        **keep,
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "TIP_MIN_FILL_SECONDS": "0",
        "PUBLIC_CACHE_SECONDS": "0",
        **extra,
    }


def _fetch(request: Request) -> tuple[int, str]:
    try:
        with urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except HTTPError as error:
        return error.code, error.read().decode()


def concurrent_tips(base_url: str, count: int) -> list[tuple[int, str]]:
    """Each tip on a form of its own (its own stamp), all POSTed at the same moment."""
    url = base_url + "/lapor/"
    form = Request(url)  # noqa: S310 (loopback)
    stamps = [STAMP.search(_fetch(form)[1]).group(1) for _ in range(count)]
    start = threading.Barrier(count)

    def send(stamp: str) -> tuple[int, str]:
        body = urlencode({"observed": TIP, "stamp": stamp}).encode()
        start.wait()
        return _fetch(Request(url, data=body))  # noqa: S310 (loopback)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(send, stamps))


@contextmanager
def private_redis():
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed (apt-get install redis-server)"
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (fixed command line)
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def postgres_url() -> str:
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tip_limit_holds_for_concurrent_tips_across_workers(tmp_path):
    from kelurahan.models import AwarenessReport

    limit, sent = 5, 12
    with private_redis() as redis_url:
        env = server_env(
            postgres_url(),
            tmp_path,
            REDIS_URL=redis_url,
            TIP_RATE_LIMIT_PER_HOUR=str(limit),
            GUNICORN_CMD_ARGS="--threads 4",
        )
        with running_gunicorn(workers=3, env=env, ready_path="/healthz") as server:
            answers = concurrent_tips(server.base_url, sent)
            log = server.log_tail()
    receipts = sum(1 for status, body in answers if status == 200 and RECEIPT.search(body))
    refused = [status for status, _body in answers if status != 200]
    assert receipts == limit, log
    assert refused == [429] * (sent - limit), log
    assert AwarenessReport.objects.count() == limit


def test_sqlite_file_keeps_every_concurrent_tip(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'tips.sqlite3'}"
    env = server_env(database_url, tmp_path, TIP_RATE_LIMIT_PER_HOUR="1000")
    migrate = subprocess.run(  # noqa: S603 (fixed interpreter and arguments)
        [sys.executable, "manage.py", "migrate", "--no-input"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert migrate.returncode == 0, migrate.stderr
    env["GUNICORN_CMD_ARGS"] = "--threads 10"
    with running_gunicorn(workers=2, env=env, ready_path="/healthz") as server:
        answers = concurrent_tips(server.base_url, 20)
        log = server.log_tail()
    statuses = [status for status, _body in answers]
    assert statuses == [200] * 20, log
    assert sum(1 for _status, body in answers if RECEIPT.search(body)) == 20
