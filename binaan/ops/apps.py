from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations tooling: backup and restore, the benchmark, the load test, page budgets."""

    name = "binaan.ops"
    label = "ops"
