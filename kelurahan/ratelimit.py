"""Abuse protection for the tip line that identifies no one.

Three checks, none of which stores anything about a person:

- a honeypot field that people leave empty and robots fill in (see kelurahan.public.tip_forms);
- a minimum fill time: the form carries a signed timestamp, and a form sent back sooner than
  settings.TIP_MIN_FILL_SECONDS (or with a missing or forged stamp) is refused;
- a rate limit per hour, counted in Django's cache (Redis in production, via REDIS_URL) under
  sha256(daily salt + client address). The salt is HMAC(SECRET_KEY, today's date): it changes
  every day and the key cannot be turned back into the address. Counters expire after an hour.

The address is read from REMOTE_ADDR only, and only in memory, to compute the key. Behind a
reverse proxy, configure the proxy or the WSGI server so that REMOTE_ADDR is the client's
address; X-Forwarded-For is never trusted here, because anyone can send that header. If every
request seems to come from the proxy, all residents share one counter.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

STAMP_SALT = "kelurahan.tip-form-stamp"
HOUR = 60 * 60
DAY = 24 * HOUR

TIP_BUCKET = "tip"
STATUS_BUCKET = "status"


def new_stamp() -> str:
    """A signed, timestamped random value for a freshly shown form."""
    return signing.TimestampSigner(salt=STAMP_SALT).sign(secrets.token_urlsafe(9))


def stamp_is_old_enough(stamp: str) -> bool:
    """True when the stamp is ours and at least TIP_MIN_FILL_SECONDS old."""
    minimum = settings.TIP_MIN_FILL_SECONDS
    try:
        signing.TimestampSigner(salt=STAMP_SALT).unsign(stamp or "", max_age=minimum)
    except signing.SignatureExpired:
        return True  # genuine and older than the minimum: a person had time to write
    except signing.BadSignature:
        return False  # missing or forged
    return minimum <= 0


def stamp_use_once(stamp: str) -> bool:
    """Mark a form as sent; False if it was sent before (a reload of the confirmation page)."""
    key = "tipform:" + hashlib.sha256(stamp.encode()).hexdigest()
    return cache.add(key, 1, DAY)


def _daily_salt() -> bytes:
    day = timezone.localdate().isoformat()
    message = f"tip-rate-limit:{day}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


@sensitive_variables("address")
def _counter_key(request, bucket: str) -> str:
    address = request.META.get("REMOTE_ADDR") or ""
    digest = hashlib.sha256(_daily_salt() + address.encode()).hexdigest()
    return f"tiprate:{bucket}:{digest}"


def is_limited(request, bucket: str, limit: int) -> bool:
    """True when this connection already reached the limit for the bucket this hour."""
    return (cache.get(_counter_key(request, bucket)) or 0) >= limit


def count(request, bucket: str) -> None:
    """Count one use of the bucket; the counter disappears an hour after its first use."""
    key = _counter_key(request, bucket)
    if cache.add(key, 1, HOUR):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, HOUR)


def hit(request, bucket: str, limit: int) -> bool:
    """Count one use unless over the limit; False when the request must be refused."""
    if is_limited(request, bucket, limit):
        return False
    count(request, bucket)
    return True
