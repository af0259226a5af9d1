"""Four-eyes with two people in two browsers, signed in through a real OpenID provider.

Harbor has four-eyes on; its two managers are the maker and the checker. The maker
records a flow: it waits, and equity does not move (on the page, in the database). The
maker cannot approve it; the checker, in a browser context of their own, can: equity
then moves by exactly the amount. A rejection leaves equity where it was. The figures
are read from the page and from the database through the command line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import select

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures say why: skipped locally, a failure under CI=true
    expect = None

from equity.services.cash_flows import list_cash_flows
from equity.storage.database import open_database
from equity.storage.models import PendingFlow
from tests.browser.conftest import tab_on
from tests.browser.oidc import (
    SignedInApp,
    add_user,
    demo_database,
    equity_cli,
    four_eyes_on,
    go_to,
    oidc_provider,
    open_settled,
    settle,
    sign_in,
    signed_in_server,
)
from tests.browser.test_journeys import current_equity, fill_flow, money

pytestmark = pytest.mark.browser

HARBOR = "Harbor Long/Short"
MAKER = "mia.maker@firm.example"
CHECKER = "carl.checker@firm.example"


@pytest.fixture(scope="module")
def app(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SignedInApp]:
    """The server with sign-in; Harbor under four-eyes, managed by the maker and the checker."""
    folder = tmp_path_factory.mktemp("four_eyes")
    database_url = demo_database(folder)
    add_user(database_url, MAKER, "manager", [HARBOR])
    add_user(database_url, CHECKER, "manager", [HARBOR])
    four_eyes_on(database_url, HARBOR)
    with oidc_provider() as provider, signed_in_server(database_url, provider, folder) as server:
        yield server


@pytest.fixture(scope="module")
def maker(chromium, app: SignedInApp):
    """The maker's browser: a context of its own, signed in once for the module."""
    with tab_on(chromium, app.base_url) as page:
        open_settled(page)
        sign_in(page, MAKER)
        yield page


@pytest.fixture(scope="module")
def checker(chromium, app: SignedInApp):
    """The checker's browser, separate from the maker's (its own identity cookie)."""
    with tab_on(chromium, app.base_url) as page:
        open_settled(page)
        sign_in(page, CHECKER)
        yield page


def test_a_proposal_waits_and_moves_equity_by_exactly_its_amount_once_a_second_person_approves(
    app, maker, checker, screenshots_dir
):
    before = stored_equity(app)
    assert dashboard_equity(maker) == before
    propose(maker, "7777.77", "Four-eyes deposit")
    expect(said(maker, "submitted for approval")).to_be_visible()
    item = proposal(maker, "Four-eyes deposit")
    expect(item).to_contain_text(f"Proposed by {MAKER}")
    expect(item.get_by_role("button", name="Approve")).to_be_disabled()
    expect(item.get_by_text("You proposed this")).to_be_visible()
    item.scroll_into_view_if_needed()
    maker.screenshot(path=screenshots_dir / "four_eyes_pending.png", full_page=True)
    assert [entry["proposed_by"] for entry in pending(app)] == [MAKER]
    assert flows_noted(app, "Four-eyes deposit") == []
    assert stored_equity(app) == before
    assert dashboard_equity(maker) == before
    expect(maker.get_by_text("1 flow awaits approval")).to_be_visible()

    go_to(checker, "Cash flows")
    item = proposal(checker, "Four-eyes deposit")
    expect(item).to_contain_text(f"Proposed by {MAKER}")
    approve = item.get_by_role("button", name="Approve")
    expect(approve).to_be_enabled()
    approve.click()
    settle(checker)
    expect(said(checker, "Approved the deposit")).to_be_visible()
    assert stored_equity(app) == before + Decimal("7777.77")
    assert dashboard_equity(checker) == before + Decimal("7777.77")
    assert [(flow.amount, flow.created_by) for flow in flows_noted(app, "Four-eyes deposit")] == [
        (Decimal("7777.77"), MAKER)
    ]
    assert pending(app) == []


def test_a_rejected_proposal_leaves_equity_untouched(app, maker, checker):
    before = stored_equity(app)
    propose(maker, "1000.00", "Four-eyes withdrawal", kind="Withdrawal")
    expect(said(maker, "submitted for approval")).to_be_visible()
    go_to(checker, "Cash flows")
    item = proposal(checker, "Four-eyes withdrawal")
    item.get_by_label("Reason").fill("Wrong account")
    item.get_by_role("button", name="Reject").click()
    settle(checker)
    expect(said(checker, "Rejected the withdrawal")).to_be_visible()
    assert pending(app) == []
    assert decisions(app, "Four-eyes withdrawal") == [("rejected", CHECKER, "Wrong account")]
    assert flows_noted(app, "Four-eyes withdrawal") == []
    assert stored_equity(app) == before
    assert dashboard_equity(checker) == before


def propose(page, amount: str, notes: str, kind: str = "Deposit") -> None:
    """Fill the Cash flows form, Record, then Submit for approval."""
    go_to(page, "Cash flows")
    page.locator(".st-key-flow_kind").get_by_text(kind, exact=True).click()
    fill_flow(page, amount, notes)
    page.get_by_test_id("stFormSubmitButton").get_by_role("button", name="Record").click()
    settle(page)
    submit = page.locator(".st-key-flow_confirm button")
    expect(submit).to_have_text("Submit for approval")
    submit.click()
    settle(page)


def said(page, text: str):
    """The page's success message containing ``text`` (the toast repeats it for a while)."""
    return page.get_by_test_id("stAlertContentSuccess").filter(has_text=text)


def proposal(page, notes: str):
    """The Waiting for approval entry whose notes are ``notes``."""
    entry = page.locator("[class*='st-key-pending_']").filter(has_text=notes)
    expect(entry).to_have_count(1)
    return entry


def dashboard_equity(page) -> Decimal:
    """Current equity as the dashboard shows it."""
    go_to(page, "Dashboard")
    return money(current_equity(page))


def stored_equity(app: SignedInApp) -> Decimal:
    """Harbor's equity as the database holds it (``portfolio list --json``)."""
    listed = json.loads(equity_cli(app.database_url, "portfolio", "list", "--json"))
    return next(Decimal(entry["equity_balance"]) for entry in listed if entry["name"] == HARBOR)


def pending(app: SignedInApp) -> list[dict]:
    """``flow pending HARBOR --json``: what still waits for a second person."""
    return json.loads(equity_cli(app.database_url, "flow", "pending", HARBOR, "--json"))


def decisions(app: SignedInApp, notes: str) -> list[tuple[str, str | None, str | None]]:
    """Status, decider and note of each proposal whose notes are ``notes``."""
    db = open_database(app.database_url)
    try:
        with db.read() as session:
            rows = session.scalars(select(PendingFlow).where(PendingFlow.notes == notes))
            return [(row.status, row.decided_by, row.decision_note) for row in rows]
    finally:
        db.dispose()


def flows_noted(app: SignedInApp, notes: str) -> list:
    """Harbor's live flows whose notes are ``notes``, read by the operator."""
    db = open_database(app.database_url)
    try:
        return [f for f in list_cash_flows(db, HARBOR) if f.notes == notes and not f.voided]
    finally:
        db.dispose()
