"""Rights on the ledger: who may record, void, import and read flows (four-eyes off here).

Beta: opening 1,000,000.00, one day (2 Jan 2025, P&L 0); OUTSIDER manages it, VAL views it,
MAKER manages only Alpha. Every refusal writes nothing: the whole database is compared.
"""

from __future__ import annotations

import pytest

from equity.errors import AccessDeniedError, NotFoundError
from equity.services.cash_flows import (
    FlowRequest,
    list_cash_flows,
    record_cash_flow,
    void_cash_flow,
)
from equity.services.imports import (
    import_cash_flows,
    import_snapshots_csv,
    parse_cash_flow_csv,
)
from tests.engine.four_eyes_support import (
    MAKER,
    OUTSIDER,
    balance,
    grant,
    people,  # noqa: F401 (the fixture every test here uses)
)
from tests.support import D, add_days, day, full_dump

pytestmark = pytest.mark.usefixtures("people")

VAL = "val@firm.com"
FLOWS = b"date,kind,amount,notes\n2025-01-02,deposit,100,a\n2025-01-03,withdrawal,40,b\n"
SNAPSHOTS = b"snapshot_date,daily_pnl\n2025-01-03,10\n"


@pytest.fixture
def beta(db):
    add_days(db, "Beta", ("2025-01-02", "0"))
    grant(db, VAL, "viewer", "Beta")
    return db


def deposit(amount: str = "500") -> FlowRequest:
    return FlowRequest("Beta", day("2025-01-02"), "deposit", D(amount))


def test_a_granted_manager_records_voids_and_imports(beta):
    manager = beta.as_signed_in(OUTSIDER)
    impact = record_cash_flow(manager, deposit())
    assert impact.new_equity_balance == D("1000500.00")
    void_cash_flow(manager, impact.flow_id, "typo")
    result = import_cash_flows(manager, "Beta", parse_cash_flow_csv(FLOWS))
    assert (result.recorded, result.new_equity_balance) == (2, D("1000060.00"))
    import_snapshots_csv(manager, "Beta", SNAPSHOTS)
    assert balance(beta, "Beta") == D("1000070.00")
    flows = list_cash_flows(manager, "Beta")
    assert {flow.created_by for flow in flows} == {OUTSIDER}
    assert [flow.voided_by for flow in flows if flow.voided] == [OUTSIDER]


def refusals(db, email: str) -> list:
    """Every ledger write by ``email``, each expected to be refused."""
    person = db.as_signed_in(email)
    flow = record_cash_flow(db, deposit("7"))  # the operator's, to void
    rows = parse_cash_flow_csv(FLOWS)
    return [
        lambda: record_cash_flow(person, deposit()),
        lambda: record_cash_flow(person, deposit(), preview=True),
        lambda: void_cash_flow(person, flow.flow_id, "no"),
        lambda: void_cash_flow(person, flow.flow_id, "no", preview=True),
        lambda: import_cash_flows(person, "Beta", rows),
        lambda: import_snapshots_csv(person, "Beta", SNAPSHOTS),
    ]


def test_a_viewer_cannot_record_void_or_import_and_nothing_is_written(beta):
    attempts = refusals(beta, VAL)
    before = full_dump(beta)
    for attempt in attempts:
        with pytest.raises(AccessDeniedError, match="viewers cannot change it"):
            attempt()
    assert full_dump(beta) == before
    assert len(list_cash_flows(beta.as_signed_in(VAL), "Beta")) == 1  # reading is allowed


@pytest.mark.parametrize("email", [MAKER, "nobody@firm.com"])
def test_an_ungranted_person_is_told_the_portfolio_is_not_theirs(beta, email):
    attempts = refusals(beta, email)
    before = full_dump(beta)
    for number, attempt in enumerate(attempts):
        # A flow of someone else's portfolio reads as a flow that does not exist.
        error = NotFoundError if number in (2, 3) else AccessDeniedError
        with pytest.raises(error):
            attempt()
    with pytest.raises(AccessDeniedError):
        list_cash_flows(beta.as_signed_in(email), "Beta")
    assert full_dump(beta) == before


def test_unknown_and_ungranted_portfolios_read_the_same(beta):
    maker = beta.as_signed_in(MAKER)
    with pytest.raises(AccessDeniedError) as ungranted:
        record_cash_flow(maker, deposit())
    with pytest.raises(AccessDeniedError) as unknown:
        record_cash_flow(maker, FlowRequest("Gamma", day("2025-01-02"), "deposit", D("1")))
    assert str(ungranted.value) == str(unknown.value).replace("Gamma", "Beta")


def test_a_flows_file_for_a_four_eyes_portfolio_is_refused_in_the_app_not_from_the_cli(beta):
    rows = parse_cash_flow_csv(FLOWS)
    before = full_dump(beta)
    with pytest.raises(AccessDeniedError, match="record them one by one for approval"):
        import_cash_flows(beta.as_signed_in(MAKER), "Alpha", rows)
    assert full_dump(beta) == before
    assert import_cash_flows(beta, "Alpha", rows).recorded == 2
