"""A statement's figures equal ``history`` and ``performance`` to the cent and the ratio.

Each period is checked against the command line's own documents, so the statement can
never drift from what the History and Performance pages show: since inception, calendar
periods that ``performance --period`` also reports, a month whose flows fall on its first
and last day, one that starts before inception, and one with no snapshot at its ends.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from equity.errors import AccessDeniedError, ValidationError
from equity.reads.statement import (
    StatementPeriod,
    UnbalancedStatement,
    month_period,
    quarter_period,
    statement_for,
    year_period,
)
from equity.services.users import set_user
from tests.engine.access_support import clear_users
from tests.engine.statement_support import FLOWS, INCEPTION, LAST_DAY, NAME, seed_statement_fund


@pytest.fixture
def fund(db):
    seed_statement_fund(db)
    return db


def _history(cli, db) -> list[dict]:
    return json.loads(cli(db, "history", NAME, "--json").stdout)["history"]


def _statement(cli, db, start: str, end: str) -> dict:
    return json.loads(cli(db, "statement", NAME, "--from", start, "--to", end, "--json").stdout)


def _expected_from_history(rows: list[dict], start: str, end: str) -> dict[str, str]:
    """The money figures as a reader of ``history --json`` would add them up."""
    before = [r for r in rows if r["date"] < start]
    inside = [r for r in rows if start <= r["date"] <= end]
    opening = Decimal(before[-1]["equity_balance"]) if before else Decimal("1000000.00")
    closing = Decimal(inside[-1]["equity_balance"]) if inside else opening

    def total(key: str) -> str:
        return f"{sum((Decimal(r[key]) for r in inside), Decimal(0)):.2f}"

    return {
        "opening_equity": f"{opening:.2f}",
        "deposits": total("equity_inflow"),
        "withdrawals": total("equity_outflow"),
        "pnl": total("daily_pnl"),
        "closing_equity": f"{closing:.2f}",
    }


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2025-01-01", "2026-06-30"),  # since inception
        ("2025-03-01", "2025-03-31"),  # a deposit on its first day, a withdrawal on its last
        ("2025-02-01", "2025-02-28"),  # opens on a Saturday deposit (carry-forward day)
        ("2025-04-01", "2025-06-30"),  # a quarter without flows
        ("2024-06-01", "2025-01-31"),  # starts before inception
        ("2025-05-03", "2025-05-04"),  # a weekend: no snapshot inside
        ("2026-01-01", "2026-06-30"),
    ],
)
def test_money_figures_equal_history_to_the_cent(fund, cli, start, end):
    document = _statement(cli, fund, start, end)
    expected = _expected_from_history(_history(cli, fund), start, end)
    assert {key: document[key] for key in expected} == expected
    opening, closing = Decimal(document["opening_equity"]), Decimal(document["closing_equity"])
    moved = Decimal(document["deposits"]) - Decimal(document["withdrawals"])
    assert opening + moved + Decimal(document["pnl"]) == closing


def test_since_inception_equals_performance(fund, cli):
    document = _statement(cli, fund, INCEPTION.isoformat(), LAST_DAY.isoformat())
    performance = json.loads(cli(fund, "performance", NAME, "--json").stdout)
    assert document["twr"] == performance["twr"]
    assert document["mwr"] == performance["mwr"]
    assert document["closing_equity"] == performance["current_equity"]
    assert document["pnl"] == performance["cumulative_pnl"]
    net = Decimal(document["deposits"]) - Decimal(document["withdrawals"])
    assert f"{Decimal('1000000') + net:.2f}" == performance["net_contributions"]


@pytest.mark.parametrize(
    ("label", "start"),
    [("YTD", "2026-01-01"), ("QTD", "2026-04-01"), ("MTD", "2026-06-01"), ("1Y", "2025-06-30")],
)
def test_period_returns_equal_performance_period(fund, cli, label, start):
    document = _statement(cli, fund, start, LAST_DAY.isoformat())
    period = json.loads(cli(fund, "performance", NAME, "--period", label, "--json").stdout)
    assert period["start"] == start
    assert document["twr"] == period["twr"]
    assert document["mwr"] == period["mwr"]
    assert document["pnl"] == period["pnl"]
    net = Decimal(document["deposits"]) - Decimal(document["withdrawals"])
    assert f"{net:.2f}" == period["net_flows"]


def test_flows_are_the_live_ledger_of_the_period(fund, cli):
    document = _statement(cli, fund, "2025-03-01", "2025-03-31")
    assert document["flows"] == [
        {"date": "2025-03-01", "kind": "deposit", "amount": "250000.50", "notes": FLOWS[1][3]},
        {"date": "2025-03-31", "kind": "withdrawal", "amount": "100000.25", "notes": FLOWS[2][3]},
    ]  # the deposit of 777 on 14 March was voided
    assert (document["deposits"], document["withdrawals"]) == ("250000.50", "100000.25")


def test_statement_object_since_inception_and_series(fund):
    statement = statement_for(fund, NAME, date(2025, 3, 1), date(2025, 3, 31))
    assert statement.as_of == date(2025, 3, 31)
    life = statement_for(fund, NAME, INCEPTION, LAST_DAY)
    assert statement.twr_since_inception.value != life.twr.value  # runs to 31 March only
    march_to_date = statement_for(fund, NAME, INCEPTION, date(2025, 3, 31))
    assert statement.twr_since_inception == march_to_date.twr
    assert statement.mwr_since_inception.value == pytest.approx(march_to_date.mwr.value)
    first, last = statement.series[0], statement.series[-1]
    assert first.date == date(2025, 2, 28) and first.equity == statement.opening_equity
    assert last.equity == statement.closing_equity
    assert last.net_contributions == Decimal("1000000") + Decimal("150000") + Decimal(
        "250000.50"
    ) - Decimal("100000.25")
    figures = statement.figures()
    assert json.loads(json.dumps(figures)) == figures  # JSON-ready, for issuing later
    assert figures["closing_equity"] == f"{statement.closing_equity:.2f}"


def test_a_period_without_snapshots_has_no_returns_and_says_why(fund):
    weekend = statement_for(fund, NAME, date(2025, 5, 3), date(2025, 5, 4))
    assert weekend.twr.value is None and "no snapshot" in weekend.twr.reason
    assert weekend.pnl == 0 and weekend.opening_equity == weekend.closing_equity


def test_period_helpers():
    assert month_period(2024, 2) == StatementPeriod(date(2024, 2, 1), date(2024, 2, 29))
    assert quarter_period(2025, 4) == StatementPeriod(date(2025, 10, 1), date(2025, 12, 31))
    assert year_period(2025) == StatementPeriod(date(2025, 1, 1), date(2025, 12, 31))
    with pytest.raises(ValidationError):
        quarter_period(2025, 5)
    with pytest.raises(ValidationError):
        StatementPeriod(date(2025, 2, 1), date(2025, 1, 31))


def test_a_period_before_inception_is_refused(fund):
    with pytest.raises(ValidationError, match="before the portfolio's inception"):
        statement_for(fund, NAME, date(2024, 1, 1), date(2024, 12, 31))


def test_viewers_read_statements_of_their_portfolios_only(fund):
    seed_statement_fund(fund, "Other Fund")
    clear_users(fund)
    try:
        set_user(fund, "viewer@example.com", "viewer", [NAME])
        viewer = fund.as_signed_in("viewer@example.com")
        seen = statement_for(viewer, NAME, date(2025, 3, 1), date(2025, 3, 31))
        assert seen.deposits == Decimal("250000.50")
        with pytest.raises(AccessDeniedError):
            statement_for(viewer, "Other Fund", date(2025, 3, 1), date(2025, 3, 31))
    finally:
        clear_users(fund)


def test_books_that_do_not_add_up_are_refused_not_printed(fund, cli):
    """A stored balance off by 100 inside the period: no statement, exit 3, words."""
    with fund.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE portfolio_snapshots SET equity_balance = equity_balance + 100 "
                "WHERE snapshot_date = :day"
            ),
            {"day": date(2025, 3, 31)},
        )
    with pytest.raises(UnbalancedStatement, match="do not add up"):
        statement_for(fund, NAME, date(2025, 3, 1), date(2025, 3, 31))
    out = cli(fund, "statement", NAME, "--from", "2025-03-01", "--to", "2025-03-31", expect=3)
    assert out.stderr.startswith("error: the books of 'Statement Fund' do not add up")
    statement_for(fund, NAME, date(2025, 5, 1), date(2025, 5, 31))  # untouched periods still do


def test_a_ledger_that_disagrees_with_its_snapshots_is_refused(fund):
    with fund.engine.begin() as connection:
        connection.execute(
            text("UPDATE cash_flows SET amount = 999 WHERE flow_date = :day"),
            {"day": date(2025, 2, 1)},
        )
    with pytest.raises(UnbalancedStatement):
        statement_for(fund, NAME, date(2025, 2, 1), date(2025, 2, 28))
