"""Money sorts as money (issue 12, item 5): the ledger and the snapshot table hold numbers,
drawn by the grid as currency in the portfolio's own symbol and minor units.

Alpha (USD) has three deposits on 2025-01-03 whose text sorts wrongly: $750,000.00 >
$75,000.00 > $250,000.25 as text; as money 750,000.00 > 250,000.25 > 75,000.00. Yen Fund
(JPY) has whole-yen figures: its columns show no decimals.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.storage.database import Database
from equity_app.components.money_columns import amount_format, signed_format
from tests.app.signed_in import local_app, point_app_at
from tests.support import D, add_days, new_portfolio


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    new_portfolio(db, "Alpha", opening="1000000", inception="2025-01-01")
    add_days(db, "Alpha", ("2025-01-02", "100.00"), ("2025-01-03", "-250.50"))
    for amount in ("750000.00", "75000.00", "250000.25"):
        record_cash_flow(db, FlowRequest("Alpha", date(2025, 1, 3), "deposit", D(amount)))
    return db


def table(at, column: str):
    """The dataframe holding ``column``, and its column configuration as sent to the grid."""
    [frame] = [d for d in at.dataframe if column in d.value.columns]
    return frame.value, json.loads(frame.proto.columns)


def test_the_ledgers_amounts_are_numbers_that_sort_as_money(app_db):
    at = local_app("pages/cash_flows.py")
    ledger, config = table(at, "Recorded by")
    assert str(ledger["Amount"].dtype) == "float64"
    ordered = ledger.sort_values("Amount", ascending=False)["Amount"]
    assert list(ordered) == [750000.00, 250000.25, 75000.00]
    assert config["Amount"]["type_config"] == {"type": "number", "format": "$%,.2f"}


def test_the_snapshot_tables_money_is_numbers_drawn_as_dollars(app_db):
    at = local_app("pages/history.py")
    snapshots, config = table(at, "Total value")
    # Newest first: 2025-01-03 holds -250.50 of P&L and the three deposits.
    assert snapshots["Date"].tolist() == ["2025-01-03", "2025-01-02"]
    assert snapshots["Equity"].tolist() == [2074849.75, 1000100.00]
    assert snapshots["Daily P&L"].tolist() == [-250.50, 100.00]
    assert snapshots["Deposits"].tolist()[0] == 1075000.25
    assert sorted(snapshots["Daily P&L"]) == [-250.50, 100.00]  # a loss sorts below a gain
    for name in ("Equity", "Deposits", "Withdrawals", "Total value"):
        assert config[name]["type_config"]["format"] == "$%,.2f", name
    for name in ("Daily P&L", "Cumulative P&L"):
        assert config[name]["type_config"]["format"] == "%+,.2f", name
        assert config[name]["label"] == f"{name} ($)"
    assert snapshots["Source"].tolist() == ["Daily feed", "Daily feed"]  # not "Batch"
    assert "Carried forward: no figures came for this day" in config["Source"]["help"]


def test_yen_columns_show_whole_yen(db: Database, monkeypatch: pytest.MonkeyPatch):
    point_app_at(db, monkeypatch)
    create_portfolio(db, NewPortfolio("Yen Fund", D("100000000"), date(2025, 1, 1), "JPY"))
    add_days(db, "Yen Fund", ("2025-01-02", "-125000"))
    record_cash_flow(db, FlowRequest("Yen Fund", date(2025, 1, 2), "deposit", D("5000000")))
    at = local_app("pages/history.py")
    snapshots, config = table(at, "Total value")
    assert snapshots["Equity"].tolist() == [104875000.0]
    assert config["Equity"]["type_config"]["format"] == "¥%,.0f"
    assert config["Daily P&L"] | {"type_config": None} == {
        "label": "Daily P&L (¥)",
        "type_config": None,
    }
    assert config["Daily P&L"]["type_config"]["format"] == "%+,.0f"
    at.switch_page("pages/cash_flows.py").run()
    _, ledger_config = table(at, "Recorded by")
    assert ledger_config["Amount"]["type_config"]["format"] == "¥%,.0f"


@pytest.mark.parametrize(
    ("currency", "amount", "change"),
    [
        ("USD", "$%,.2f", "%+,.2f"),
        ("EUR", "€%,.2f", "%+,.2f"),
        ("JPY", "¥%,.0f", "%+,.0f"),
        ("CHF", "CHF%,.2f", "%+,.2f"),
        ("KWD", "KWD%,.3f", "%+,.3f"),
    ],
)
def test_each_currency_is_drawn_with_its_symbol_and_minor_units(currency, amount, change):
    """The same symbol and decimals as format_money: $1,250.50, ¥1,251, CHF1,250.50."""
    assert amount_format(currency) == amount
    assert signed_format(currency) == change
