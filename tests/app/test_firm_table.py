"""The dashboard's firm view, read from the screen. The app's today is pinned to Tue 30 June 2026.

Alpha (USD): opening 1,000.00 on 31 Dec 2025; +100.00 on Fri 29 May, -100.00 on Mon 29
June: equity $1,000.00, day P&L -$100.00, MTD -1/11 = -9.09 %, YTD and since inception 0.
Beta (EUR): opening 400.00; one real day (Mon 22 June, P&L 0) and a €100.00 deposit on
Saturday 27 June (a carried-forward day): equity €500.00, last real snapshot 22 June,
stale. EUR at 1.10 USD: Beta is $550.00 and the firm $1,550.00.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pytest
from streamlit import dataframe_util

from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.fx import import_fx_rates
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.storage.database import Database
from equity_app import data
from equity_app.components.overview_table import portfolio_link
from tests.app.screen import assert_no_exception, metric_value, texts
from tests.app.signed_in import app_as, grant, local_app, point_app_at
from tests.support import D, add_days, day

TODAY = day("2026-06-30")


@pytest.fixture
def firm_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    monkeypatch.setattr(data, "today", lambda: TODAY)
    create_portfolio(db, NewPortfolio("Alpha", D("1000.00"), day("2025-12-31"), "USD"))
    add_days(db, "Alpha", ("2026-05-29", "100.00"), ("2026-06-29", "-100.00"))
    create_portfolio(db, NewPortfolio("Beta", D("400.00"), day("2026-01-01"), "EUR"))
    add_days(db, "Beta", ("2026-06-22", "0"))
    record_cash_flow(db, FlowRequest("Beta", day("2026-06-27"), "deposit", D("100.00")))
    import_fx_rates(db, "date,currency,rate\n2026-06-29,EUR,1.10\n2026-07-01,EUR,2\n")
    return db


def firm_table(at):
    """(numbers underneath, text on screen, arrow schema) of the firm view's table."""
    [element] = [d for d in at.dataframe if "Portfolio" in d.value.columns]
    arrow = element.proto.arrow_data
    shown = dataframe_util.convert_arrow_bytes_to_pandas_df(arrow.styler.display_values)
    return element.value, shown, pa.ipc.open_stream(arrow.data).schema


def test_each_portfolio_in_its_currency_and_the_firm_in_dollars(firm_db):
    at = local_app()
    assert_no_exception(at)
    values, shown, _ = firm_table(at)
    assert list(shown["Portfolio"]) == ["Alpha", "Beta"]
    assert list(shown["Currency"]) == ["USD", "EUR"]
    assert list(shown["Equity"]) == ["$1,000.00", "€500.00"]
    assert list(shown["Day P&L"]) == ["-$100.00", "+€0.00"]
    assert list(shown["MTD"]) == ["-9.09 %", "0.00 %"]
    assert list(shown["YTD"]) == ["0.00 %", "0.00 %"]
    assert list(shown["Since inception"]) == ["0.00 %", "0.00 %"]
    assert list(shown["Last snapshot"]) == ["2026-06-29", "2026-06-22 ⚠ stale"]
    assert list(shown["FX rate"]) == ["1", "1.1 (2026-06-29)"]
    assert list(shown["Equity (USD)"]) == ["$1,000.00", "$550.00"]
    assert list(values["Equity (USD)"]) == [Decimal("1000.00"), Decimal("550.00")]
    assert values["MTD"].iloc[0] == pytest.approx(-1 / 11)
    assert metric_value(at, "Firm total in USD") == "$1,550.00"
    assert metric_value(at, "EUR portfolios") == "€500.00"
    assert metric_value(at, "USD portfolios") == "$1,000.00"
    assert not [w for w in texts(at, "warning") if "firm total" in w]


def test_amounts_are_numbers_underneath_so_they_sort_as_money(firm_db):
    at = local_app()
    _, _, schema = firm_table(at)
    [element] = [d for d in at.dataframe if "Portfolio" in d.value.columns]
    assert element.proto.placeholder == "–"  # an empty number cell reads as a dash, not None
    for column in ("Equity", "Day P&L", "Equity (USD)"):
        assert pa.types.is_decimal(schema.field(column).type), column
    for column in ("MTD", "YTD", "Since inception"):
        assert pa.types.is_floating(schema.field(column).type), column


