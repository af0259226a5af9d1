"""One set of days gives one history, whichever path records it (issue 9, item 11).

An omitted total value means "unchanged": the market value of the nearest earlier day
whose total was given (an anchor). A carry-forward row (a weekend flow's day) and a day
whose total was omitted hold a copy of it, refreshed whenever an earlier anchor is added,
replaced or removed, so the days may be recorded in any order.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.checks import check_invariants
from equity.services.imports import import_snapshots_csv
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, delete_snapshot, upsert_snapshots
from equity.storage.database import Database
from tests.support import D, day, history_rows, new_portfolio

TOTAL_VALUE = 6  # position of total_value in a history row (HISTORY_COLUMNS)


def total_values(db: Database, name: str) -> dict[str, Decimal]:
    return {row[0].isoformat(): row[TOTAL_VALUE] for row in history_rows(db, name)}


def weekend_fund(db: Database, name: str) -> str:
    """A real day worth 1,000, then a Saturday deposit: its carry-forward row copies 1,000."""
    new_portfolio(db, name)
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-02"), D("0"), D("1000"))], "batch")
    record_cash_flow(db, FlowRequest(name, day("2025-01-04"), "deposit", D("100")))
    return name


def test_an_import_carries_the_total_value_it_brings_itself_over_a_weekend(db):
    name = weekend_fund(db, "Alpha")
    import_snapshots_csv(
        db, name, "snapshot_date,daily_pnl,total_value\n2025-01-03,10,5000\n2025-01-06,20,\n"
    )
    assert total_values(db, name) == {
        "2025-01-02": D("1000.00"),
        "2025-01-03": D("5000.00"),
        "2025-01-04": D("5000.00"),
        "2025-01-06": D("5000.00"),
    }
    assert check_invariants(db, name) == []


def test_single_adds_and_one_import_agree_over_a_weekend(db):
    by_import = weekend_fund(db, "Imported")
    import_snapshots_csv(
        db, by_import, "snapshot_date,daily_pnl,total_value\n2025-01-03,10,5000\n2025-01-06,20,\n"
    )
    one_by_one = weekend_fund(db, "OneByOne")
    upsert_snapshots(db, one_by_one, [SnapshotInput(day("2025-01-03"), D("10"), D("5000"))])
    upsert_snapshots(db, one_by_one, [SnapshotInput(day("2025-01-06"), D("20"))])
    assert _figures(db, by_import) == _figures(db, one_by_one)
    assert total_values(db, one_by_one)["2025-01-06"] == D("5000.00")


def test_a_monday_with_no_total_added_before_the_friday_that_sets_it_gets_fridays_value(db):
    name = weekend_fund(db, "Backfilled")
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-06"), D("20"))])
    assert total_values(db, name)["2025-01-06"] == D("1000.00")
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-03"), D("10"), D("5000"))])
    assert total_values(db, name) == {
        "2025-01-02": D("1000.00"),
        "2025-01-03": D("5000.00"),
        "2025-01-04": D("5000.00"),
        "2025-01-06": D("5000.00"),
    }
    in_date_order = weekend_fund(db, "InDateOrder")
    upsert_snapshots(db, in_date_order, [SnapshotInput(day("2025-01-03"), D("10"), D("5000"))])
    upsert_snapshots(db, in_date_order, [SnapshotInput(day("2025-01-06"), D("20"))])
    assert _figures(db, name) == _figures(db, in_date_order)
    assert check_invariants(db) == []


def test_removing_the_friday_gives_the_monday_the_value_before_it_again(db):
    name = weekend_fund(db, "Removed")
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-03"), D("10"), D("5000"))])
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-06"), D("20"))])
    delete_snapshot(db, name, day("2025-01-03"))
    assert total_values(db, name) == {
        "2025-01-02": D("1000.00"),
        "2025-01-04": D("1000.00"),
        "2025-01-06": D("1000.00"),
    }
    assert check_invariants(db) == []


def test_an_omitted_total_never_anchors_a_later_one(db):
    """A day with no total given copies the anchor before it; it is not an anchor itself."""
    name = weekend_fund(db, "Chain")
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-07"), D("1"))])
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-06"), D("2"))])
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-03"), D("3"), D("7000.10"))])
    assert total_values(db, name) == {
        "2025-01-02": D("1000.00"),
        "2025-01-03": D("7000.10"),
        "2025-01-04": D("7000.10"),
        "2025-01-06": D("7000.10"),
        "2025-01-07": D("7000.10"),
    }
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-06"), D("2"), D("10"))])
    assert total_values(db, name)["2025-01-07"] == D("10.00")
    assert check_invariants(db) == []


def test_a_large_import_without_totals_follows_every_earlier_day_added_later(db):
    """600 days with no total column (PostgreSQL's COPY path): each copies its anchor."""
    name = new_portfolio(db, "Large", inception="2024-01-01")
    first = date(2024, 1, 3)
    lines = ["snapshot_date,daily_pnl"]
    lines += [f"{first + timedelta(days=i)},{i % 7 - 3}.25" for i in range(600)]
    import_snapshots_csv(db, name, "\n".join(lines) + "\n")
    assert set(total_values(db, name).values()) == {D("0.00")}
    upsert_snapshots(db, name, [SnapshotInput(date(2024, 1, 2), D("0"), D("4321.09"))])
    middle = first + timedelta(days=300)
    upsert_snapshots(db, name, [SnapshotInput(middle, D("1.25"), D("5"))])
    totals = total_values(db, name)
    assert len(totals) == 601
    for iso, total in totals.items():
        assert total == (D("5.00") if iso >= middle.isoformat() else D("4321.09")), iso
    assert check_invariants(db) == []


# --- property: every path, every order, one history -------------------------------------

START = date(2025, 1, 1)


def _cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda c: Decimal(c) / 100)


