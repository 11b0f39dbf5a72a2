"""Every report belongs to an office (filled in by 0003); its own migration so that
PostgreSQL does not alter a table with the data update's trigger events still pending."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("kelurahan", "0003_tip_line")]

    operations = [
        migrations.AlterField(
            model_name="awarenessreport",
            name="office",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reports",
                to="kelurahan.office",
                verbose_name="office",
            ),
        ),
    ]
