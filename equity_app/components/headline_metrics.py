"""The dashboard's row of metrics, and the stale-data warning under it."""

from __future__ import annotations

import streamlit as st

from equity.analytics.summary import PerformanceSummary
from equity.reads.dashboard import STALE_AFTER_BUSINESS_DAYS, Headline, PeriodReturn
from equity.services.views import PortfolioView
from equity_app.format import day, money, percent, signed_money


def show(portfolio: PortfolioView, figures: Headline, performance: PerformanceSummary) -> None:
    """Current equity and the day's P&L, cumulative P&L, contributions, returns, freshness.

    Only a change carries an arrow: the day's P&L under current equity. A share of
    contributions, a return over a period or a date is a figure, not a move.
    """
    currency = portfolio.currency
    top = st.columns(3)
    top[0].metric(
        "Current equity",
        money(figures.current_equity, currency),
        delta=_day_pnl(figures, currency),
        help=_equity_help(figures),
        border=True,
        height="stretch",
    )
    top[1].metric(
        "Cumulative P&L",
        money(figures.cumulative_pnl, currency),
        delta=_or_none(
            figures.pnl_to_contributions,
            lambda r: f"{percent(r, signed=True)} of net contributions",
        ),
        delta_arrow="off",
        help="Market gains since inception; below it, P&L as a share of net contributions.",
        border=True,
        height="stretch",
    )
    top[2].metric(
        "Net contributions",
        money(figures.net_contributions, currency),
        help="Opening equity plus deposits minus withdrawals.",
        border=True,
        height="stretch",
    )
    bottom = st.columns(4)
    bottom[0].metric(
        "Time-weighted return",
        percent(performance.twr),
        delta=_twr_note(performance),
        delta_color="off",
        delta_arrow="off",
        help=_twr_help(performance),
        border=True,
        height="stretch",
    )
    for column, label, period in (
        (bottom[1], "MTD return", figures.mtd),
        (bottom[2], "YTD return", figures.ytd),
    ):
        column.metric(
            label,
            percent(period.twr if period else None),
            help=_period_help(period),
            border=True,
            height="stretch",
        )
    bottom[3].metric(
        "Last snapshot",
        day(figures.last_snapshot),
        delta=_age(figures),
        delta_color="off",
        delta_arrow="off",
        help=(
            "The last day with imported P&L (a day carried forward to hold a flow does not "
            f"count). Older than {STALE_AFTER_BUSINESS_DAYS} business days is flagged as stale."
        ),
        border=True,
        height="stretch",
    )
    _stale_warning(figures)


def _day_pnl(figures: Headline, currency: str) -> str | None:
    """The last real day's P&L ("-$1,234.56 P&L on 2025-01-06"), never a flow."""
    if figures.day_pnl is None:
        return None
    return f"{signed_money(figures.day_pnl, currency)} P&L on {day(figures.last_snapshot)}"


def _equity_help(figures: Headline) -> str:
    return (
        f"Equity at the latest day ({day(figures.last_day)}), flows included. Below it, the "
        f"P&L of the last snapshot ({day(figures.last_snapshot)}): deposits and withdrawals "
        "move equity but are not gains or losses."
    )


def _period_help(period: PeriodReturn | None) -> str:
    if period is None:
        return "No snapshots yet."
    if period.twr is None:
        return f"From {day(period.start)} to {day(period.end)}: {period.reason or 'undefined'}."
    return (
        f"Time-weighted return from {day(period.start)} to {day(period.end)}; "
        "deposits and withdrawals do not move it."
    )


def _twr_help(performance: PerformanceSummary) -> str:
    if performance.twr is None:
        return performance.reasons.get("twr", "Undefined for this history.")
    text = f"Since inception ({day(performance.start)} to {day(performance.end)}), flow-neutral."
    if performance.twr_annualized is not None:
        text += f" Annualized: {percent(performance.twr_annualized)}."
    return text


def _twr_note(performance: PerformanceSummary) -> str | None:
    if performance.twr is None:
        return None
    if performance.twr_annualized is not None:
        return f"{percent(performance.twr_annualized)} a year since {day(performance.start)}"
    return f"since {day(performance.start)}"


def _age(figures: Headline) -> str | None:
    days = figures.business_days_since_snapshot
    if days is None:
        return None
    return "today" if days == 0 else f"{days} business day{'s' if days != 1 else ''} ago"


def _stale_warning(figures: Headline) -> None:
    if figures.last_day is None:
        return
    if figures.last_snapshot is None:
        st.warning(
            "No P&L has been imported yet: the equity shown is opening equity and flows only. "
            "Import the daily P&L on the Data page.",
            icon=":material/warning:",
        )
    elif figures.is_stale:
        st.warning(
            f"The latest snapshot is from {day(figures.last_snapshot)}, "
            f"{figures.business_days_since_snapshot} business days ago: the equity shown is "
            "stale. Import the missing days' P&L on the Data page.",
            icon=":material/warning:",
        )


def _or_none(value, render):
    return None if value is None else render(value)
