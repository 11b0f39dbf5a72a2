"""Tip line: report source, owning office, receipt codes, private photos, closing time."""

import django.db.models.deletion
import kelurahan.models.reports
import kelurahan.files.storage
from django.conf import settings
from django.db import migrations, models


def set_office_from_kelurahan(apps, schema_editor):
    AwarenessReport = apps.get_model("kelurahan", "AwarenessReport")
    Kelurahan = apps.get_model("kelurahan", "Kelurahan")
    for kelurahan in Kelurahan.objects.filter(reports__isnull=False).distinct():
        AwarenessReport.objects.filter(kelurahan=kelurahan).update(office_id=kelurahan.office_id)


class Migration(migrations.Migration):

    dependencies = [
        ('kelurahan', '0002_starter_content'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name='reportupdate',
            old_name='note_for_officer',
            new_name='note_for_reporter',
        ),
        migrations.AddField(
            model_name='awarenessreport',
            name='closed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='closed at'),
        ),
        migrations.AddField(
            model_name='awarenessreport',
            name='office',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='kelurahan.office', verbose_name='office'),
        ),
        migrations.AddField(
            model_name='awarenessreport',
            name='photo',
            field=models.ImageField(blank=True, storage=kelurahan.files.storage.PrivateStorage(), upload_to=kelurahan.models.reports.report_photo_path, verbose_name='photo'),
        ),
        migrations.AddField(
            model_name='awarenessreport',
            name='receipt_hash',
            field=models.CharField(blank=True, editable=False, max_length=256, verbose_name='receipt hash'),
        ),
        migrations.AddField(
            model_name='awarenessreport',
            name='receipt_lookup',
            field=models.CharField(blank=True, editable=False, max_length=6, null=True, unique=True, verbose_name='receipt lookup'),
        ),
        migrations.AddField(
            model_name='awarenessreport',
            name='reporter_contact',
            field=models.CharField(blank=True, help_text='Given by the resident only if they want to be contacted.', max_length=200, verbose_name="reporter's contact"),
        ),
        migrations.AddField(
            model_name='awarenessreport',
            name='source',
            field=models.CharField(choices=[('officer', 'Kelurahan officer'), ('tip_line', 'Resident, through the tip line'), ('assisted', 'Resident, assisted by a kelurahan officer')], default='officer', max_length=10, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='reportupdate',
            name='note_for_reporter',
            field=models.TextField(blank=True, help_text='Shown to whoever filed the report: the kelurahan officer or the resident.', verbose_name='message to the reporter'),
        ),
        migrations.AddField(
            model_name='reportupdate',
            name='reporter_message',
            field=models.TextField(blank=True, verbose_name='information added by the reporter'),
        ),
        migrations.AlterField(
            model_name='awarenessreport',
            name='filed_by',
            field=models.ForeignKey(blank=True, help_text='Empty for anonymous tips.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='filed_reports', to=settings.AUTH_USER_MODEL, verbose_name='filed by'),
        ),
        migrations.AlterField(
            model_name='awarenessreport',
            name='kelurahan',
            field=models.ForeignKey(blank=True, help_text='Empty when a resident did not know the kelurahan.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='kelurahan.kelurahan', verbose_name='kelurahan'),
        ),
        migrations.AlterField(
            model_name='reportupdate',
            name='author',
            field=models.ForeignKey(blank=True, help_text='Empty when the resident wrote it with their receipt code.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author'),
        ),
        migrations.AlterField(
            model_name='reportupdate',
            name='internal_note',
            field=models.TextField(blank=True, help_text='Never shown to the reporter or to kelurahan officers.', verbose_name='internal note (staff only)'),
        ),
        migrations.AddIndex(
            model_name='awarenessreport',
            index=models.Index(fields=['office', 'status'], name='kelurahan_a_office__bf4052_idx'),
        ),
        migrations.AddIndex(
            model_name='awarenessreport',
            index=models.Index(fields=['source', 'closed_at'], name='kelurahan_a_source_c7b288_idx'),
        ),
        migrations.AddConstraint(
            model_name='awarenessreport',
            constraint=models.CheckConstraint(condition=models.Q(('source', 'tip_line'), models.Q(('filed_by__isnull', False), ('kelurahan__isnull', False)), _connector='OR'), name='report_from_officer_has_filer_and_kelurahan'),
        ),
        migrations.AddConstraint(
            model_name='awarenessreport',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('source', 'tip_line'), _negated=True), ('filed_by__isnull', True), _connector='OR'), name='report_tip_is_anonymous'),
        ),
        migrations.RunPython(set_office_from_kelurahan, migrations.RunPython.noop),
    ]
