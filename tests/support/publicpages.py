"""Helpers for the public-page tests: articles, photos, activity and query counts."""

import datetime
import html
import io
import re
from urllib.parse import unquote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from PIL import Image

from kelurahan import services
from kelurahan.models import Article
from tests.support import factories

JUNE_2024 = datetime.date(2024, 6, 14)


def designate(kelurahan, since=JUNE_2024, sk_number="SK-IMI.7-UM.01.01-123"):
    return services.kelurahan_designate(kelurahan=kelurahan, since=since, sk_number=sk_number)


def png(name="foto.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def article(slug, *, published=True, topic="tppo", **fields):
    defaults = {
        "title": f"Artikel {slug}",
        "summary": f"Ringkasan {slug}",
        "body": "Paragraf pertama.\n\nParagraf kedua.",
        "topic": factories.topic(topic),
        "is_published": published,
        "published_at": timezone.now() if published else None,
    }
    return Article.objects.create(slug=slug, **{**defaults, **fields})


def text(response) -> str:
    return response.content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_activity(kelurahan, officer, n):
    """n sessions of each kind, each with a speaker, a partner, two topics and a photo."""
    for _ in range(n):
        upcoming = factories.session(kelurahan, title="Sosialisasi mendatang")
        held = factories.held_session(kelurahan, photos=[(png(), "Warga bertanya")])
        for session in (upcoming, held):
            services.session_update(
                session=session,
                by=None,
                topics=[factories.topic("tppo"), factories.topic("tppm")],
                speakers=[officer],
                partners=[factories.partner()],
            )


def get(client, path: str, **headers):
    """GET a page; the test's language stays Indonesian afterwards."""
    response = client.get(path, **headers)
    translation.activate("id")  # a request to /en/ leaves English active for reverse()
    return response


def queries_for(client, path: str, **headers) -> tuple[int, object]:
    """GET a page and count its queries."""
    with CaptureQueriesContext(connection) as queries:
        response = get(client, path, **headers)
    return len(queries), response


def stamp_from(response) -> str:
    """The time stamp a tip or question form carried (sent back with the POST)."""
    return re.search(r'name="stamp" value="([^"]+)"', text(response)).group(1)


# The share buttons of articles, FAQ entries and sessions.
WHATSAPP = re.compile(r'href="(https://wa\.me/\?text=[^"]*)"')
COPY_BOX = re.compile(r'<textarea[^>]*class="share-text"[^>]*>(.*?)</textarea>', re.S)


def shared_message(page: str) -> str:
    """The message the WhatsApp link fills in, decoded."""
    return unquote(
        html.unescape(WHATSAPP.search(page).group(1)).removeprefix("https://wa.me/?text=")
    )


def copy_box(page: str) -> str:
    return html.unescape(COPY_BOX.search(page).group(1))
