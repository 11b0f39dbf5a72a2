"""Abuse protection for the tip line that identifies no one.

Three checks, none of which stores anything that leads back to a person:

- a honeypot field that people leave empty and robots fill in (see kelurahan.public.forms);
- a minimum fill time: the form carries a signed timestamp, and a form sent back sooner than
  settings.TIP_MIN_FILL_SECONDS (or with a missing or forged stamp) is refused once; the form
  shown again then carries a stamp that counts as old enough;
- a rate limit per hour, counted in Django's cache (Redis in production, via REDIS_URL).

The counter's key is HMAC-SHA256(salt, bucket + network). The network is the client's IPv4
address, or the /64 network of an IPv6 address (one household or phone; a /64 is what a provider
hands out, so changing addresses inside it does not reset the limit). The salt is 32 random
bytes made the first time it is needed each day and held only in the cache, under a key that
expires at local midnight: never on disk (run Redis without persistence, docs/deployment.md),
in the settings or in the database. During the day, whoever reads the cache could test an
address against a key; once the day is over nobody can, holding the secret key and every
counter included. Counters expire an hour after their first use.

Counting comes first and is atomic (cache.add, then cache.incr): concurrent requests from one
network cannot all pass a check made before any of them is counted. A tip that turns out to be
invalid gives its count back.

When the cache cannot be reached, the tip line still works, but more strictly: counters move to
the database (kelurahan.models.RateCount, the same kind of key, expiring within the hour) with
half the limit (at least 1), and the salt is the one this worker last saw, or one of its own,
kept in its memory only. The address itself is read only in memory (binaan.clientip).
"""

import hashlib
import hmac
import ipaddress
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from binaan.clientip import client_ip, parse_address

try:  # the Redis client's errors, when the cache is Redis
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency
    RedisError = OSError  # type: ignore[misc,assignment]

logger = logging.getLogger(__name__)

STAMP_SALT = "kelurahan.tip-form-stamp"
HOUR = 60 * 60
DAY = 24 * HOUR
IPV6_PREFIX = 64

TIP_BUCKET = "tip"
STATUS_BUCKET = "status"
# A cache that cannot be reached: Redis down, refused, timed out.
CACHE_ERRORS = (RedisError, OSError)

# The salt this worker last read from the cache, or made itself while the cache was down.
_known_salt: dict[str, bytes] = {}


