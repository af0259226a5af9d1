"""The firm view, figured by hand. Today is Tuesday 30 June 2026 (the test clock).

Alpha (USD): opening 1,000.00 on 31 Dec 2025; +100.00 on Fri 29 May (r = 10 %), then
-100.00 on Mon 29 June (r = -100 / 1,100 = -1/11). Equity 1,000.00; MTD TWR -1/11;
YTD and since inception 1.1 x 10/11 - 1 = 0.
Beta (EUR): opening 400.00 on 1 Jan 2026; one real day, Mon 22 June, P&L 0; a 100.00
deposit on Saturday 27 June makes a carried-forward day. Equity 500.00; its last real
snapshot is 22 June, six business days before today: stale.
EUR is worth 1.10 USD on 29 June (and 2.00 on 1 July, after today: not used), so
Beta is 550.00 USD and the firm 1,550.00 USD.
"""

from __future__ import annotations

import pytest

from equity.reads.firm import FIRM_STALE_AFTER_BUSINESS_DAYS, firm_view, in_base, is_stale
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.fx import import_fx_rates
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.settings import set_setting
from tests.engine.access_support import clear_users
from tests.support import D, add_days, day

TODAY = day("2026-06-30")


def alpha_and_beta(db) -> None:
    create_portfolio(db, NewPortfolio("Alpha", D("1000.00"), day("2025-12-31"), "USD"))
    add_days(db, "Alpha", ("2026-05-29", "100.00"), ("2026-06-29", "-100.00"))
    create_portfolio(db, NewPortfolio("Beta", D("400.00"), day("2026-01-01"), "EUR"))
    add_days(db, "Beta", ("2026-06-22", "0"))
    record_cash_flow(db, FlowRequest("Beta", day("2026-06-27"), "deposit", D("100.00")))


def euro_rates(db) -> None:
    import_fx_rates(
        db, "date,currency,rate\n2026-06-26,EUR,1.05\n2026-06-29,EUR,1.10\n2026-07-01,EUR,2\n"
    )


def test_two_portfolios_in_two_currencies_total_in_dollars(db):
    alpha_and_beta(db)
    euro_rates(db)
    view = firm_view(db, TODAY)
    assert (view.base_currency, view.as_of) == ("USD", TODAY)
    alpha, beta = view.portfolios
    assert (alpha.name, alpha.currency, alpha.equity) == ("Alpha", "USD", D("1000.00"))
    assert (alpha.fx_rate, alpha.equity_base) == (D("1"), D("1000.00"))
    assert (beta.name, beta.currency, beta.equity) == ("Beta", "EUR", D("500.00"))
    assert (beta.fx_rate, beta.fx_date) == (D("1.10"), day("2026-06-29"))
    assert beta.equity_base == D("550.00")
    assert view.totals_by_currency == {"EUR": D("500.00"), "USD": D("1000.00")}
    assert view.total_equity_base == D("1550.00")
    assert view.missing_rates == []
    assert view.complete


def test_returns_day_pnl_and_last_real_snapshot_per_portfolio(db):
    alpha_and_beta(db)
    alpha, beta = firm_view(db, TODAY).portfolios
    assert alpha.day_pnl == D("-100.00")
    assert alpha.twr_mtd == pytest.approx(-1 / 11)
    assert alpha.twr_ytd == pytest.approx(0.0, abs=1e-12)
    assert alpha.twr_since_inception == pytest.approx(0.0, abs=1e-12)
    assert (alpha.last_snapshot, alpha.stale) == (day("2026-06-29"), False)
    # The carried-forward Saturday is not a snapshot with P&L: the last real one is 22 June.
    assert (beta.last_snapshot, beta.stale) == (day("2026-06-22"), True)
    assert beta.day_pnl == D("0.00")


def test_a_currency_without_a_rate_leaves_the_total_incomplete_never_at_one(db):
    alpha_and_beta(db)
    euro_rates(db)
    create_portfolio(db, NewPortfolio("Gamma", D("250.00"), day("2026-01-01"), "GBP"))
    view = firm_view(db, TODAY)
    gamma = view.portfolios[2]
    assert (gamma.name, gamma.fx_rate, gamma.equity_base) == ("Gamma", None, None)
    assert view.total_equity_base is None
    assert view.missing_rates == ["GBP"]
    assert not view.complete
    assert view.totals_by_currency == {"EUR": D("500.00"), "GBP": D("250.00"), "USD": D("1000.00")}
    # Never a snapshot: no returns, no last snapshot, and flagged.
    assert (gamma.twr_mtd, gamma.last_snapshot, gamma.stale, gamma.day_pnl) == (
        None,
        None,
        True,
        None,
    )


