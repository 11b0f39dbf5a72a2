"""The inbox's "reports nobody has taken up", per office: a partial index for its count and rows.

Not atomic: on PostgreSQL the index is built concurrently, so a live site keeps writing
reports while it builds (kelurahan.migration_operations).
"""

from django.db import migrations, models

from kelurahan.migration_operations import AddIndexConcurrentlyOnPostgreSQL


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("kelurahan", "0021_passport_service_days"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="awarenessreport",
            index=models.Index(
                condition=models.Q(status="submitted", assigned_to__isnull=True),
                fields=["office", "-urgency", "submitted_at"],
                name="report_office_untaken_idx",
            ),
        ),
    ]
