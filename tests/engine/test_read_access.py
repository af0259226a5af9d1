"""Reads check the grant too: history, performance, the audit trail, the ledger and checks.

The pages only offer granted portfolios, but the read services are the control: a
signed-in person asking for another portfolio's figures hears what an unknown name gets.
"""

from __future__ import annotations

import pytest

from equity.errors import AccessDeniedError
from equity.reads.history import equity_history
from equity.reads.performance import performance_report
from equity.services.audit import audit_trail
from equity.services.cash_flows import list_cash_flows
from equity.services.checks import check_invariants, problems_if_any
from equity.services.users import set_user
from tests.engine.access_support import clear_users
from tests.support import add_days, new_portfolio

MANAGER = "alpha.manager@firm.com"
READS = {
    "history": equity_history,
    "performance": performance_report,
    "audit": audit_trail,
    "ledger": list_cash_flows,
    "check": check_invariants,
    "problems": problems_if_any,
}


@pytest.fixture
def firm(db):
    clear_users(db)
    for name in ("Alpha", "Beta"):
        new_portfolio(db, name)
        add_days(db, name, ("2025-01-02", "500"), ("2025-01-03", "-200"))
    set_user(db, MANAGER, "manager", ["Alpha"])
    yield db
    clear_users(db)


@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_an_ungranted_portfolio_cannot_be_read_and_reads_like_an_unknown_one(firm, read):
    manager = firm.as_signed_in(MANAGER)
    messages = []
    for ref in ("Beta", "Gamma"):
        with pytest.raises(AccessDeniedError) as refused:
            read(manager, ref)
        messages.append(str(refused.value).replace(ref, "<name>"))
    assert messages[0] == messages[1] == "portfolio: '<name>' is not a portfolio open to you"


@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_the_granted_portfolio_reads_the_same_as_for_the_operator(firm, read):
    theirs, operators = read(firm.as_signed_in(MANAGER), "Alpha"), read(firm, "Alpha")
    if hasattr(theirs, "frame"):  # a History: its frame compares by content
        assert theirs.portfolio == operators.portfolio
        assert theirs.frame.equals(operators.frame) and len(theirs.frame) == 2
    else:
        assert theirs == operators
