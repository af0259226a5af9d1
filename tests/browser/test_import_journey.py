"""Issue 13 in Chromium: a bank's file that needs its columns matched, from upload to equity.

The user uploads a file headed ``Day,Profit,NAV``: the page asks which column holds the
date and the P&L (NAV it recognises), lists every problem of the file in one table before
any Import button, then imports the corrected file and says the new equity. The Data page
is photographed with the mapping step and the errors table, wide and at 390x844.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures say why: skipped locally, a failure under CI=true
    expect = None

from equity.reads.history import equity_history
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.storage.database import open_database
from tests.browser.conftest import open_page, wait_for_app

pytestmark = pytest.mark.browser

OSPREY = "Osprey Onboarding"
DATA = "/data?portfolio=Osprey%20Onboarding"
#: Two typos: a letter O in an amount, and a 32nd of January.
WITH_TYPOS = (
    "Day,Profit,NAV\n"
    "2025-01-02,1500.00,1001500.00\n"
    "2025-01-03,-250.5O,1001249.50\n"
    "2025-01-32,10.00,1001259.50\n"
)
CORRECTED = "Day,Profit,NAV\n2025-01-02,1500.00,1001500.00\n2025-01-03,-250.50,1001249.50\n"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def osprey(database_url: str) -> str:
    """An empty portfolio of this journey's own in the shared demo database."""
    db = open_database(database_url)
    create_portfolio(db, NewPortfolio(OSPREY, Decimal("1000000"), date(2025, 1, 2)))
    db.dispose()
    return database_url


def upload_and_map(page, tmp_path: Path, content: str, name: str = "bank-export.csv") -> None:
    """Upload ``content`` (in place of any file already there), then match Day and Profit in
    the mapping step (NAV is filled in)."""
    csv_file = tmp_path / name
    csv_file.write_text(content)
    uploader = page.locator(".st-key-snapshots_upload")
    chips = uploader.get_by_test_id("stFileChip")
    if chips.count():  # the file of the last try goes first, as a person removes it
        chips.get_by_role("button").click()
        wait_for_app(page)
        expect(chips).to_have_count(0)
    uploader.locator("input[type=file]").set_input_files(str(csv_file))
    wait_for_app(page)
    digest = hashlib.sha256(content.encode()).hexdigest()[:16]
    for field, column in (("snapshot_date", "Day"), ("daily_pnl", "Profit")):
        choose(page, page.locator(f".st-key-snapshots_upload_map_{digest}_{field}"), column)
    nav = page.locator(f".st-key-snapshots_upload_map_{digest}_total_value")
    expect(nav.get_by_role("combobox")).to_have_value("NAV")


def choose(page, selectbox, column: str) -> None:
    """Pick ``column`` in a selectbox: type it into the box's search, then take its option.

    A rerun that lands while the list is open can close it; the choice is then made again.
    """
    box = selectbox.get_by_role("combobox")
    for _attempt in range(3):
        box.click()
        box.fill(column)
        option = page.get_by_role("option", name=column, exact=True)
        try:
            option.click(timeout=5_000)
        except Exception:  # the list closed under the click: open it again
            continue
        wait_for_app(page)
        if box.input_value() == column:
            return
    expect(box).to_have_value(column)


def photograph_whole(page, photo: Path) -> None:
    """The whole page (Streamlit scrolls inside its main section: the window is stretched)."""
    window = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stAppViewContainer]')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": window["width"], "height": max(window["height"], height)})
    wait_for_app(page)
    page.screenshot(path=photo)
    page.set_viewport_size(window)
    assert photo.stat().st_size > 10_000


def show_the_errors(page, tmp_path: Path) -> None:
    open_page(page, DATA)
    upload_and_map(page, tmp_path, WITH_TYPOS)
    problems = page.locator(".st-key-snapshots_problems")
    expect(problems).to_contain_text("Nothing can be imported yet: the file has 2 problems.")
    expect(problems.get_by_test_id("stDataFrame")).to_be_visible()
    expect(page.locator(".st-key-snapshots_import")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_file_needing_mapping_is_mapped_checked_and_imported(
    page, osprey, tmp_path, screenshots_dir
):
    show_the_errors(page, tmp_path)
    photograph_whole(page, screenshots_dir / "data_import_mapping_light.png")
    upload_and_map(page, tmp_path, CORRECTED, name="bank-export-fixed.csv")
    button = page.locator(".st-key-snapshots_import button")
    expect(button).to_have_text(f"Import 2 new and 0 replaced days into {OSPREY}")
    button.click()
    wait_for_app(page)
    done = page.get_by_test_id("stAlertContentSuccess")
    expect(done).to_contain_text("Imported 2 new and 0 replaced snapshots into Osprey Onboarding")
    expect(done).to_contain_text("Equity now $1,001,249.50.")
    expect(page.locator(".st-key-snapshots_import")).to_have_count(0)
    frame = equity_history(open_database(osprey), OSPREY).frame
    assert [str(v) for v in frame["equity_balance"]] == ["1001500.00", "1001249.50"]


def test_the_mapping_step_and_errors_table_fit_a_phone(
    browser, app_url, osprey, tmp_path, screenshots_dir
):
    context = browser.new_context(viewport=PHONE, base_url=app_url)
    context.set_default_timeout(20_000)
    try:
        phone = context.new_page()
        show_the_errors(phone, tmp_path)
        table = phone.locator(".st-key-snapshots_problems").get_by_test_id("stDataFrame")
        assert table.bounding_box()["width"] <= PHONE["width"]
        photograph_whole(phone, screenshots_dir / "data_import_mapping_phone.png")
    finally:
        context.close()
