"""Partial indexes for the admin index at national size: the inbox and the coverage table.

- report_office_untaken_idx: an office's reports nobody has taken up (the inbox's first count
  and rows);
- report_kelurahan_open_idx: a kelurahan's open reports, counted (and the overdue ones among
  them) without reading the reports;
- session_kelurahan_held_idx: a kelurahan's held sessions with their attendance (last held,
  held this quarter, residents reached) without reading the sessions.

Not atomic: on PostgreSQL the indexes are built concurrently, so a live site keeps writing
while they build (kelurahan.migration_operations).
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
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="awarenessreport",
            index=models.Index(
                condition=models.Q(status__in=["submitted", "under_review", "referred"]),
                fields=["kelurahan", "submitted_at"],
                name="report_kelurahan_open_idx",
            ),
        ),
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="outreachsession",
            index=models.Index(
                condition=models.Q(status="held"),
                fields=["kelurahan", "starts_at", "attendance_total"],
                name="session_kelurahan_held_idx",
            ),
        ),
    ]
