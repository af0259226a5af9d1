"""Property tests over withdrawals, voids and carry-forward days, on both backends.

A month of daily P&L is stored first; then deposits, withdrawals (often larger than the
equity they would leave) and voids land on any date in any order. After every step each
stored row equals a roll-forward written here in plain Decimal arithmetic, independent of
``equity.domain``: the set of days is the P&L days plus the days with a live flow (a void
that empties a carry-forward day removes it), and a step is refused exactly when it
would leave a negative equity on its date or later, leaving every row as it was.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from equity.errors import ValidationError
from equity.services.cash_flows import FlowRequest, record_cash_flow, void_cash_flow
from equity.services.checks import check_invariants
from equity.services.portfolios import NewPortfolio, create_portfolio, get_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import Database
from equity.storage.models import PortfolioSnapshot

INCEPTION = date(2020, 1, 1)
ZERO = Decimal(0)
Row = tuple[date, Decimal, Decimal, Decimal, Decimal, Decimal, str]


@dataclass
class Flow:
    """A flow as the test recorded it; ``live`` turns False when it is voided."""

    day: date
    kind: str
    amount: Decimal
    flow_id: uuid.UUID
    live: bool = True


def cents(low: str, high: str) -> st.SearchStrategy[Decimal]:
    return st.integers(int(Decimal(low) * 100), int(Decimal(high) * 100)).map(
        lambda c: Decimal(c) / 100
    )


operation = st.one_of(
    st.tuples(st.just("deposit"), st.integers(0, 40), cents("0.01", "60000")),
    st.tuples(st.just("withdrawal"), st.integers(0, 40), cents("0.01", "90000")),
    st.tuples(st.just("void"), st.integers(0, 1000), st.just(ZERO)),
)
scenario = st.fixed_dictionaries(
    {
        "opening": cents("5000", "80000"),  # ten days of -500 P&L never go below zero
        "pnl": st.dictionaries(st.integers(0, 40), cents("-500", "500"), max_size=10),
        "operations": st.lists(operation, min_size=1, max_size=10),
    }
)


def expected_rows(opening: Decimal, pnl: dict[date, Decimal], flows: list[Flow]) -> list[Row]:
    """DESIGN.md's formulas, written out: balance = previous + pnl + in - out, per day."""
    live = [flow for flow in flows if flow.live]
    days = sorted(set(pnl) | {flow.day for flow in live})
    balance, cumulative, rows = opening, ZERO, []
    for day in days:
        inflow = sum((f.amount for f in live if f.day == day and f.kind == "deposit"), ZERO)
        outflow = sum((f.amount for f in live if f.day == day and f.kind == "withdrawal"), ZERO)
        day_pnl = pnl.get(day, ZERO)
        cumulative += day_pnl
        balance += day_pnl + inflow - outflow
        source = "batch" if day in pnl else "carry_forward"
        rows.append((day, day_pnl, inflow, outflow, cumulative, balance, source))
    return rows


def stored_rows(db: Database) -> list[Row]:
    with db.read() as session:
        snapshots = session.execute(
            select(PortfolioSnapshot).order_by(PortfolioSnapshot.snapshot_date)
        ).scalars()
        return [
            (
                s.snapshot_date,
                s.daily_pnl,
                s.equity_inflow,
                s.equity_outflow,
                s.cumulative_pnl,
                s.equity_balance,
                s.source,
            )
            for s in snapshots
        ]


def goes_negative(rows: list[Row], since: date) -> bool:
    return any(row[5] < 0 for row in rows if row[0] >= since)


def apply(db: Database, opening: Decimal, pnl: dict, flows: list[Flow], op: tuple) -> None:
    """One step on the database and on the model; a refusal must be exactly when predicted."""
    action, offset, amount = op
    if action == "void":
        candidates = [flow for flow in flows if flow.live]
        if not candidates:
            return
        victim = candidates[offset % len(candidates)]
        victim.live = False
        refused = goes_negative(expected_rows(opening, pnl, flows), victim.day)
        try:
            void_cash_flow(db, victim.flow_id, "property test")
        except ValidationError:
            assert refused, f"void of {victim} refused though equity stays >= 0"
            victim.live = True
            event("void refused")
            return
        assert not refused, f"void of {victim} accepted though equity goes negative"
        emptied = victim.day not in pnl and not any(f.live and f.day == victim.day for f in flows)
        event("void emptied a carry-forward day" if emptied else f"void of a {victim.kind}")
        return
    day = INCEPTION + timedelta(days=offset)
    candidate = Flow(day, action, amount, uuid.uuid4())
    refused = goes_negative(expected_rows(opening, pnl, [*flows, candidate]), day)
    try:
        impact = record_cash_flow(db, FlowRequest("P", day, action, amount))
    except ValidationError:
        assert refused, f"{action} of {amount} on {day} refused though equity stays >= 0"
        event(f"{action} refused")
        return
    assert not refused, f"{action} of {amount} on {day} accepted though equity goes negative"
    flows.append(Flow(day, action, amount, impact.flow_id))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=scenario)