def test_a_rate_dated_after_the_view_is_not_used(db):
    alpha_and_beta(db)
    import_fx_rates(db, "date,currency,rate\n2026-07-01,EUR,2\n")
    view = firm_view(db, TODAY)
    assert view.portfolios[1].fx_rate is None
    assert (view.total_equity_base, view.missing_rates) == (None, ["EUR"])


def test_the_base_currency_setting_changes_which_currency_is_worth_one(db):
    alpha_and_beta(db)
    set_setting(db, "base_currency", "EUR")
    import_fx_rates(db, "date,currency,rate\n2026-06-29,USD,0.9\n")
    view = firm_view(db, TODAY)
    alpha, beta = view.portfolios
    assert (alpha.fx_rate, alpha.equity_base) == (D("0.9"), D("900.00"))
    assert (beta.fx_rate, beta.fx_date, beta.equity_base) == (D("1"), None, D("500.00"))
    assert (view.base_currency, view.total_equity_base) == ("EUR", D("1400.00"))


def test_a_signed_in_manager_sees_only_granted_portfolios_in_the_firm_total(db):
    from equity.services.users import set_user

    alpha_and_beta(db)
    euro_rates(db)
    clear_users(db)
    try:
        set_user(db, "pm@firm.example", "manager", ["Alpha"])
        view = firm_view(db.as_signed_in("pm@firm.example"), TODAY)
        assert [p.name for p in view.portfolios] == ["Alpha"]
        assert view.total_equity_base == D("1000.00")
        assert view.totals_by_currency == {"USD": D("1000.00")}
    finally:
        clear_users(db)


def test_no_portfolios_is_an_empty_complete_view(db):
    view = firm_view(db, TODAY)
    assert (view.portfolios, view.total_equity_base, view.missing_rates) == ([], D("0.00"), [])


def test_conversion_rounds_to_the_cent_half_even():
    assert in_base(D("333.33"), D("1.0834")) == D("361.13")  # 361.129722
    assert in_base(D("0.05"), D("0.5")) == D("0.02")  # 0.025 -> even
    assert in_base(D("0.15"), D("0.5")) == D("0.08")  # 0.075 -> even


def test_stale_means_more_than_three_business_days_without_real_pnl():
    assert FIRM_STALE_AFTER_BUSINESS_DAYS == 3
    assert not is_stale(day("2026-06-25"), TODAY)  # Fri, Mon, Tue: 3 business days
    assert is_stale(day("2026-06-24"), TODAY)
    assert is_stale(None, TODAY)


def test_the_demo_firm_total_is_complete(sqlite_db):
    """The demo's euro portfolio has rates, so a first look shows a whole firm total."""
    from equity.services.demo import load_demo

    load_demo(sqlite_db)
    view = firm_view(sqlite_db, TODAY)
    assert view.missing_rates == []
    assert view.total_equity_base == sum((p.equity_base for p in view.portfolios), D("0"))
    euro = [p for p in view.portfolios if p.currency == "EUR"]
    assert euro and all(p.fx_date is not None and p.fx_date <= TODAY for p in euro)
    assert not any(p.stale for p in view.portfolios)


def test_above_the_returns_limit_the_view_skips_returns_but_nothing_else(db):
    """Returns read every history; a large firm gets equity, freshness and totals fast."""
    alpha_and_beta(db)
    euro_rates(db)
    view = firm_view(db, TODAY, returns_up_to=1)
    assert not view.returns_shown
    alpha, beta = view.portfolios
    assert (alpha.twr_mtd, alpha.twr_ytd, alpha.twr_since_inception) == (None, None, None)
    assert (alpha.day_pnl, alpha.last_snapshot, alpha.stale) == (
        D("-100.00"),
        day("2026-06-29"),
        False,
    )
    assert (beta.last_snapshot, beta.stale, beta.equity_base) == (
        day("2026-06-22"),
        True,
        D("550.00"),
    )
    assert view.total_equity_base == D("1550.00")
    assert firm_view(db, TODAY, returns_up_to=2).returns_shown


def test_rates_quoted_in_an_old_base_are_not_used_after_the_base_changes(db):
    """EUR at 1.10 was dollars per euro; read against a sterling base it would be wrong."""
    alpha_and_beta(db)
    euro_rates(db)
    set_setting(db, "base_currency", "GBP")
    view = firm_view(db, TODAY)
    assert [p.fx_rate for p in view.portfolios] == [None, None]
    assert (view.total_equity_base, view.missing_rates) == (None, ["EUR", "USD"])
    import_fx_rates(db, "date,currency,rate\n2026-06-29,USD,0.8\n2026-06-29,EUR,0.85\n")
    view = firm_view(db, TODAY)
    assert [p.equity_base for p in view.portfolios] == [D("800.00"), D("425.00")]
    assert view.total_equity_base == D("1225.00")
    set_setting(db, "base_currency", "USD")  # back: the dollar rates apply again
    assert firm_view(db, TODAY).total_equity_base == D("1550.00")
