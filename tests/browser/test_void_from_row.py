"""Voiding from the ledger row in a real browser (issue 12, item 11).

AppTest cannot click the grid (it draws on a canvas), so here a person does: a click on
the row's checkbox opens the dialog about that flow, Escape closes it for good (a filter
touched afterwards does not bring it back), and a second selection voids that very flow.
The demo's Atlas Global Macro ledger, newest first: the 2026-01-21 withdrawal of
$1,250,000.50, then the 2025-05-17 deposit of $3,500,000.00. A server of its own on each
backend, so the shared demo server's figures stay as other tests expect them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from equity.services.audit import audit_trail
from equity.services.cash_flows import list_cash_flows
from equity.storage.database import open_database
from tests.browser.conftest import demo_database_on, streamlit_server, tab_on, wait_for_app
from tests.browser.test_confirm_in_flight import portfolio_locked

pytestmark = pytest.mark.browser

ATLAS = "Atlas Global Macro"
#: The grid's header row and body rows are 35 px tall; the row checkbox sits on the left.
ROW_HEIGHT = 35
DEPOSIT = "The deposit of $3,500,000.00 on 2025-05-17"
WITHDRAWAL = "The withdrawal of $1,250,000.50 on 2026-01-21"
HELD_SECONDS = 3


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def server(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A server on a demo database of its own, per backend: (its URL, the database's URL)."""
    folder: Path = tmp_path_factory.mktemp("void_from_row")
    with (
        demo_database_on(request.param, folder) as url,
        streamlit_server(url, folder / "streamlit.log") as base_url,
    ):
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


def test_a_void_held_up_by_another_writer_is_written_once_and_said(chromium, server):
    """Confirm void while another writer holds the portfolio; a second click, then Escape.

    The button is drawn disabled ("Voiding…") before the write starts; the withdrawal on
    the top row is voided once, and the page says so when the lock is released.
    """
    base_url, database_url = server
    with tab_on(chromium, base_url) as page:
        page.goto("/cash_flows")
        wait_for_app(page)
        click_row(page, 0)
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_text(WITHDRAWAL)).to_be_visible()
        dialog.get_by_label("Reason").fill("Booked in the wrong fund")
        dialog.get_by_role("button", name="Preview void").click()
        wait_for_app(page)
        confirm = page.locator(".st-key-void_confirm button")
        # The preview is drawn before the lock is taken: it reads in a transaction too, and a
        # click whose run had not yet started would otherwise wait behind the lock.
        expect(confirm).to_be_enabled(timeout=30_000)
        with portfolio_locked(database_url):
            confirm.click()
            expect(confirm).to_be_disabled()
            expect(confirm).to_have_text("Voiding…")
            confirm.click(force=True, timeout=2_000)  # a second click lands on a disabled button
            page.keyboard.press("Escape")  # and the person tries to close the dialog
            time.sleep(HELD_SECONDS)
        wait_for_app(page)
        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
            "Voided the withdrawal of $1,250,000.50 on 2026-01-21 (Quarterly distribution), "
            "because: Booked in the wrong fund."
        )

    db = open_database(database_url)
    try:
        [withdrawal] = [f for f in list_cash_flows(db, ATLAS) if f.amount == Decimal("1250000.50")]
        trail = audit_trail(db, ATLAS)
        voids = [e for e in trail if (e.action, e.flow_id) == ("flow.void", withdrawal.id)]
    finally:
        db.dispose()
    assert withdrawal.void_reason == "Booked in the wrong fund"
    assert len(voids) == 1  # voided once, whatever the clicks


def test_at_phone_width_confirm_comes_into_view_after_record(chromium, server):
    """Issue 12, item 12: the confirmation stacks under the form at 390 px; Record scrolls
    it into view rather than leaving Confirm below the fold."""
    base_url, _ = server
    context = chromium.new_context(viewport={"width": 390, "height": 844}, base_url=base_url)
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        page.goto("/cash_flows")
        wait_for_app(page)
        page.locator(".st-key-flow_amount input").fill("1000.00")
        page.get_by_test_id("stFormSubmitButton").get_by_role("button", name="Record").click()
        wait_for_app(page)
        expect(page.locator(".st-key-flow_confirm button")).to_be_in_viewport()
    finally:
        context.close()
