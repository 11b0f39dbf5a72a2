"""The benchmark's WSGI application: the portal, plus the framework's ceiling on one path.

gunicorn serves this module only under `manage.py benchmark` (production serves binaan.wsgi).
Requests for CEILING_PATH go to a second Django handler built with no middleware at all, so
the ceiling view answers after URL resolution only: what Django itself costs on this machine.
Every other request goes to the portal's own handler, with the full middleware stack.
"""

import os

from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application
from django.test.utils import override_settings

from binaan.ops.benchmark.environment import BENCH_SETTINGS, CEILING_PATH

os.environ.setdefault("DJANGO_SETTINGS_MODULE", BENCH_SETTINGS)
portal = get_wsgi_application()


class NoMiddlewareHandler(WSGIHandler):
    """Django's own WSGI handler with an empty MIDDLEWARE list."""

    def load_middleware(self, is_async=False):
        with override_settings(MIDDLEWARE=[]):
            super().load_middleware(is_async)


ceiling = NoMiddlewareHandler()
CEILING = "/" + CEILING_PATH


def application(environ, start_response):
    if environ.get("PATH_INFO") == CEILING:
        return ceiling(environ, start_response)
    return portal(environ, start_response)