class _AgedSigner(signing.TimestampSigner):
    """Stamps as if the form had been shown TIP_MIN_FILL_SECONDS ago."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - settings.TIP_MIN_FILL_SECONDS)


def new_stamp(*, aged: bool = False) -> str:
    """A signed, timestamped random value for a shown form; aged: already old enough."""
    signer = _AgedSigner if aged else signing.TimestampSigner
    return signer(salt=STAMP_SALT).sign(secrets.token_urlsafe(9))


def stamp_is_genuine(stamp: str) -> bool:
    try:
        signing.TimestampSigner(salt=STAMP_SALT).unsign(stamp or "")
    except signing.BadSignature:
        return False
    return True


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
    digest = hashlib.sha256(stamp.encode()).hexdigest()
    try:
        return cache.add("tipform:" + digest, 1, DAY)
    except CACHE_ERRORS as error:
        _degraded(error)
        return _db_take(digest, DAY)[0] == 1


def _degraded(error: Exception) -> None:
    logger.warning("tip line: shared cache unavailable (%s), counting in the database", error)


def _seconds_left_today(now: datetime) -> int:
    """Until local midnight, plus a minute for a request that started before it."""
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return int((midnight - now).total_seconds()) + 60


def _salt() -> bytes:
    """Today's random salt, shared through the cache; this worker's own while it is down."""
    now = timezone.localtime()
    day = now.date().isoformat()
    key = f"tiprate:salt:{day}"
    try:
        salt = cache.get(key)
        if salt is None:
            cache.add(key, secrets.token_hex(32), _seconds_left_today(now))
            salt = cache.get(key)
        salt = bytes.fromhex(salt)
    except CACHE_ERRORS:
        salt = _known_salt.get(day) or secrets.token_bytes(32)
    _known_salt.clear()
    _known_salt[day] = salt
    return salt


@sensitive_variables("address")
def network_of(request) -> str:
    """What is counted: the IPv4 address, or the /64 network of an IPv6 address."""
    address = parse_address(client_ip(request))
    if address is None:
        return ""
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


@sensitive_variables("network")
def counter_digest(request, bucket: str) -> str:
    network = network_of(request)
    return hmac.new(_salt(), f"{bucket}:{network}".encode(), hashlib.sha256).hexdigest()


def fallback_limit(limit: int) -> int:
    """The stricter limit while counters live in the database."""
    return max(1, limit // 2)


@dataclass
class Attempt:
    """One counted use of a bucket; give_back() when it turned out not to count."""

    allowed: bool
    retry_at: datetime
    _give_back: Callable[[], None] = field(repr=False)
    _given_back: bool = field(default=False, repr=False)

    def give_back(self) -> None:
        if not self._given_back:
            self._given_back = True
            self._give_back()

    @property
    def retry_seconds(self) -> int:
        return max(1, int((self.retry_at - timezone.now()).total_seconds()))


def take(request, bucket: str, limit: int) -> Attempt:
    """Count one use of the bucket first; allowed is False when it went over the limit."""
    digest = counter_digest(request, bucket)
    try:
        count, retry_at = _cache_take(f"tiprate:{bucket}:{digest}")
        give_back = lambda: _cache_give_back(f"tiprate:{bucket}:{digest}")  # noqa: E731
    except CACHE_ERRORS as error:
        _degraded(error)
        limit = fallback_limit(limit)
        count, retry_at = _db_take(digest, HOUR)
        give_back = lambda: _db_give_back(digest)  # noqa: E731
    return Attempt(allowed=count <= limit, retry_at=retry_at, _give_back=give_back)


def _cache_take(key: str) -> tuple[int, datetime]:
    now = timezone.now()
    if cache.add(key, 1, HOUR):
        cache.set(key + ":since", now.timestamp(), HOUR)
        return 1, now + timedelta(seconds=HOUR)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        count = 1 if cache.add(key, 1, HOUR) else cache.incr(key)
    if count == 1:  # incr() recreated an expired key: give it its hour again
        cache.touch(key, HOUR)
    since = cache.get(key + ":since")
    start = datetime.fromtimestamp(since, tz=now.tzinfo) if since else now
    return count, start + timedelta(seconds=HOUR)


def _cache_give_back(key: str) -> None:
    try:
        if cache.decr(key) <= 0:
            cache.delete(key)
    except ValueError:  # expired meanwhile: nothing to give back
        pass
    except CACHE_ERRORS as error:
        _degraded(error)


@transaction.atomic
def _db_take(digest: str, seconds: int) -> tuple[int, datetime]:
    """Count in the database: one locked row per key, expired rows deleted on the way."""
    from kelurahan.models import RateCount

    now = timezone.now()
    RateCount.objects.filter(expires_at__lte=now).delete()
    row, _created = RateCount.objects.select_for_update().get_or_create(
        key=digest, defaults={"expires_at": now + timedelta(seconds=seconds)}
    )
    RateCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
    row.refresh_from_db(fields=["count"])
    return row.count, row.expires_at


def _db_give_back(digest: str) -> None:
    from kelurahan.models import RateCount

    RateCount.objects.filter(key=digest).update(count=F("count") - 1)


def hit(request, bucket: str, limit: int) -> bool:
    """Count one use; False when over the limit (that use is then not counted)."""
    attempt = take(request, bucket, limit)
    if not attempt.allowed:
        attempt.give_back()
    return attempt.allowed
