"""Property tests: the database's figures equal plain Decimal arithmetic to the cent."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from equity.domain.rollforward import DayMovement, roll_forward
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.checks import check_invariants
from equity.services.portfolios import NewPortfolio, create_portfolio, get_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import Database
from tests.support import history_rows

INCEPTION = date(2020, 1, 1)
BIG = Decimal("49999999999999.99")  # half the NUMERIC(16,2) limit: sums of two stay inside


def cents(low: Decimal, high: Decimal) -> st.SearchStrategy[Decimal]:
    return st.integers(int(low * 100), int(high * 100)).map(lambda c: Decimal(c) / 100)


scenario = st.fixed_dictionaries(
    {
        "opening": st.one_of(cents(Decimal(0), Decimal("1000000")), st.just(BIG)),
        "pnl": st.lists(
            st.tuples(st.integers(0, 60), cents(Decimal("-99999.99"), Decimal("99999.99"))),
            min_size=1,
            max_size=12,
            unique_by=lambda item: item[0],
        ),
        "deposits": st.lists(
            st.tuples(st.integers(0, 60), cents(Decimal("0.01"), Decimal("500000"))), max_size=5
        ),
        "seed": st.integers(0, 2**16),
    }
)


def _expected(opening: Decimal, pnl, deposits) -> dict[date, Decimal]:
    inflow: dict[date, Decimal] = {}
    for offset, amount in deposits:
        d = INCEPTION + timedelta(days=offset)
        inflow[d] = inflow.get(d, Decimal(0)) + amount
    pnl_by_day = {INCEPTION + timedelta(days=o): a for o, a in pnl}
    days = sorted(set(pnl_by_day) | set(inflow))
    moves = [DayMovement(d, pnl_by_day.get(d, Decimal(0)), inflow.get(d, Decimal(0))) for d in days]
    return {r.day: r.equity_balance for r in roll_forward(opening, moves)}


def _record(db: Database, name: str, data: dict, order: list[int]) -> None:
    """Snapshots and deposits interleaved in the given order, each its own transaction."""
    events = [("pnl", item) for item in data["pnl"]] + [("flow", item) for item in data["deposits"]]
    for index in order:
        kind, (offset, amount) = events[index]
        d = INCEPTION + timedelta(days=offset)
        if kind == "pnl":
            upsert_snapshots(db, name, [SnapshotInput(d, amount, Decimal("1.00"))], "batch")
        else:
            record_cash_flow(db, FlowRequest(name, d, "deposit", amount))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=scenario)
def test_equity_matches_decimal_arithmetic_in_any_order(db, data):
    with db.engine.begin() as connection:  # hypothesis reuses the fixture: start each case empty
        connection.exec_driver_sql("DELETE FROM portfolios")
    create_portfolio(db, NewPortfolio("P", data["opening"], INCEPTION))
    count = len(data["pnl"]) + len(data["deposits"])
    order = list(range(count))
    random.Random(data["seed"]).shuffle(order)
    _record(db, "P", data, order)
    expected = _expected(data["opening"], data["pnl"], data["deposits"])
    stored = {row[0]: row[1] for row in history_rows(db, "P")}
    assert stored == expected
    assert get_portfolio(db, "P").equity_balance == expected[max(expected)]
    assert check_invariants(db) == []


def test_many_cents_sum_exactly(db):
    """A thousand 0.01 and 0.10 moves, where binary floats drift, stay exact."""
    create_portfolio(db, NewPortfolio("Cents", Decimal("0.10"), INCEPTION))
    days = [
        SnapshotInput(INCEPTION + timedelta(days=i), Decimal("0.01") if i % 2 else Decimal("0.10"))
        for i in range(1000)
    ]
    upsert_snapshots(db, "Cents", days, "import")
    assert get_portfolio(db, "Cents").equity_balance == Decimal("55.10")


def test_order_of_recording_does_not_change_history(db):
    data = {
        "pnl": [
            (1, Decimal("50000")),
            (2, Decimal("-20000")),
            (5, Decimal("333.33")),
            (6, Decimal("-0.01")),
        ],
        "deposits": [(2, Decimal("100000")), (4, Decimal("0.99")), (1, Decimal("7"))],
    }
    histories = []
    for index, order in enumerate(
        ([0, 1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1, 0], [4, 0, 6, 2, 5, 1, 3])
    ):
        name = f"P{index}"
        create_portfolio(db, NewPortfolio(name, Decimal("1000000"), INCEPTION))
        _record(db, name, data, order)
        histories.append([row[:7] for row in history_rows(db, name)])
    assert histories[0] == histories[1] == histories[2]
