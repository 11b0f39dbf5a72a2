"""gunicorn on loopback for the length of a `with` block, stopped whatever happens.

Used by `manage.py load_test` and `manage.py benchmark`: only 127.0.0.1, a free port, the
deployment's sync workers, no access log, no addresses in the error log.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

HOST = "127.0.0.1"
READY_SECONDS = 60
STOP_SECONDS = 15


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def gunicorn_command(port: int, workers: int, app: str = "binaan.wsgi:application") -> list[str]:
    """The venv's gunicorn with sync workers (the deployment default); no access log."""
    binary = Path(sys.executable).with_name("gunicorn")
    start = [str(binary)] if binary.exists() else [sys.executable, "-m", "gunicorn"]
    return [
        *start,
        app,
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--timeout=60",
        "--graceful-timeout=5",
        "--log-level=error",  # at warning, gunicorn logs client addresses (docs/deployment.md)
        f"--chdir={settings.BASE_DIR}",
    ]


def wait_until_ready(server: subprocess.Popen, url: str) -> None:
    """Poll url until it answers 200; fail if gunicorn exits or takes too long."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn exited with status {server.returncode}.")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise CommandError(f"gunicorn did not answer {url} within {READY_SECONDS} s.")


def stop(server: subprocess.Popen) -> None:
    """TERM to gunicorn's whole process group (master and workers), KILL if it lingers."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        server.wait()


def _log_tail(log) -> str:
    log.seek(0)
    return log.read().decode("utf-8", "replace").strip()[-3000:]


@dataclass
class LocalServer:
    port: int
    log: object  # gunicorn's output, a temporary file

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_tail(self) -> str:
        return _log_tail(self.log)


@contextmanager
def running_gunicorn(
    *, workers: int, env: dict[str, str], ready_path: str, app: str = "binaan.wsgi:application"
):
    """Yield a LocalServer: gunicorn serving the portal with `env` until the block ends."""
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(  # noqa: S603 (our fixed command line)
            gunicorn_command(port, workers, app),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() reaches every worker
        )
        try:
            wait_until_ready(server, base_url + ready_path)
            yield LocalServer(port, log)
        except Exception as error:
            tail = _log_tail(log)
            if tail:
                raise CommandError(f"{error}\ngunicorn said:\n{tail}") from error
            raise
        finally:
            stop(server)
