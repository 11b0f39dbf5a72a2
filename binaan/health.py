"""/healthz: is the portal up and can it reach its database? For load balancers and monitors.

The answer is small and says nothing about why a check failed: the probe is public. It touches
no session, user or cookie, and logs no request data (only the error's class, for operators).
"""

import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# A healthy database answers SELECT 1 in milliseconds; a probe must not hang on a stuck one.
STATEMENT_TIMEOUT_MS = 2000


def database_is_up(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """SELECT 1 through the connection, with a statement timeout on PostgreSQL."""
    connection = connections[alias]
    try:
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # SET LOCAL ends with the transaction: the pooled connection keeps no limit.
                cursor.execute(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS:d}")
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # any failure means "not healthy"; the probe must still answer
        # Django drops a broken persistent connection when the request ends, so the next probe
        # opens a fresh one.
        logger.warning("health check: database unavailable (%s)", type(error).__name__)
        return False


@never_cache
@require_safe
def healthz(request):
    """200 {"status": "ok", ...} when the database answers, otherwise 503 without details."""
    up = database_is_up()
    state = "ok" if up else "error"
    response = JsonResponse({"status": state, "database": state}, status=200 if up else 503)
    # Django would log the 503 with the request attached; the warning above is enough.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
