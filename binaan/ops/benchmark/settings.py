"""The benchmark's settings: production's, with the benchmark's URLconf.

Only `manage.py benchmark` selects this module (environment.py), so binaan/settings.py knows
nothing of the benchmark and production never serves its extra URLs.
"""

from binaan.settings import *  # noqa: F403 (the production settings, unchanged)

ROOT_URLCONF = "binaan.ops.benchmark.urls"
