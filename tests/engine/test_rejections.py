"""Every rejected input names the field and value and leaves the database exactly as it was."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from equity.errors import EquityError, NotFoundError, ValidationError
from equity.services.cash_flows import FlowRequest, record_cash_flow, void_cash_flow
from equity.services.imports import import_snapshots_csv
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from tests.support import TEST_NOW, D, add_days, day, equity_by_date, full_dump, new_portfolio

#: The day after the fixtures' frozen clock: in the future however long the run takes.
TOMORROW = TEST_NOW.date() + timedelta(days=1)


@pytest.fixture
def seeded(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "50000"), ("2025-01-03", "-20000"), ("2025-01-06", "300"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-03"), "deposit", D("10000")))
    return db, name


FLOW_CASES = [
    ("zero amount", "2025-01-03", "deposit", D("0"), "amount", "greater than zero"),
    ("negative amount", "2025-01-03", "deposit", D("-5"), "amount", "negative"),
    ("three decimals", "2025-01-03", "deposit", D("1.005"), "amount", "2 decimal places"),
    ("NaN", "2025-01-03", "deposit", Decimal("NaN"), "amount", "finite"),
    ("infinity", "2025-01-03", "deposit", Decimal("Infinity"), "amount", "finite"),
    ("beyond NUMERIC(16,2)", "2025-01-03", "deposit", D("100000000000000"), "amount", "largest"),
    ("before inception", "2024-12-31", "deposit", D("1"), "date", "before the inception"),
    ("future date", TOMORROW.isoformat(), "deposit", D("1"), "date", "future"),
    ("unknown kind", "2025-01-03", "transfer", D("1"), "kind", "deposit, withdrawal"),
    ("withdrawal below zero", "2025-01-03", "withdrawal", D("2000000"), "amount", "negative on"),
    (
        "withdrawal below zero later",
        "2025-01-02",
        "withdrawal",
        D("1040000.01"),
        "amount",
        "negative on 2025-01-03",
    ),
    (
        "equity beyond NUMERIC(16,2)",
        "2025-01-02",
        "deposit",
        D("99999999999999.99"),
        "amount",
        "beyond",
    ),
]


@pytest.mark.parametrize(
    ("case", "iso", "kind", "amount", "field", "words"), FLOW_CASES, ids=[c[0] for c in FLOW_CASES]
)
def test_rejected_flow_changes_nothing(seeded, case, iso, kind, amount, field, words):
    db, name = seeded
    before = full_dump(db)
    with pytest.raises(ValidationError) as raised:
        record_cash_flow(db, FlowRequest(name, day(iso), kind, amount))
    assert raised.value.field == field
    assert words in raised.value.message
    assert full_dump(db) == before


def test_unknown_portfolio_is_named(seeded):
    db, _ = seeded
    before = full_dump(db)
    with pytest.raises(NotFoundError, match="Nobody"):
        record_cash_flow(db, FlowRequest("Nobody", day("2025-01-03"), "deposit", D("1")))
    assert full_dump(db) == before


def test_void_of_deposit_that_would_make_equity_negative_is_rejected(db):
    name = new_portfolio(db, opening="0")
    deposit = record_cash_flow(db, FlowRequest(name, day("2025-01-02"), "deposit", D("100")))
    record_cash_flow(db, FlowRequest(name, day("2025-01-03"), "withdrawal", D("60")))
    before = full_dump(db)
    with pytest.raises(ValidationError, match="negative on 2025-01-03"):
        void_cash_flow(db, deposit.flow_id, "mistake")
    assert full_dump(db) == before


def test_void_twice_and_void_without_reason_are_rejected(seeded):
    db, name = seeded
    flow = record_cash_flow(db, FlowRequest(name, day("2025-01-06"), "deposit", D("5")))
    before = full_dump(db)
    with pytest.raises(ValidationError, match="reason"):
        void_cash_flow(db, flow.flow_id, "   ")
    assert full_dump(db) == before
    void_cash_flow(db, flow.flow_id, "test")
    before = full_dump(db)
    with pytest.raises(ValidationError, match="already voided"):
        void_cash_flow(db, flow.flow_id, "again")
    assert full_dump(db) == before


def test_pnl_that_makes_equity_negative_is_a_fact_and_accepted(db):
    name = new_portfolio(db, opening="1000")
    add_days(db, name, ("2025-01-02", "-1500"))
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-03"), D("0"))])
    assert equity_by_date(db, name)["2025-01-03"] == D("-500.00")


SNAPSHOT_CSV_CASES = [
    ("bad date", b"snapshot_date,daily_pnl\n2025-02-30,5\n", "row 2, snapshot_date"),
    ("text for number", b"snapshot_date,daily_pnl\n2025-01-07,abc\n", "row 2, daily_pnl"),
    ("duplicate dates", b"snapshot_date,daily_pnl\n2025-01-07,1\n2025-01-07,2\n", "appears twice"),
    ("missing column", b"snapshot_date\n2025-01-07\n", "missing column"),
    ("extra column", b"snapshot_date,daily_pnl,colour\n2025-01-07,1,red\n", "unknown column"),
    ("empty file", b"", "empty"),
    ("before inception", b"snapshot_date,daily_pnl\n2024-06-01,1\n", "before the inception"),
    ("not UTF-8", b"snapshot_date,daily_pnl\n2025-01-07,\xff\n", "not UTF-8"),
]


@pytest.mark.parametrize(
    ("case", "data", "words"), SNAPSHOT_CSV_CASES, ids=[c[0] for c in SNAPSHOT_CSV_CASES]
)
def test_rejected_snapshot_import_changes_nothing(seeded, case, data, words):
    db, name = seeded
    before = full_dump(db)
    with pytest.raises(ValidationError) as raised:
        import_snapshots_csv(db, name, data)
    assert words in str(raised.value)
    assert full_dump(db) == before


def test_good_rows_are_not_kept_when_a_later_row_is_bad(seeded):
    db, name = seeded
    before = full_dump(db)
    data = b"snapshot_date,daily_pnl\n2025-01-07,1\n2025-01-08,2\n2025-01-09,1.001\n"
    with pytest.raises(ValidationError, match="row 4, daily_pnl"):
        import_snapshots_csv(db, name, data)
    assert full_dump(db) == before


def test_duplicate_portfolio_name_and_bad_opening_are_rejected(seeded):
    db, name = seeded
    before = full_dump(db)
    for request in (
        NewPortfolio(name, D("1"), day("2025-01-01")),
        NewPortfolio("Fresh", D("-1"), day("2025-01-01")),
        NewPortfolio("Fresh", D("1"), day("2025-01-01"), currency="XXX"),
        NewPortfolio("  ", D("1"), day("2025-01-01")),
    ):
        with pytest.raises(EquityError):
            create_portfolio(db, request)
    assert full_dump(db) == before
