"""A partial index on the binaan kelurahan by designation date and name.

The home page names the first binaan kelurahan in that order; without it PostgreSQL scans all
83,762 kelurahan for the 5,000 binaan ones (6.9 ms at national size, 0.04 ms with it).

Numbered 0022 but applied after 0023 (which was merged first and depends on 0021), so a
database that already has 0023 takes this one next. Not atomic: on PostgreSQL the index is
built concurrently (kelurahan.migration_operations), as 0023's are.
"""

from django.db import migrations, models

from kelurahan.migration_operations import AddIndexConcurrentlyOnPostgreSQL


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("kelurahan", "0023_inbox_and_coverage_indexes"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgreSQL(
            model_name="kelurahan",
            index=models.Index(
                condition=models.Q(is_binaan=True),
                fields=["binaan_since", "name"],
                name="kelurahan_binaan_since_idx",
            ),
        ),
    ]
