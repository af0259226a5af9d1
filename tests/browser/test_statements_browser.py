"""The Statements page in Chromium: it draws, and the PDF it downloads holds the figures.

The downloaded file is read back with poppler's ``pdftotext`` and its first page
rendered with ``pdftoppm`` beside the page's photographs (light, dark, phone): with
``EQUITY_SCREENSHOTS=docs/screenshots`` these refresh the tracked pictures.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures say why: skipped locally, a failure under CI=true
    expect = None

from equity.money import format_money
from equity.reads.statement import month_period, statement_for
from equity.storage.database import open_database
from tests.browser.conftest import VIEWPORT, open_page
from tests.browser.test_journeys import _screenshot_whole

pytestmark = pytest.mark.browser

ATLAS = "Atlas Global Macro"
LOOKS = {
    "light": {"viewport": VIEWPORT, "color_scheme": "light"},
    "dark": {"viewport": VIEWPORT, "color_scheme": "dark"},
    "phone": {"viewport": {"width": 390, "height": 844}, "color_scheme": "light"},
}


def _last_month_statement(database_url: str):
    db = open_database(database_url)
    try:
        today = db.clock.today()
        period = month_period(today.year - (today.month == 1), (today.month - 2) % 12 + 1)
        return statement_for(db, ATLAS, period.start, period.end)
    finally:
        db.dispose()


def test_the_pdf_downloaded_from_the_page_holds_the_statement(page, database_url, screenshots_dir):
    statement = _last_month_statement(database_url)
    open_page(page, "/statements")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("heading", name="Statements")).to_be_visible()
    with page.expect_download() as download_info:
        page.locator(".st-key-statement_pdf button").click()
    download = download_info.value
    assert download.suggested_filename == (
        f"statement-Atlas-Global-Macro-{statement.start}-{statement.end}.pdf"
    )
    pdf = Path(download.path())
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert shutil.which("pdftotext") and shutil.which("pdftoppm"), "poppler-utils is needed"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", " ", text)
    assert ATLAS in flat
    for amount in (statement.opening_equity, statement.pnl, statement.closing_equity):
        assert format_money(amount, statement.currency) in flat
    rendered = screenshots_dir / "statement_pdf"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(rendered),
        ],
        check=True,
    )
    assert (screenshots_dir / "statement_pdf.png").stat().st_size > 10_000


@pytest.mark.parametrize("look", LOOKS)
def test_the_statements_page_is_photographed(browser, app_url, screenshots_dir, look):
    context = browser.new_context(base_url=app_url, **LOOKS[look])
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        open_page(page, "/statements")
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.locator("[data-testid='stPlotlyChart'] .main-svg").first).to_be_visible()
        photo = screenshots_dir / f"statement_page_{look}.png"
        _screenshot_whole(page, photo)
        assert photo.stat().st_size > 10_000
    finally:
        context.close()
