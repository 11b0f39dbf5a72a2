"""The benchmark's URLs: the portal's own plus a bare view, the framework's ceiling.

Selected only by the benchmark's settings (binaan/ops/benchmark/settings.py), so production,
which keeps binaan.urls, never serves the extra URL.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from binaan.ops.benchmark.environment import BARE_PATH, CEILING_PATH
from binaan.urls import urlpatterns as portal_urlpatterns


@require_safe
def bare(request):
    """No query, no template: what the full middleware stack costs on its own."""
    return HttpResponse("ok", content_type="text/plain")


# The ceiling path reaches this same view with no middleware (binaan/ops/benchmark/wsgi.py).
urlpatterns = [
    path(BARE_PATH, bare, name="benchmark_bare"),
    path(CEILING_PATH, bare, name="benchmark_ceiling"),
    *portal_urlpatterns,
]
