"""The dashboard's row of metrics, and the stale-data warning under it."""

from __future__ import annotations

import streamlit as st

from equity.analytics.summary import PerformanceSummary
from equity.reads.dashboard import STALE_AFTER_BUSINESS_DAYS, Headline
from equity.services.views import PortfolioView
from equity_app.format import day, money, percent, signed_money


def show(portfolio: PortfolioView, figures: Headline, performance: PerformanceSummary) -> None:
    """Current equity, P&L, contributions, TWR and the last snapshot's date."""
    currency = portfolio.currency
    top = st.columns(3)
    top[0].metric(
        "Current equity",
        money(figures.current_equity, currency),
        delta=_or_none(figures.last_day_change, lambda v: signed_money(v, currency)),
        help=f"Equity at the latest snapshot; the change is that day's, flows included "
        f"({day(figures.last_snapshot)}).",
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
        help="Market gains since inception; the change is P&L as a share of net contributions.",
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
    bottom = st.columns(2)
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
    bottom[1].metric(
        "Last snapshot",
        day(figures.last_snapshot),
        delta=_age(figures),
        delta_color="off",
        delta_arrow="off",
        help=f"Equity older than {STALE_AFTER_BUSINESS_DAYS} business days is flagged as stale.",
        border=True,
        height="stretch",
    )
    _stale_warning(figures)


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
    if figures.last_snapshot is None:
        return
    if figures.is_stale:
        st.warning(
            f"The latest snapshot is from {day(figures.last_snapshot)}, "
            f"{figures.business_days_since_snapshot} business days ago: the equity shown is "
            "stale. Import the missing days' P&L on the Data page.",
            icon=":material/warning:",
        )


def _or_none(value, render):
    return None if value is None else render(value)
