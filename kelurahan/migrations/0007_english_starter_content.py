"""English versions of the starter topics and articles, for the pages at /en/.

Only empty English fields are filled, so text staff have already written is kept.
"""

import json
from pathlib import Path

from django.db import migrations

STARTER_EN = Path(__file__).resolve().parent.parent / "data" / "starter_content_en.json"


def fill_empty(model, slug: str, values: dict) -> None:
    row = model.objects.filter(slug=slug).first()
    if row is None:
        return
    empty = {field: text for field, text in values.items() if not getattr(row, field).strip()}
    if empty:
        model.objects.filter(pk=row.pk).update(**empty)


def load(apps, schema_editor):
    data = json.loads(STARTER_EN.read_text(encoding="utf-8"))
    Topic = apps.get_model("kelurahan", "Topic")
    Article = apps.get_model("kelurahan", "Article")
    for topic in data["topics"]:
        fields = dict(topic)
        fill_empty(Topic, fields.pop("slug"), fields)
    for article in data["articles"]:
        fields = dict(article)
        fill_empty(Article, fields.pop("slug"), fields)


class Migration(migrations.Migration):
    dependencies = [("kelurahan", "0006_english_content")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
