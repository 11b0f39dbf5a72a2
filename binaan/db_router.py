"""Public read-only traffic to a read replica; everything else, and every write, to the primary.

With DATABASE_REPLICA_URL set, the settings add DATABASES["replica"] and ReplicaRouter. A read
goes to the replica only while a public page is being rendered for an anonymous GET or HEAD
(kelurahan/public/cache.py marks it with `public_reads()`); logins, officer pages, the admin,
the tip line, management commands and every write use "default". Without the variable there
is no replica and no router: nothing changes.

The mark is a context variable, not a thread-local, so it is right under threads and asyncio.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"

_public_read: ContextVar[bool] = ContextVar("public_read", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def public_reads() -> Iterator[None]:
    """Reads inside this block may be answered by the replica."""
    token = _public_read.set(True)
    try:
        yield
    finally:
        _public_read.reset(token)


class ReplicaRouter:
    """Reads of public pages to the replica; all other reads and all writes to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _public_read.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows: objects from either relate

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A streaming replica is read-only and follows the primary's schema by itself.
        return False if db == REPLICA else None
