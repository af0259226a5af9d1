"""The banner's cheap check sees what ``check`` sees; ``recompute`` repairs it (issue 9, item 10).

Before: the cheap check compared only the portfolio's total inflow and outflow with the
ledger, so an inflow moved to the next day (totals unchanged, equity rolled to match) went
unnoticed; ``recompute`` re-derived flows only on days with ledger flows, so a stale inflow
on any other day was folded into equity for good, and it never created a missing
carry-forward row nor answered a snapshot dated before inception.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from equity.services.cash_flows import (
    FlowRequest,
    list_cash_flows,
    record_cash_flow,
    void_cash_flow,
)
from equity.services.checks import check_invariants, has_inconsistencies, problems_if_any
from equity.services.portfolios import NewPortfolio, create_portfolio, get_portfolio
from equity.services.recompute import recompute_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import Database
from equity.storage.models import Portfolio
from equity.storage.recompute import recompute_from
from tests.support import D, add_days, day, history_rows, new_portfolio


def sql(db: Database, statement: str, **values: object) -> None:
    """A corruption written behind the services' back."""
    with db.engine.begin() as connection:
        connection.execute(text(statement), values)


def _stored(db: Database, amount: Decimal) -> object:
    """An amount as the column holds it: integer cents on SQLite, NUMERIC on PostgreSQL."""
    return int(amount * 100) if db.is_sqlite else amount


def roll_only(db: Database, name: str) -> None:
    """Roll equity from the stored per-day flows (what the old recompute did on flowless days)."""
    with db.unit_of_work() as uow:
        portfolio = uow.session.query(Portfolio).filter(Portfolio.name == name).one()
        recompute_from(uow.session, portfolio, date(1900, 1, 1))
        uow.commit()


def figures(db: Database, name: str) -> list[tuple]:
    """(date, equity, P&L, cumulative P&L, inflow, outflow) of every day."""
    return [row[:6] for row in history_rows(db, name)]


@pytest.fixture
def fund(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "50000"), ("2025-01-03", "-20000"), ("2025-01-06", "5"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-02"), "deposit", D("100")))
    return db, name


def test_an_inflow_moved_to_the_next_day_is_seen_by_the_cheap_check(fund):
    db, name = fund
    sql(db, "UPDATE portfolio_snapshots SET equity_inflow = 0 WHERE snapshot_date = '2025-01-02'")
    sql(
        db,
        "UPDATE portfolio_snapshots SET equity_inflow = :v WHERE snapshot_date = '2025-01-03'",
        v=_stored(db, D("100")),
    )
    roll_only(db, name)  # equity follows the formula again: only the per-day flows are wrong
    full = check_invariants(db, name)
    assert [(p.day, p.check) for p in full] == [
        (day("2025-01-02"), "equity_inflow equals the live ledger"),
        (day("2025-01-03"), "equity_inflow equals the live ledger"),
    ]
    assert has_inconsistencies(db, name)
    assert problems_if_any(db, name) == full


def test_recompute_removes_a_stale_inflow_on_a_day_without_flows(fund):
    db, name = fund
    clean = figures(db, name)
    sql(
        db,
        "UPDATE portfolio_snapshots SET equity_inflow = :v WHERE snapshot_date = '2025-01-03'",
        v=_stored(db, D("7")),
    )
    roll_only(db, name)
    assert get_portfolio(db, name).equity_balance == D("1030112.00")  # the 7 folded in
    recompute_portfolio(db, name)
    assert check_invariants(db, name) == []
    assert figures(db, name) == clean
    assert get_portfolio(db, name).equity_balance == D("1030105.00")


def test_recompute_restores_a_missing_carry_forward_day(fund):
    db, name = fund
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-03"), D("-20000"), D("1234.56"))])
    record_cash_flow(db, FlowRequest(name, day("2025-01-04"), "withdrawal", D("30")))
    clean = figures(db, name)
    sql(db, "DELETE FROM portfolio_snapshots WHERE snapshot_date = '2025-01-04'")
    roll_only(db, name)
    assert [p.check for p in check_invariants(db, name)] == ["a flow's date has a snapshot"]
    assert has_inconsistencies(db, name)
    recompute_portfolio(db, name)
    assert check_invariants(db, name) == []
    assert figures(db, name) == clean
    assert history_rows(db, name)[2][6:] == (D("1234.56"), "carry_forward")  # copied again


def test_recompute_moves_inception_back_to_cover_an_earlier_day(fund):
    db, name = fund
    clean = figures(db, name)
    sql(db, "UPDATE portfolios SET inception_date = '2025-01-03'")
    assert [p.check for p in check_invariants(db, name)] == ["no snapshot before inception"]
    assert has_inconsistencies(db, name)
    recompute_portfolio(db, name)
    assert check_invariants(db, name) == []
    assert get_portfolio(db, name).inception_date == day("2025-01-02")
    assert figures(db, name) == clean


def test_a_consistent_portfolio_has_no_inconsistencies(fund):
    db, name = fund
    assert not has_inconsistencies(db, name)
    recompute_portfolio(db, name)
    assert not has_inconsistencies(db, name)


# --- property: any corruption of any class -------------------------------------------

INCEPTION = date(2025, 1, 1)


def _cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda c: Decimal(c) / 100)


def _maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


