"""Behind a proxy each client is still itself, and nobody else can choose an address."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import RequestFactory

from binaan.clientip import client_ip
from kelurahan import ratelimit
from tests.support import factories

NGINX = "10.0.0.2"


@pytest.fixture
def proxied(settings):
    settings.TRUSTED_PROXIES = [NGINX, "unix"]
    return settings


def request_from(remote: str, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_client_ip_ignores_forwarded_headers_from_an_untrusted_address(proxied):
    spoofed = request_from("198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4", HTTP_X_REAL_IP="5.6.7.8")
    assert client_ip(spoofed) == "198.51.100.7"


def test_client_ip_ignores_forwarded_headers_when_no_proxy_is_trusted(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from(NGINX, HTTP_X_FORWARDED_FOR="1.2.3.4")) == NGINX


def test_client_ip_reads_the_header_from_a_trusted_proxy(proxied):
    assert client_ip(request_from(NGINX, HTTP_X_FORWARDED_FOR="203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from(NGINX, HTTP_X_REAL_IP="203.0.113.10")) == "203.0.113.10"
    assert client_ip(request_from("", HTTP_X_FORWARDED_FOR="2001:db8::1")) == "2001:db8::1"


def test_client_ip_spoofed_chain_cannot_choose_the_address(proxied):
    # The client wrote "1.2.3.4, 10.0.0.2"; nginx appended the address it really saw.
    chain = "1.2.3.4, 10.0.0.2, 203.0.113.9"
    assert client_ip(request_from(NGINX, HTTP_X_FORWARDED_FOR=chain)) == "203.0.113.9"
    # A client-sent X-Real-IP does not win over the proxy's X-Forwarded-For.
    both = request_from(NGINX, HTTP_X_FORWARDED_FOR="203.0.113.9", HTTP_X_REAL_IP="1.2.3.4")
    assert client_ip(both) == "203.0.113.9"
    # Garbage where the proxy's hop should be: the proxy's own address, never a guess.
    assert client_ip(request_from(NGINX, HTTP_X_FORWARDED_FOR="1.2.3.4, junk")) == NGINX


def test_client_ip_networks_and_ports_in_the_setting(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = request_from("10.9.8.7", HTTP_X_FORWARDED_FOR="[2001:db8::5]:443, 10.1.1.1")
    assert client_ip(request) == "2001:db8::5"


def test_client_ip_is_what_axes_uses():
    assert django_settings.AXES_CLIENT_IP_CALLABLE == "binaan.clientip.client_ip"


def test_login_lockout_counts_the_client_behind_the_proxy_not_the_proxy(client, proxied, db):
    factories.kelurahan_officer(factories.kelurahan(), username="petugas.satu")
    url = "/petugas/masuk/"
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post(
            url,
            {"username": "petugas.satu", "password": "salah-salah-salah"},
            REMOTE_ADDR=NGINX,
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.66"]


def test_tip_rate_limit_counts_each_client_behind_the_proxy(client, proxied, db):
    proxied.TIP_RATE_LIMIT_PER_HOUR = 1
    proxied.TIP_MIN_FILL_SECONDS = 0

    def tip(forwarded: str):
        page = client.get("/lapor/").content.decode()
        stamp = re.search(r'name="stamp" value="([^"]+)"', page).group(1)
        data = {"observed": "Ada penampungan calon PMI.", "stamp": stamp}
        return client.post(
            "/lapor/", data, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert tip("203.0.113.1") == 200
    assert tip("203.0.113.2") == 200  # another resident behind the same nginx
    assert tip("203.0.113.1") == 429
    assert tip("9.9.9.9, 203.0.113.1") == 429  # a made-up hop in front changes nothing


def test_rate_limit_counts_an_ipv6_slash_64_as_one(proxied):
    first = request_from("2001:db8:1:2::a")
    other_host_same_64 = request_from("2001:db8:1:2:ffff::1")
    other_64 = request_from("2001:db8:1:3::a")
    key = ratelimit.counter_digest
    assert key(first, "tip") == key(other_host_same_64, "tip")
    assert key(first, "tip") != key(other_64, "tip")


def test_trusted_proxies_setting_refuses_what_is_not_an_address():
    env = {**os.environ, "DJANGO_TRUSTED_PROXIES": "nginx.internal"}
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "DJANGO_TRUSTED_PROXIES" in result.stderr
