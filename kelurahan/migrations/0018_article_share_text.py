"""Articles get a short share text for WhatsApp (Indonesian and English); starter texts filled.

Only empty share texts of the starter articles are filled, so what staff wrote is kept.
"""

import json
from pathlib import Path

from django.db import migrations, models

STARTER_SHARE = Path(__file__).resolve().parent.parent / "data" / "starter_share_text.json"


def fill_share_texts(apps, schema_editor):
    Article = apps.get_model("kelurahan", "Article")
    data = json.loads(STARTER_SHARE.read_text(encoding="utf-8"))
    for entry in data["articles"]:
        fields = dict(entry)
        row = Article.objects.filter(slug=fields.pop("slug")).first()
        if row is None:
            continue
        empty = {name: text for name, text in fields.items() if not getattr(row, name).strip()}
        if empty:
            Article.objects.filter(pk=row.pk).update(**empty)


class Migration(migrations.Migration):
    dependencies = [("kelurahan", "0017_questions_and_faq")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="share_text",
            field=models.CharField(
                blank=True,
                help_text=(
                    "A short message in plain words that officers pass on by WhatsApp; a link "
                    "back to the article is added. Leave it empty to use the summary."
                ),
                max_length=400,
                verbose_name="share text",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="share_text_en",
            field=models.CharField(
                blank=True, max_length=400, verbose_name="share text in English"
            ),
        ),
        migrations.RunPython(fill_share_texts, migrations.RunPython.noop),
    ]