scenario = st.fixed_dictionaries(
    {
        "opening": _cents(10_000_000, 100_000_000),
        "days": st.lists(
            st.tuples(st.integers(0, 12), _cents(-100_000, 100_000)),
            min_size=1,
            max_size=6,
            unique_by=lambda item: item[0],
        ),
        # (day, kind, amount, voided)
        "flows": st.lists(
            st.tuples(
                st.integers(0, 12),
                st.sampled_from(["deposit", "withdrawal"]),
                _cents(1, 100_000),
                st.booleans(),
            ),
            max_size=4,
        ),
        "corrupt": st.fixed_dictionaries(
            {
                "inflow": _maybe(st.tuples(st.integers(0, 99), _cents(0, 50_000))),
                "outflow": _maybe(st.tuples(st.integers(0, 99), _cents(0, 50_000))),
                "drop_day": _maybe(st.integers(0, 99)),
                "reroll": st.booleans(),
                "formula": _maybe(
                    st.tuples(
                        st.integers(0, 99),
                        st.sampled_from(["cumulative_pnl", "equity_balance"]),
                        _cents(-1000, 1000).filter(bool),
                    )
                ),
                "cached": _maybe(_cents(-1000, 1000).filter(bool)),
                "late_inception": _maybe(st.integers(0, 99)),
            }
        ),
    }
)


def _build(db: Database, data: dict) -> None:
    create_portfolio(db, NewPortfolio("P", data["opening"], INCEPTION))
    days = [SnapshotInput(INCEPTION + timedelta(days=o), pnl) for o, pnl in data["days"]]
    upsert_snapshots(db, "P", days, "import")
    for offset, kind, amount, voided in data["flows"]:
        impact = record_cash_flow(
            db, FlowRequest("P", INCEPTION + timedelta(days=offset), kind, amount)
        )
        if voided:
            void_cash_flow(db, impact.flow_id, "test")


def _dates(db: Database) -> list[str]:
    with db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT snapshot_date FROM portfolio_snapshots ORDER BY snapshot_date")
        ).scalars()
        return [str(value) for value in rows]


def _corrupt(db: Database, corrupt: dict) -> None:
    """At most one cell of each class, chosen by index among the stored days."""
    for field in ("inflow", "outflow"):
        if corrupt[field] is not None:
            dates = _dates(db)
            pick, value = corrupt[field]
            sql(
                db,
                f"UPDATE portfolio_snapshots SET equity_{field} = :v WHERE snapshot_date = :d",
                v=_stored(db, value),
                d=dates[pick % len(dates)],
            )
    if corrupt["drop_day"] is not None:
        dates = _dates(db)
        pick = dates[corrupt["drop_day"] % len(dates)]
        sql(db, "DELETE FROM portfolio_snapshots WHERE snapshot_date = :d", d=pick)
    if corrupt["reroll"]:
        roll_only(db, "P")
    if corrupt["formula"] is not None and _dates(db):
        dates = _dates(db)
        pick, field, delta = corrupt["formula"]
        sql(
            db,
            f"UPDATE portfolio_snapshots SET {field} = {field} + :v WHERE snapshot_date = :d",
            v=_stored(db, delta),
            d=dates[pick % len(dates)],
        )
    if corrupt["cached"] is not None:
        sql(
            db,
            "UPDATE portfolios SET equity_balance = equity_balance + :v",
            v=_stored(db, corrupt["cached"]),
        )
    if corrupt["late_inception"] is not None and _dates(db):
        dates = _dates(db)
        sql(
            db,
            "UPDATE portfolios SET inception_date = :d",
            d=dates[corrupt["late_inception"] % len(dates)],
        )


def _derived_history(db: Database) -> tuple[date, list[tuple]]:
    """Inception and history as the ledger and the stored days' P&L define them.

    An independent roll: every stored day keeps its P&L, every live flow's date without a
    snapshot becomes a zero-P&L day, flows are the ledger's sums, equity is rolled from the
    opening equity; inception is the earliest of it and every day.
    """
    portfolio = get_portfolio(db, "P")
    pnl = {row[0]: row[2] for row in history_rows(db, "P")}
    inflow: dict[date, Decimal] = {}
    outflow: dict[date, Decimal] = {}
    for flow in list_cash_flows(db, "P"):
        if flow.voided:
            continue
        target = inflow if flow.kind == "deposit" else outflow
        target[flow.flow_date] = target.get(flow.flow_date, Decimal(0)) + flow.amount
    days = sorted(set(pnl) | set(inflow) | set(outflow))
    equity, cumulative, rows = portfolio.opening_equity, Decimal(0), []
    for d in days:
        p, i, o = pnl.get(d, Decimal(0)), inflow.get(d, Decimal(0)), outflow.get(d, Decimal(0))
        cumulative += p
        equity += p + i - o
        rows.append((d, equity, p, cumulative, i, o))
    return min([portfolio.inception_date, *days]), rows


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=scenario)
def test_cheap_check_agrees_with_check_and_recompute_repairs_every_class(db, data):
    sql(db, "DELETE FROM portfolios")  # hypothesis reuses the fixture: start each case empty
    _build(db, data)
    _corrupt(db, data["corrupt"])

    full = check_invariants(db, "P")
    assert has_inconsistencies(db, "P") == bool(full)
    assert problems_if_any(db, "P") == full

    inception, expected = _derived_history(db)
    recompute_portfolio(db, "P")
    assert check_invariants(db, "P") == []
    assert not has_inconsistencies(db, "P")
    assert get_portfolio(db, "P").inception_date == inception
    assert figures(db, "P") == expected
    assert get_portfolio(db, "P").equity_balance == (
        expected[-1][1] if expected else data["opening"]
    )
