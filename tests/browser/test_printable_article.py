"""The printable version of every starter article fits on one A4 sheet.

Chromium prints /edukasi/<slug>/cetak/ as the browser's Print command would, with the page
size from the print stylesheet (A4); pypdfium2 counts the pages. Both languages.
"""

import pypdfium2 as pdfium
import pytest

from kelurahan.models import Article
from tests.browser.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST
A4_POINTS = (595, 842)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_starter_articles_print_on_one_a4_page(page, portal, prefix):
    slugs = list(Article.objects.published().order_by("pk").values_list("slug", flat=True))
    assert len(slugs) >= 6  # the starter articles of migration 0002
    for slug in slugs:
        path = f"{prefix}/edukasi/{slug}/cetak/"
        assert page.goto(path).status == 200
        pdf = pdfium.PdfDocument(page.pdf(prefer_css_page_size=True))
        width, height = pdf[0].get_size()
        assert (round(width), round(height)) == A4_POINTS, path
        assert len(pdf) == 1, f"{path} prints on {len(pdf)} pages"