def test_withdrawals_and_voids_match_an_independent_roll_forward(db, data):
    with db.engine.begin() as connection:  # hypothesis reuses the fixture: start each case empty
        connection.exec_driver_sql("DELETE FROM portfolios")
    opening = data["opening"]
    create_portfolio(db, NewPortfolio("P", opening, INCEPTION))
    pnl = {INCEPTION + timedelta(days=o): amount for o, amount in data["pnl"].items()}
    for day, amount in sorted(pnl.items()):
        upsert_snapshots(db, "P", [SnapshotInput(day, amount, Decimal("1.00"))], "batch")
    flows: list[Flow] = []
    for op in data["operations"]:
        apply(db, opening, pnl, flows, op)
        expected = expected_rows(opening, pnl, flows)
        assert stored_rows(db) == expected
        current = expected[-1][5] if expected else opening
        assert get_portfolio(db, "P").equity_balance == current
    assert check_invariants(db) == []


# Named scenarios for the carry-forward rule, so each case is sure to be exercised.


@pytest.fixture
def saturday_fund(db):
    create_portfolio(db, NewPortfolio("P", Decimal("1000.00"), date(2025, 1, 1)))
    for day, amount in (("2025-01-03", "10.00"), ("2025-01-06", "-4.50")):
        upsert_snapshots(
            db, "P", [SnapshotInput(date.fromisoformat(day), Decimal(amount))], "batch"
        )
    return db


def test_voiding_a_saturdays_only_deposit_removes_its_carry_forward_day(saturday_fund):
    db = saturday_fund
    flow = record_cash_flow(db, FlowRequest("P", date(2025, 1, 4), "deposit", Decimal("250.25")))
    assert [r[0] for r in stored_rows(db)] == [date(2025, 1, d) for d in (3, 4, 6)]
    assert stored_rows(db)[1] == (
        date(2025, 1, 4),
        ZERO,
        Decimal("250.25"),
        ZERO,
        Decimal("10.00"),
        Decimal("1260.25"),
        "carry_forward",
    )

    void_cash_flow(db, flow.flow_id, "wrong day")

    assert [(r[0], r[5]) for r in stored_rows(db)] == [
        (date(2025, 1, 3), Decimal("1010.00")),
        (date(2025, 1, 6), Decimal("1005.50")),
    ]
    assert get_portfolio(db, "P").equity_balance == Decimal("1005.50")


def test_voiding_one_of_two_saturday_flows_keeps_the_day_with_the_other(saturday_fund):
    db = saturday_fund
    saturday = date(2025, 1, 4)
    deposit = record_cash_flow(db, FlowRequest("P", saturday, "deposit", Decimal("300.00")))
    record_cash_flow(db, FlowRequest("P", saturday, "withdrawal", Decimal("100.10")))

    void_cash_flow(db, deposit.flow_id, "duplicate")

    assert stored_rows(db)[1] == (
        saturday,
        ZERO,
        ZERO,
        Decimal("100.10"),
        Decimal("10.00"),
        Decimal("909.90"),
        "carry_forward",
    )
    assert get_portfolio(db, "P").equity_balance == Decimal("905.40")


def test_a_void_that_would_leave_a_later_day_negative_is_refused(saturday_fund):
    """Deposit 500 on Saturday, withdraw 1,400 on Monday: voiding the deposit leaves -404.50."""
    db = saturday_fund
    deposit = record_cash_flow(db, FlowRequest("P", date(2025, 1, 4), "deposit", Decimal("500")))
    record_cash_flow(db, FlowRequest("P", date(2025, 1, 6), "withdrawal", Decimal("1400")))
    before = stored_rows(db)
    assert before[-1][5] == Decimal("105.50")

    with pytest.raises(ValidationError):
        void_cash_flow(db, deposit.flow_id, "never arrived")

    assert stored_rows(db) == before
