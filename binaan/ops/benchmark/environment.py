"""The settings the benchmark runs under: production-like (DEBUG off), throwaway keys.

The command re-runs itself with this environment, so migrations, the import, the data build,
gunicorn and the admin timing all see the same settings and the same benchmark database.
"""

import os
import secrets
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

MARKER = "BINAAN_BENCHMARK_CHILD"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/binaan_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
# Production settings plus the benchmark's URLconf (settings.py here).
BENCH_SETTINGS = "binaan.ops.benchmark.settings"
# The bare view's path. Kept here, not in urls.py: importing that module imports the portal's
# URLconf, which must not happen before the settings of a test run are in place.
BARE_PATH = "benchmark/bare/"
# The same view served with no middleware at all (binaan/ops/benchmark/wsgi.py): the ceiling.
CEILING_PATH = "benchmark/ceiling/"
# gunicorn's application under the benchmark: the portal plus the no-middleware ceiling.
BENCH_WSGI_APP = "binaan.ops.benchmark.wsgi:application"
# wrk sends Host: 127.0.0.1:<port>; Django's test client (admin timing) sends "testserver".
HOSTS = "127.0.0.1,localhost,testserver"
# Variables of the caller's shell that would change what is measured.
DROPPED = (
    "REDIS_URL",
    "DATABASE_REPLICA_URL",
    "DJANGO_SETTINGS_MODULE",
    "STAFF_OTP_REQUIRED",
    "PUBLIC_CACHE_SECONDS",
)


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def benchmark_environment(database_url: str, encryption_keys: str = "") -> dict[str, str]:
    """The caller's environment with production settings and keys made up for this run.

    encryption_keys: those of a data set being reused (--reuse-database), whose reports were
    encrypted with them; by default a new key.
    """
    env = {key: value for key, value in os.environ.items() if key not in DROPPED}
    env.update(
        {
            MARKER: "1",
            "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS,
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "false",
            # Throwaway keys: the benchmark database is dropped at a later run anyway.
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_FIELD_ENCRYPTION_KEYS": encryption_keys or Fernet.generate_key().decode(),
            "DJANGO_ALLOWED_HOSTS": HOSTS,
            # Plain HTTP on loopback: no TLS proxy in front, so no redirect to https.
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    return env


def in_benchmark_environment() -> bool:
    return os.environ.get(MARKER) == "1"
