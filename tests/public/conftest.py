"""Fixtures the public-side tests share."""

import pytest
from django.core.cache import cache


@pytest.fixture
def tip_line(settings):
    """The tip line and the question form with a cache of their own, and no waiting to send."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tip-line-tests",
        }
    }
    settings.TIP_MIN_FILL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()
