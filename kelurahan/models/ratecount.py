"""Rate-limit counters kept in the database only while the shared cache (Redis) is down."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCount(models.Model):
    """One counter of the tip line's rate limit, under a salted hash that names no address.

    Written only when the cache cannot be reached (kelurahan/ratelimit.py); every row expires
    within the hour and expired rows are deleted by the next write.
    """

    # HMAC-SHA256 (hex) of the bucket and network under a salt that is never stored on disk.
    key = models.CharField(_("key"), max_length=64, unique=True)
    count = models.IntegerField(_("count"), default=0)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self):
        return f"{self.count} until {self.expires_at:%H:%M}"
