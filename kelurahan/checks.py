"""System checks of the deployment (manage.py check --deploy)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Caches every worker on every server shares, and that keep nothing on disk by themselves.
SHARED_CACHES = {
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
}


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """The tip line's rate limits, salt and one-time form stamps need a cache shared by all."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in SHARED_CACHES:
        return []
    return [
        Error(
            "The default cache is not shared by the portal's workers, so each worker counts the "
            "tip line's rate limit and its one-time form stamps on its own.",
            hint="Set REDIS_URL (for example redis://127.0.0.1:6379/0); see docs/deployment.md.",
            id="binaan.E001",
        )
    ]
