"""Approve while another writer holds the portfolio: the buttons lock, the flow is applied once.

A manager's deposit waits for approval on four-eyes Atlas; the app runs in local mode, so
the operator (who did not propose it) is the second person. Approve is clicked while
another session holds the portfolio (SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``SELECT … FOR
UPDATE``), clicked again, and another widget moves; once the lock goes, the deposit is in
the ledger exactly once and the page says so.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, update

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures say why: skipped locally, a failure under CI=true
    expect = None

from equity.services.approvals import propose_cash_flow
from equity.services.cash_flows import FlowRequest, list_cash_flows
from equity.storage.database import open_database
from equity.storage.models import PendingFlow, Portfolio
from tests.app.signed_in import grant
from tests.browser.conftest import (
    _require_chromium,
    demo_database_on,
    streamlit_server,
    tab_on,
    wait_for_app,
)
from tests.browser.test_confirm_in_flight import ATLAS, HELD_SECONDS, portfolio_locked

pytestmark = pytest.mark.browser

MAKER = "maker@firm.example"
NOTES = "Approved while locked"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_database(request, tmp_path) -> Iterator[str]:
    """The demo portfolios in a database of this test's own (a lock here blocks nobody else)."""
    _require_chromium()
    with demo_database_on(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def proposal(demo_database: str) -> str:
    """Atlas under four-eyes with the maker's deposit of 4,321.00 waiting; its id."""
    db = open_database(demo_database)
    with db.unit_of_work() as uow:
        uow.session.execute(update(Portfolio).where(Portfolio.name == ATLAS).values(four_eyes=True))
        uow.commit()
    grant(db, MAKER, "manager")
    request = FlowRequest(ATLAS, date(2026, 1, 5), "deposit", Decimal("4321.00"), NOTES)
    item = propose_cash_flow(db.as_signed_in(MAKER), request)
    db.dispose()
    return item.id.hex


@pytest.fixture
def cash_flows_page(chromium, demo_database, proposal, tmp_path):
    """Its own server (the lock would block a shared one), one browser session on Cash flows."""
    with (
        streamlit_server(demo_database, tmp_path / "streamlit.log") as base_url,
        tab_on(chromium, base_url) as page,
    ):
        page.goto("/cash_flows")
        wait_for_app(page)
        yield page


def test_an_approval_held_up_by_another_writer_applies_once(
    cash_flows_page, demo_database, proposal
):
    page = cash_flows_page
    approve = page.locator(f".st-key-approve_{proposal} button")
    reject = page.locator(f".st-key-reject_{proposal} button")
    search = page.locator(".st-key-ledger_search input")
    # The first run must have drawn the whole page: a click during it starts a run that
    # stops at the held write, before the ledger, and the search field never appears.
    expect(search).to_be_visible()
    with portfolio_locked(demo_database):
        approve.click()
        expect(approve).to_be_disabled()  # drawn disabled before the write starts
        expect(reject).to_be_disabled()
        approve.click(force=True, timeout=2_000)  # a second click lands on a disabled button
        search.fill("zzz")  # and another widget moves
        search.press("Enter")
        time.sleep(HELD_SECONDS)
    wait_for_app(page)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        f"Approved the deposit of $4,321.00 on 2026-01-05 proposed by {MAKER}."
    )
    expect(approve).to_have_count(0)  # decided: gone from the list
    db = open_database(demo_database)
    notes = [f.notes for f in list_cash_flows(db, ATLAS) if not f.voided]
    assert notes.count(NOTES) == 1
    with db.read() as session:
        status = session.execute(select(PendingFlow.status)).scalars().all()
    assert status == ["approved"]
    db.dispose()
