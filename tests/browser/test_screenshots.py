"""Screenshots of the three audiences' main pages, for docs/screenshots/ and the README.

They are always taken (into a temporary folder) to prove the pages render; with
UPDATE_SCREENSHOTS=1 they replace the PNGs in docs/screenshots/.
"""

import io
import os
from pathlib import Path

from django.conf import settings
from PIL import Image

from kelurahan import services
from tests.browser.conftest import BROWSER_TEST, DESKTOP, PHONE

pytestmark = BROWSER_TEST
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def folder(tmp_path) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        return DOCS
    return tmp_path


def shoot(page, path: str, target: Path, *, viewport: dict, full_page: bool) -> None:
    page.set_viewport_size(viewport)
    assert page.goto(path).status == 200
    png = page.screenshot(full_page=full_page, animations="disabled", caret="initial")
    with Image.open(io.BytesIO(png)) as image:
        assert image.width == viewport["width"]
        assert image.height >= viewport["height"]
        # 256 colours are plenty for a page and keep the repository light (about a third).
        image.convert("RGB").quantize(256, dither=Image.Dither.NONE).save(target, optimize=True)


def test_screenshots_of_the_residents_pages(page, portal, tmp_path):
    out = folder(tmp_path)
    pages = {
        "home": "/",
        "kelurahan": portal.kelurahan.get_absolute_url(),
        "tip-form": "/lapor/",
    }
    for name, path in pages.items():
        shoot(page, path, out / f"{name}.png", viewport=PHONE, full_page=True)


def test_screenshot_of_the_officer_dashboard(page, portal, log_in, tmp_path):
    log_in(page, portal.officer.user)
    target = folder(tmp_path) / "officer-dashboard.png"
    shoot(page, "/petugas/", target, viewport=PHONE, full_page=True)


def test_screenshots_of_the_staff_admin(page, portal, log_in, tmp_path):
    services.report_assign(report=portal.report, by=portal.staff, assignee=portal.staff)
    services.report_start_review(
        report=portal.report,
        by=portal.staff,
        note_for_reporter="Terima kasih. Petugas kami akan memeriksa lokasi minggu ini.",
        internal_note="Koordinasi dengan Polsek Kemayoran.",
    )
    log_in(page, portal.staff)
    out = folder(tmp_path)
    admin = f"/{settings.ADMIN_URL}"
    report = f"{admin}kelurahan/awarenessreport/{portal.report.pk}/change/"
    shoot(page, admin, out / "admin-dashboard.png", viewport=DESKTOP, full_page=True)
    shoot(page, report, out / "admin-report.png", viewport=DESKTOP, full_page=True)
