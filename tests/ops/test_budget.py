"""The page-weight budget: measured from the real pages, enforced by manage.py page_budget."""

import gzip
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import CommandError

from binaan.ops.pageweight import Subresources, css_references, measure
from tests.support import factories

PAGES = (
    "Home",
    "Directory",
    "Province",
    "City",
    "Kecamatan",
    "Kelurahan Kebon Kosong",
    "Session",
    "Article",
    "Tip form",
    "Question form",
    "Questions and answers",
    "Answer",  # one published answer, /tanya-jawab/<id>/
    "Passport service",
    "Officer login",
    "Officer dashboard",
)
ROW = re.compile(
    r"^\| (?P<name>[^|]+?) \| `(?P<path>[^`]+)` \| (?P<sizes>.+?) \| (?P<ok>[^|]+) \|$"
)


@pytest.fixture
def demo_pages(kebon_kosong, officer_kebon_kosong):
    """The pages exist: Kebon Kosong, a held published session, an officer for the dashboard;
    articles come with 0002."""
    factories.held_session(kebon_kosong)


def run_budget(*args) -> str:
    out = io.StringIO()
    call_command("page_budget", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def rows(output: str) -> dict[str, dict]:
    found = {}
    for line in output.splitlines():
        if match := ROW.match(line):
            cells = [cell.strip() for cell in match["sizes"].split(" | ")]
            sizes = [float(cell.removesuffix(" KB")) for cell in cells[:-1]]
            found[match["name"]] = {"sizes": sizes, "blocking": cells[-1], "ok": match["ok"]}
    return found


def test_budget_reports_public_and_officer_pages_within_budget(demo_pages):
    output = run_budget("--check")

    table = rows(output)
    assert tuple(table) == PAGES
    for row in table.values():
        html_raw, html, css, _js, images, fonts, total = row["sizes"]
        assert html_raw > html > 0 and css > 0 and images > 0
        assert fonts == 0 and 0 < total <= 50
        assert row["blocking"] == "0" and row["ok"] == "yes"


def test_budget_check_fails_when_the_budget_is_lowered(demo_pages):
    with pytest.raises(CommandError, match="Over budget"):
        run_budget("--check", "--max-total", "2000")
    with pytest.raises(CommandError, match="Over budget"):
        run_budget("--check", "--max-css", "100")


def test_budget_without_check_reports_but_does_not_fail(demo_pages):
    output = run_budget("--max-total", "2000")

    assert all(row["ok"].startswith("NO: total over") for row in rows(output).values())


def test_budget_writes_markdown_with_the_command_to_reproduce(demo_pages, tmp_path):
    target = tmp_path / "docs" / "page-weights.md"

    run_budget("--write", str(target))

    text = target.read_text()
    assert text.startswith("# Page weights")
    assert f"python manage.py page_budget --write {target}" in text
    assert tuple(rows(text)) == PAGES


def test_budget_needs_data_to_measure(db):
    with pytest.raises(CommandError, match="seed_demo"):
        run_budget()


def test_parser_counts_what_a_first_visit_downloads_and_skips_lazy_images():
    html = """<html><head>
      <link rel="stylesheet" href="/static/css/site.css">
      <link rel="icon" href="/static/img/favicon.svg">
      <link rel="apple-touch-icon" href="/static/img/apple-touch-icon.png">
      <link rel="alternate" href="/feed/">
      <script src="/static/a.js"></script>
      <script src="/static/b.js" defer></script>
      <script src="/static/c.js" async></script>
      <script src="/static/d.js" type="module"></script>
    </head><body>
      <img src="/media/hero.jpg" alt="">
      <img src="/media/below.jpg" loading="lazy" alt="">
      <script src="/static/e.js"></script>
    </body></html>"""

    parser = Subresources()
    parser.feed(html)

    assert ("image", "/media/hero.jpg") in parser.found
    assert ("image", "/media/below.jpg") not in parser.found
    assert ("css", "/static/css/site.css") in parser.found
    assert ("icon", "/static/img/favicon.svg") in parser.found
    assert not any("apple-touch-icon" in url or url == "/feed/" for _kind, url in parser.found)
    assert [url for kind, url in parser.found if kind == "js"] == [
        f"/static/{name}.js" for name in "abcde"
    ]
    assert parser.blocking_scripts == 1


def test_css_references_find_imports_fonts_and_images():
    css = """@import url("more.css");
      @font-face { font-family: X; src: url(/static/x.woff2) format("woff2"); }
      .hero { background: url('bg.png'); } .dot { background: url(data:image/png;base64,AA); }"""

    found = css_references(css)

    assert ("css", "more.css") in found
    assert ("font", "/static/x.woff2") in found
    assert ("image", "bg.png") in found
    assert ("image", "/static/x.woff2") not in found


class FakeResponse:
    status_code = 200
    charset = "utf-8"
    streaming = False

    def __init__(self, content: bytes):
        self.content = content


class FakeClient:
    """Serves one page; static files are read through the finders by the measuring code."""

    def __init__(self, html: str):
        self.html = html.encode()

    def get(self, path, **request):
        return FakeResponse(self.html)


def gz(name: str) -> int:
    return len(gzip.compress(Path(finders.find(name)).read_bytes(), compresslevel=6, mtime=0))


def test_measure_counts_eager_images_and_web_fonts_but_not_lazy_images():
    html = """<html><head><link rel="stylesheet" href="/static/css/site.css">
      <style>@font-face { font-family: F; src: url(/static/img/apple-touch-icon.png); }</style>
      </head><body><img src="/static/img/favicon.svg" alt="">
      <img src="/static/img/og-image.png" loading="lazy" alt=""></body></html>"""

    weight = measure(FakeClient(html), "Test", "/")

    assert weight.css == gz("css/site.css")
    assert weight.images == gz("img/favicon.svg")
    assert weight.fonts == gz("img/apple-touch-icon.png") and weight.font_files == 1
    assert "web fonts" in weight.problems(max_total=10**6, max_css=10**6)


def test_our_stylesheets_use_no_web_fonts():
    stylesheets = sorted(Path(settings.BASE_DIR, "static", "css").glob("*.css"))

    assert stylesheets
    for path in stylesheets:
        assert "@font-face" not in path.read_text().lower(), path.name