scenario = st.fixed_dictionaries(
    {
        # (day offset, P&L, total value or None for "unchanged")
        "days": st.lists(
            st.tuples(
                st.integers(1, 20),
                _cents(-500_000, 500_000),
                st.one_of(st.none(), _cents(0, 10_000_000)),
            ),
            min_size=1,
            max_size=8,
            unique_by=lambda item: item[0],
        ),
        # deposits recorded first: their days without a snapshot become carry-forward rows
        "deposits": st.lists(st.tuples(st.integers(1, 20), _cents(1, 100_000)), max_size=4),
        "existing": st.lists(
            st.tuples(st.integers(1, 20), _cents(-500_000, 500_000), _cents(0, 10_000_000)),
            max_size=3,
            unique_by=lambda item: item[0],
        ),
        "seed": st.integers(0, 2**16),
    }
)


def _inputs(data: dict) -> list[SnapshotInput]:
    return sorted(
        (SnapshotInput(START + timedelta(days=o), pnl, total) for o, pnl, total in data["days"]),
        key=lambda item: item.snapshot_date,
    )


def _prepare(db: Database, data: dict, label: str) -> str:
    """A fresh portfolio with the scenario's earlier days and deposits already recorded."""
    name = f"{label}-{uuid.uuid4().hex[:8]}"
    create_portfolio(db, NewPortfolio(name, D("1000000"), START))
    for offset, pnl, total in data["existing"]:
        upsert_snapshots(db, name, [SnapshotInput(START + timedelta(days=offset), pnl, total)])
    for offset, amount in data["deposits"]:
        record_cash_flow(db, FlowRequest(name, START + timedelta(days=offset), "deposit", amount))
    return name


def _csv(days: list[SnapshotInput]) -> str:
    lines = ["snapshot_date,daily_pnl,total_value"]
    for item in days:
        total = "" if item.total_value is None else f"{item.total_value}"
        lines.append(f"{item.snapshot_date.isoformat()},{item.daily_pnl},{total}")
    return "\n".join(lines) + "\n"


def _figures(db: Database, name: str) -> list[tuple]:
    """Every stored figure but the source (an import says import, a single add manual)."""
    return [row[:7] for row in history_rows(db, name)]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=scenario)
def test_every_path_and_order_records_the_same_history(db, data):
    days = _inputs(data)

    one_csv = _prepare(db, data, "csv")
    import_snapshots_csv(db, one_csv, _csv(days))

    in_date_order = _prepare(db, data, "dated")
    for item in days:
        upsert_snapshots(db, in_date_order, [item])

    several_csvs = _prepare(db, data, "parts")
    cut = random.Random(data["seed"]).randint(0, len(days))
    for part in (days[:cut], days[cut:]):
        if part:
            import_snapshots_csv(db, several_csvs, _csv(part))

    shuffled = _prepare(db, data, "shuffled")
    for item in random.Random(data["seed"]).sample(days, len(days)):
        upsert_snapshots(db, shuffled, [item])

    expected = _figures(db, one_csv)
    assert _figures(db, in_date_order) == expected
    assert _figures(db, several_csvs) == expected
    assert _figures(db, shuffled) == expected
    assert check_invariants(db) == []
