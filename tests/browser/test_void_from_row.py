"""Voiding from the ledger row in a real browser (issue 12, item 11).

AppTest cannot click the grid (it draws on a canvas), so here a person does: a click on
the row's checkbox opens the dialog about that flow, Escape closes it for good (a filter
touched afterwards does not bring it back), and a second selection voids that very flow.
The demo's Atlas Global Macro ledger, newest first: the 2026-01-21 withdrawal of
$1,250,000.50, then the 2025-05-17 deposit of $3,500,000.00. A server of its own, so the
shared demo server's figures stay as other tests expect them.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from equity.services.cash_flows import list_cash_flows
from equity.storage.database import open_database
from tests.browser.conftest import load_demo_into, streamlit_server, tab_on, wait_for_app

ATLAS = "Atlas Global Macro"
#: The grid's header row and body rows are 35 px tall; the row checkbox sits on the left.
ROW_HEIGHT = 35
DEPOSIT = "The deposit of $3,500,000.00 on 2025-05-17"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder: Path = tmp_path_factory.mktemp("void_from_row")
    url = load_demo_into(f"sqlite:///{folder / 'demo.db'}")
    with streamlit_server(url, folder / "streamlit.log") as base_url:
        yield base_url, url


def click_row(page, position: int) -> None:
    """A click on the checkbox of the ledger row at ``position`` (0: the top row)."""
    grid = page.get_by_test_id("stDataFrame").last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + ROW_HEIGHT * (position + 1) + ROW_HEIGHT / 2)
    wait_for_app(page)


def test_a_row_opens_its_dialog_escape_closes_it_and_a_void_lands_on_that_flow(chromium, server):
    base_url, database_url = server
    with tab_on(chromium, base_url) as page:
        page.goto("/cash_flows")
        wait_for_app(page)
        click_row(page, 1)
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_text(DEPOSIT)).to_be_visible()

        page.keyboard.press("Escape")
        wait_for_app(page)
        expect(dialog).to_have_count(0)
        page.get_by_test_id("stButtonGroup").get_by_text("Live", exact=True).click()
        wait_for_app(page)
        expect(dialog).to_have_count(0)  # closed for good: a rerun does not reopen it
        page.get_by_test_id("stButtonGroup").get_by_text("All", exact=True).click()
        wait_for_app(page)

        click_row(page, 1)
        expect(dialog.get_by_text(DEPOSIT)).to_be_visible()
        dialog.get_by_label("Reason").fill("Wire returned by the bank")
        dialog.get_by_role("button", name="Preview void").click()
        wait_for_app(page)
        dialog.get_by_role("button", name="Confirm void").click()
        wait_for_app(page)
        expect(dialog).to_have_count(0)
        expect(page.get_by_test_id("stAlert").get_by_text("Voided the deposit")).to_be_visible()

    db = open_database(database_url)
    try:
        voided = [(f.amount, f.void_reason) for f in list_cash_flows(db, ATLAS) if f.voided]
    finally:
        db.dispose()
    assert voided == [(Decimal("3500000.00"), "Wire returned by the bank")]
