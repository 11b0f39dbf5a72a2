"""The client's address, the one place that reads it: client_ip(request).

REMOTE_ADDR is the address of whatever opened the connection. Behind a reverse proxy that is
the proxy, so every resident would share one tip-line limit and one login lockout. The proxy
passes the real address in X-Forwarded-For (or X-Real-IP), but any client can send those
headers too. So they are read only when REMOTE_ADDR is one of settings.TRUSTED_PROXIES
(env DJANGO_TRUSTED_PROXIES: addresses or networks, and "unix" for a local Unix socket, where
REMOTE_ADDR is empty), and never otherwise.

X-Forwarded-For is read from the right: each trusted proxy appends the address it saw, so the
rightmost hop that is not a trusted proxy is the client. Whatever the client wrote itself stays
on the left and is never chosen. X-Real-IP is read only when there is no X-Forwarded-For.

Used by django-axes (AXES_CLIENT_IP_CALLABLE) and the tip line's rate limits.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

UNIX_SOCKET = "unix"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[tuple, bool]:
    """(networks, whether a Unix-socket peer is trusted) from the setting's entries."""
    networks = []
    unix = False
    for entry in entries:
        entry = entry.strip()
        if entry.lower() == UNIX_SOCKET:
            unix = True
        elif entry:
            networks.append(ipaddress.ip_network(entry, strict=False))
    return tuple(networks), unix


def parse_address(value: str) -> Address | None:
    """An address from a header or REMOTE_ADDR ("[::1]", "1.2.3.4:5678" too), or None."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6] or [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def is_trusted_proxy(remote_addr: str) -> bool:
    networks, unix = _networks(tuple(settings.TRUSTED_PROXIES))
    if not remote_addr:
        return unix
    address = parse_address(remote_addr)
    return address is not None and any(address in network for network in networks)


def _from_forwarded_for(header: str) -> str | None:
    """The rightmost hop that is not a trusted proxy; None when the chain says nothing usable."""
    for hop in reversed(header.split(",")):
        address = parse_address(hop)
        if address is None:
            return None  # garbage where a proxy should have written an address: trust nothing
        if not is_trusted_proxy(str(address)):
            return str(address)
    return None


def client_ip(request) -> str:
    """The client's address as a string ("" when unknown, e.g. a Unix socket without a proxy)."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR") or ""
    if not is_trusted_proxy(remote):
        address = parse_address(remote)
        return str(address) if address else remote
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if forwarded:
        return _from_forwarded_for(forwarded) or remote
    real = parse_address(meta.get("HTTP_X_REAL_IP") or "")
    return str(real) if real else remote
