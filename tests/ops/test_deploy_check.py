"""Production settings pass Django's deployment checklist with nothing silenced."""

import base64
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ONE_YEAR = 365 * 24 * 60 * 60


def production_env(**overrides) -> dict:
    """The environment of a production server: debug off, real random keys, one host name."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"
    }
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    environment.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        DJANGO_ALLOWED_HOSTS="binaan.example.go.id",
        DJANGO_FIELD_ENCRYPTION_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        # A shared cache (nothing connects to it during the check).
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    return {**environment, **overrides}


def manage(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_zero_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_silences_nothing():
    assert not getattr(settings, "SILENCED_SYSTEM_CHECKS", [])


def test_deploy_check_fails_when_https_is_switched_off():
    """The check is real: it catches a production setting turned off from the environment."""
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_SECURE_SSL_REDIRECT="false"
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr


def test_deploy_check_fails_without_a_shared_cache():
    """Each worker's own memory cache would count the tip line's limits per worker."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", REDIS_URL="")
    assert result.returncode != 0
    assert "binaan.E001" in result.stderr and "REDIS_URL" in result.stderr


PRINT_SETTINGS = (
    "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS,"
    " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_SSL_REDIRECT,"
    " s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
    " s.X_FRAME_OPTIONS, s.SECURE_CONTENT_TYPE_NOSNIFF, s.DEBUG, sep='|')"
)


def test_production_settings_force_https_for_a_year():
    result = manage("shell", "--no-imports", "-c", PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr
    values = result.stdout.strip().splitlines()[-1].split("|")
    hsts, subdomains, preload, redirect, proxy_header, *rest = values
    assert int(hsts) >= ONE_YEAR
    assert (subdomains, preload, redirect) == ("True", "True", "True")
    assert proxy_header == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert rest == ["True", "True", "DENY", "True", "False"]


PROBE = """
from django.test import Client
client = Client(HTTP_HOST="binaan.example.go.id")
plain = client.get("/robots.txt")
secure = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
print(plain.status_code, plain.get("Location"), secure.get("Strict-Transport-Security"), sep="|")
"""


def test_production_redirects_to_https_and_sends_hsts():
    result = manage("shell", "--no-imports", "-c", PROBE)
    assert result.returncode == 0, result.stderr
    status, location, hsts = result.stdout.strip().splitlines()[-1].split("|")
    assert status == "301"
    assert location == "https://binaan.example.go.id/robots.txt"
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_production_refuses_a_short_secret_key():
    result = manage("check", DJANGO_SECRET_KEY=secrets.token_hex(20))  # 40 characters
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