def test_a_currency_without_a_rate_marks_the_total_incomplete(firm_db):
    create_portfolio(firm_db, NewPortfolio("Gamma", D("250.00"), day("2026-01-01"), "GBP"))
    at = local_app()
    assert_no_exception(at)
    _, shown, _ = firm_table(at)
    gamma = shown[shown["Portfolio"] == "Gamma"].iloc[0]
    assert (gamma["Equity"], gamma["FX rate"], gamma["Equity (USD)"]) == ("£250.00", "missing", "–")
    assert (gamma["Day P&L"], gamma["MTD"], gamma["Last snapshot"]) == ("–", "–", "none ⚠ stale")
    assert metric_value(at, "Firm total in USD") == "Incomplete"
    assert metric_value(at, "GBP portfolios") == "£250.00"
    [warning] = [w for w in texts(at, "warning") if "firm total" in w]
    assert warning.startswith(
        "The firm total is incomplete: no FX rate for GBP on or before 2026-06-30"
    )
    assert "never taken as 1" in warning


def test_each_row_links_to_its_dashboard_with_the_name_url_encoded(firm_db):
    create_portfolio(firm_db, NewPortfolio("R&D #2/3 ?", D("10.00"), day("2026-01-01"), "USD"))
    at = local_app()
    values, shown, _ = firm_table(at)
    assert list(values["Open"]) == [
        "/?portfolio=Alpha",
        "/?portfolio=Beta",
        "/?portfolio=R%26D%20%232%2F3%20%3F",
    ]
    assert "R&D #2/3 ?" in list(shown["Portfolio"])  # the name itself, literally
    assert portfolio_link("Zürich") == "/?portfolio=Z%C3%BCrich"


def test_the_link_opens_that_portfolio(firm_db):
    at = local_app(portfolio="Beta")
    assert_no_exception(at)
    assert at.sidebar.selectbox(key="portfolio_picker").value == "Beta"


def test_one_portfolio_shows_no_firm_view(db, monkeypatch):
    point_app_at(db, monkeypatch)
    create_portfolio(db, NewPortfolio("Solo", D("10.00"), day("2026-01-01"), "USD"))
    at = local_app()
    assert_no_exception(at)
    assert not [d for d in at.dataframe if "Portfolio" in d.value.columns]
    assert "Firm total in USD" not in [m.label for m in at.metric]


def test_a_manager_sees_and_totals_only_the_granted_portfolios(firm_db):
    create_portfolio(firm_db, NewPortfolio("Gamma", D("250.00"), day("2026-01-01"), "GBP"))
    add_days(firm_db, "Gamma", ("2026-06-29", "0"))
    grant(firm_db, "ann@example.com", "manager", ["Alpha", "Beta"])
    assert metric_value(local_app(), "Firm total in USD") == "Incomplete"  # cache: all three
    at = app_as("ann@example.com")
    assert_no_exception(at)
    _, shown, _ = firm_table(at)
    assert list(shown["Portfolio"]) == ["Alpha", "Beta"]
    assert metric_value(at, "Firm total in USD") == "$1,550.00"
    assert "GBP portfolios" not in [m.label for m in at.metric]
    assert not any("Gamma" in str(cell) for cell in pd.DataFrame(shown).to_numpy().ravel())


def test_above_the_returns_limit_the_table_says_so_and_keeps_the_rest(firm_db, monkeypatch):
    monkeypatch.setattr(data, "FIRM_RETURNS_MAX_PORTFOLIOS", 1)
    at = local_app()
    assert_no_exception(at)
    _, shown, _ = firm_table(at)
    assert "MTD" not in shown.columns and "Since inception" not in shown.columns
    assert list(shown["Equity (USD)"]) == ["$1,000.00", "$550.00"]
    assert any("Returns are left out above 1 portfolios" in c.value for c in at.caption)
    assert metric_value(at, "Firm total in USD") == "$1,550.00"
