"""Read settings from the environment; fail fast where production needs a real value."""

import base64
import binascii
import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return int(value)


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return float(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def require(value, message: str):
    """Refuse to start with a value production must not run on."""
    if not value:
        raise ImproperlyConfigured(message)
    return value


def is_fernet_key(key: str) -> bool:
    """A Fernet key: 32 bytes in URL-safe base64 (Fernet.generate_key() makes one)."""
    try:
        return len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
    except (binascii.Error, ValueError):
        return False


def is_network(value: str) -> bool:
    """An IP address or network such as 10.0.0.0/8."""
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return True
