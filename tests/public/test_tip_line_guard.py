"""The tip line against drive-by posts, too-fast forms and floods, and with Redis down."""

import re

import pytest
from django.core.cache import cache

from binaan.ops.localserver import free_port
from kelurahan import ratelimit
from kelurahan.models import AwarenessReport, RateCount
from tests.support.publicpages import stamp_from, text

TIP_URL = "/lapor/"
STATUS_URL = "/lapor/status/"
TYPED = "Pak Joko merekrut lima orang untuk kerja di kapal, paspor mereka ditahan."
RECEIPT = re.compile(r'<p class="receipt-code">\d{4} \d{4} \d{4} \d{4}</p>')


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    settings.TIP_MIN_FILL_SECONDS = 0


def send(client, *, stamp=None, address="192.0.2.20", fields=(), **headers):
    if stamp is None:
        stamp = stamp_from(client.get(TIP_URL))
    data = {"observed": TYPED, "contact": "0812-1111-2222", "stamp": stamp, **dict(fields)}
    return client.post(TIP_URL, data, REMOTE_ADDR=address, **headers)


def test_tip_from_another_site_is_refused_without_a_cookie(client, db):
    refused = [
        send(client, HTTP_SEC_FETCH_SITE="cross-site"),
        send(client, HTTP_ORIGIN="https://jebakan.example"),
        client.post(STATUS_URL, {"code": "1234"}, HTTP_SEC_FETCH_SITE="cross-site"),
        client.post(STATUS_URL, {"code": "1234"}, HTTP_ORIGIN="http://evil.example:8000"),
    ]
    for response in refused:
        assert response.status_code == 403
        assert "tel:110" in text(response)
        assert TYPED not in text(response)  # another site's text is never shown on ours
        assert not response.cookies
        assert response["Cache-Control"] == "no-store"
    assert not AwarenessReport.objects.exists()


def test_tip_from_our_own_page_is_accepted(client, db):
    # Our pages send Origin: null under no-referrer; same-origin fetch metadata; or nothing.
    for headers in (
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": "http://testserver"},
        {},
    ):
        assert RECEIPT.search(text(send(client, **headers)))
    assert AwarenessReport.objects.count() == 3


def test_tip_refused_by_the_limit_keeps_what_was_typed(client, db, settings):
    settings.TIP_RATE_LIMIT_PER_HOUR = 1
    assert RECEIPT.search(text(send(client)))
    refused = send(client, fields={"location": "Gang Mawar"})
    page = text(refused)
    assert refused.status_code == 429
    assert TYPED in page and "Gang Mawar" in page and "0812-1111-2222" in page
    assert 'name="stamp"' in page and "<form" in page  # send it again later, nothing retyped
    assert re.search(r"\b\d{2}[.:]\d{2}\b", page)  # the time to try again
    assert 0 < int(refused["Retry-After"]) <= ratelimit.HOUR
    assert "tel:110" in page and "tel:129" in page
    assert refused["Cache-Control"] == "no-store" and not refused.cookies
    assert AwarenessReport.objects.count() == 1


def test_tip_invalid_forms_give_their_count_back(client, db, settings):
    settings.TIP_RATE_LIMIT_PER_HOUR = 2
    for _ in range(4):
        # The form comes back with an error each time.
        assert send(client, fields={"observed": ""}).status_code == 200
    assert RECEIPT.search(text(send(client)))
    assert RECEIPT.search(text(send(client)))
    assert send(client).status_code == 429


def test_tip_sent_too_fast_explains_and_is_not_refused_twice(client, db, settings):
    settings.TIP_MIN_FILL_SECONDS = 60
    first = send(client)
    page = text(first)
    assert first.status_code == 200 and not AwarenessReport.objects.exists()
    with_language = page.replace("\n", " ")
    assert "tunggu sebentar, lalu tekan" in with_language and "Kirim laporan" in with_language
    assert TYPED in page
    again = send(client, stamp=stamp_from(first))  # pressed again at once
    assert RECEIPT.search(text(again))
    assert AwarenessReport.objects.count() == 1


def test_tip_forged_stamp_does_not_get_a_ready_stamp(client, db, settings):
    settings.TIP_MIN_FILL_SECONDS = 60
    forged = send(client, stamp="forged:x:y")
    assert not ratelimit.stamp_is_old_enough(stamp_from(forged))


@pytest.fixture
def redis_down(settings):
    """The cache is Redis on a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield settings


def test_tip_line_works_with_redis_down_under_a_stricter_limit(client, db, redis_down):
    redis_down.TIP_RATE_LIMIT_PER_HOUR = 4  # 2 while counting in the database
    assert RECEIPT.search(text(send(client)))
    assert RECEIPT.search(text(send(client)))
    refused = send(client)
    assert refused.status_code == 429 and TYPED in text(refused)
    assert RECEIPT.search(text(send(client, address="192.0.2.21")))
    assert AwarenessReport.objects.count() == 3
    stored = list(RateCount.objects.values_list("key", flat=True))
    assert stored and all(re.fullmatch(r"[0-9a-f]{64}", key) for key in stored)
    assert not any("192.0.2" in key for key in stored)
    lookup = client.post(STATUS_URL, {"code": "1234 5678 9012 3456"}, REMOTE_ADDR="192.0.2.20")
    assert lookup.status_code == 200


def test_tip_reload_with_redis_down_is_still_sent_once(client, db, redis_down):
    stamp = stamp_from(client.get(TIP_URL))
    assert RECEIPT.search(text(send(client, stamp=stamp)))
    again = send(client, stamp=stamp)
    assert not RECEIPT.search(text(again))
    assert AwarenessReport.objects.count() == 1


def test_rate_limit_salt_is_random_and_lives_only_in_the_cache(rf, settings):
    request = rf.post(TIP_URL, REMOTE_ADDR="192.0.2.30")
    first = ratelimit.counter_digest(request, "tip")
    assert first == ratelimit.counter_digest(request, "tip")  # stable while the salt lives
    salts = [key for key in cache._cache if "tiprate:salt:" in key]
    assert len(salts) == 1
    # Nothing outside the cache can make the key again: not the secret key, not the date.
    cache.clear()
    ratelimit._known_salt.clear()
    assert ratelimit.counter_digest(request, "tip") != first
