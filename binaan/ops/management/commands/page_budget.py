"""manage.py page_budget: what a first visit to public and officer pages downloads, against the
budget."""

import argparse
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from binaan.ops.pageweight import PageWeight, measure
from kelurahan.models import Article, FaqEntry, Kelurahan, KelurahanOfficer, OutreachSession

MAX_TOTAL = 50 * 1024
MAX_CSS = 15 * 1024
HEADER = (
    "| Page | Path | HTML raw | HTML | CSS | JS | Images, icons | Fonts | Total | "
    "Blocking JS | Within budget |"
)
NOTES = """
Budget for a first visit, compressed: at most {total:g} KB in total (HTML, CSS, JavaScript,
icons, images that are not lazy-loaded, fonts) and at most {css:g} KB of CSS; no render-blocking
JavaScript (a `<script src>` in `<head>` without `defer`, `async` or `type="module"`); no web
fonts. Session photos and portraits below the fold use `loading="lazy"` and are not counted.

How it is measured: each page is requested through Django with the current database (the demo
data of `make setup demo`), in Indonesian, as a first-time visitor without cookies; the officer
dashboard as the demo's first kelurahan officer just after logging in (a session cookie, nothing
in the browser's cache). The HTML is
parsed for what a browser downloads before the page is complete: stylesheets, scripts, icons,
images without `loading="lazy"`, and `@import`, `@font-face` and other `url()` files of the
stylesheets. Static files are read through Django's staticfiles finders. Every size is gzip
level 6, as a web server would send it; WhiteNoise serves pre-compressed static files (gzip
level 9 and Brotli) that are the same size or smaller. Sizes are in KB of 1,024 bytes.
"""


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def pages() -> list[tuple[str, str]]:
    """The six pages of the issue, picked from the current database."""
    place = Kelurahan.objects.filter(slug="kebon-kosong").first() or (
        Kelurahan.objects.binaan().order_by("name").first()
    )
    sessions = (
        OutreachSession.objects.published()
        .annotate(photo_count=Count("photos"))
        .order_by("-photo_count", "-starts_at", "pk")
    )
    session = sessions.filter(status=OutreachSession.Status.HELD).first() or sessions.first()
    article = Article.objects.published().order_by("-published_at", "pk").first()
    answer = FaqEntry.objects.published().order_by("-published_at", "pk").first()
    missing = [what for what, found in (("kelurahan", place), ("session", session)) if not found]
    missing += ["article"] if not article else []
    if missing:
        raise CommandError(
            f"Nothing to measure for: {', '.join(missing)}. Run manage.py seed_demo first."
        )
    kecamatan = place.kecamatan
    regions = {"provinsi": kecamatan.kota.provinsi.slug, "kota": kecamatan.kota.slug}
    return [
        ("Home", reverse("public:home")),
        ("Directory", reverse("public:directory")),
        ("Province", reverse("public:provinsi", kwargs={"provinsi": regions["provinsi"]})),
        ("City", reverse("public:kota", kwargs=regions)),
        ("Kecamatan", reverse("public:kecamatan", kwargs={**regions, "kecamatan": kecamatan.slug})),
        (f"Kelurahan {place.name}", place.get_absolute_url()),
        ("Session", session.get_absolute_url()),
        ("Article", article.get_absolute_url()),
        ("Tip form", reverse("public:tip")),
        ("Question form", reverse("public:question_ask")),
        ("Questions and answers", reverse("public:faq")),
        *([("Answer", answer.get_absolute_url())] if answer else []),
        ("Passport service", reverse("public:passport_days")),
    ]


def officer_pages() -> list[tuple[str, str, object]]:
    """The officer login page, and the dashboard as the first officer (logged in)."""
    officer = (
        KelurahanOfficer.objects.filter(user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if officer is None:
        raise CommandError(
            "Nothing to measure for: kelurahan officer. Run manage.py seed_demo first."
        )
    return [
        ("Officer login", reverse("officer:login"), None),
        ("Officer dashboard", reverse("officer:dashboard"), officer.user),
    ]


def _client(host: str, user=None) -> Client:
    """A new client per page: a first visit, without cookies unless it logs in."""
    client = Client(HTTP_HOST=host)
    if user is not None:
        client.force_login(user)
    return client


def table(weights: list[PageWeight], max_total: int, max_css: int) -> str:
    rows = [HEADER, "|" + "---|" * HEADER.count(" | ") + "---|"]
    for w in weights:
        problems = w.problems(max_total, max_css)
        verdict = "yes" if not problems else "NO: " + ", ".join(problems)
        sizes = [w.html_raw, w.html, w.css, w.js, w.images, w.fonts, w.total]
        cells = [w.name, f"`{w.path}`", *map(_kb, sizes), str(w.blocking_scripts), verdict]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


class Command(BaseCommand):
    help = "Measure what a first visit to public and officer pages downloads, against the budget."

    def add_arguments(self, parser):
        parser.add_argument("--write", metavar="PATH", help="Also write the table as Markdown.")
        parser.add_argument("--check", action="store_true", help="Fail when over budget.")
        parser.add_argument("--max-total", type=int, default=MAX_TOTAL, help=argparse.SUPPRESS)
        parser.add_argument("--max-css", type=int, default=MAX_CSS, help=argparse.SUPPRESS)

    def handle(self, *args, write=None, check=False, max_total=MAX_TOTAL, max_css=MAX_CSS, **_):
        hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and h[0] != "."]
        host, secure = (hosts or ["localhost"])[0], getattr(settings, "SECURE_SSL_REDIRECT", False)
        with translation.override(settings.LANGUAGE_CODE):
            measured = [(*page, None) for page in pages()] + officer_pages()
            try:
                weights = [
                    measure(_client(host, user), name, path, secure=secure)
                    for name, path, user in measured
                ]
            except LookupError as error:
                raise CommandError(f"Could not measure: {error}") from error
        result = table(weights, max_total, max_css)
        self.stdout.write(result)
        if write:
            self._write(Path(write), result, max_total, max_css)
        over = [w.name for w in weights if w.problems(max_total, max_css)]
        if over:
            message = f"Over budget: {', '.join(over)}."
            if check:
                raise CommandError(message)
            self.stderr.write(message)
        else:
            self.stdout.write(f"All {len(weights)} pages are within budget.")

    def _write(self, path: Path, result: str, max_total: int, max_css: int) -> None:
        shown = f"python manage.py page_budget --write {path}"
        text = (
            f"# Page weights\n\nMeasured on {timezone.localdate():%Y-%m-%d} with "
            f"`{shown}` (written by that command; CI runs it with `--check`).\n\n"
            f"{result}\n{NOTES.format(total=max_total / 1024, css=max_css / 1024)}"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}")
