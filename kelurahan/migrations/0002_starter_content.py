"""Load the content that ships with the product: the office, topics, partners, articles.

Idempotent: existing rows (found by slug or name) are left as staff edited them.
"""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

STARTER = Path(__file__).resolve().parent.parent / "data" / "starter_content.json"


def load(apps, schema_editor):
    data = json.loads(STARTER.read_text(encoding="utf-8"))
    Office = apps.get_model("kelurahan", "Office")
    Topic = apps.get_model("kelurahan", "Topic")
    Partner = apps.get_model("kelurahan", "Partner")
    Article = apps.get_model("kelurahan", "Article")

    office = dict(data["office"])
    Office.objects.get_or_create(slug=office.pop("slug"), defaults=office)
    for topic in data["topics"]:
        Topic.objects.get_or_create(slug=topic["slug"], defaults=topic)
    for partner in data["partners"]:
        Partner.objects.get_or_create(name=partner["name"], defaults=partner)
    for article in data["articles"]:
        fields = dict(article)
        fields["topic"] = Topic.objects.get(slug=fields.pop("topic"))
        fields.setdefault("is_published", True)
        fields.setdefault("published_at", timezone.now())
        Article.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("kelurahan", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
