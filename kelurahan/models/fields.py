"""Field declarations that several models share."""

from typing import Any

from django.conf import settings
from django.db import models


def user_reference(verbose_name) -> "models.ForeignKey[Any, Any]":
    """Who did something (proposed, decided, verified): kept as empty if the account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )
