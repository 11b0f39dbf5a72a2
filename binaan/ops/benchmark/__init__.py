"""The national-scale benchmark behind `manage.py benchmark` (docs/benchmarks.md).

environment: the production-like settings it re-runs itself under; database: its own
PostgreSQL database; dataset, rows, bulk: the synthetic national data; server: gunicorn;
wrk, measure: the load and its figures; admin_timing: the report changelist; report: the
table; runner: the steps in order; urls: the bare view, served only by the benchmark.
"""
