"""The period table (MTD to since inception), what TWR and MWR mean, and why a cell is blank."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from equity.analytics import PeriodPerformance
from equity.analytics.returns import DAYS_PER_YEAR
from equity_app.format import day, percent, signed_money

DASH = "—"
COLUMNS = [
    "Period",
    "From",
    "To",
    "Days",
    "TWR",
    "TWR a year",
    "MWR",
    "P&L",
    "Net flows",
    "Undefined days",
]
EXPLANATION = (
    "**TWR** (time-weighted) judges the manager: deposits and withdrawals are taken out, "
    "so it is the return earned on the capital while it was invested, however much there was. "
    "**MWR** (money-weighted, XIRR) is the investors' experience: it counts when their money "
    "came and went, so capital added just before a rally raises it and capital added just "
    "before a fall lowers it. Under a year both are the period's own, cumulative return; "
    "from a year on MWR is a yearly rate, as is *TWR a year*."
)


def show(periods: Sequence[PeriodPerformance], currency: str) -> None:
    right = st.column_config.TextColumn(alignment="right")
    st.dataframe(
        table(periods, currency),
        hide_index=True,
        width="stretch",
        column_config={
            "Days": right,
            "TWR": st.column_config.TextColumn(
                alignment="right", help="Cumulative time-weighted return over the period."
            ),
            "TWR a year": st.column_config.TextColumn(
                alignment="right", help="Annualized TWR; only for periods of a year or more."
            ),
            "MWR": st.column_config.TextColumn(
                alignment="right",
                help="Money-weighted return: the period's own under a year, a yearly rate "
                "from a year on.",
            ),
            "P&L": right,
            "Net flows": st.column_config.TextColumn(
                alignment="right", help="Deposits less withdrawals dated in the period."
            ),
            "Undefined days": st.column_config.TextColumn(
                alignment="right",
                help="Days left out of the TWR chain because the portfolio had no capital.",
            ),
        },
        key="performance_periods",
    )
    st.caption(EXPLANATION)
    if notes := reasons(periods):
        st.caption("Blank figures: " + " ".join(notes))


def table(periods: Sequence[PeriodPerformance], currency: str) -> pd.DataFrame:
    """One row per period, every figure as the text shown."""
    return pd.DataFrame([_row(period, currency) for period in periods], columns=COLUMNS)


def reasons(periods: Sequence[PeriodPerformance]) -> list[str]:
    """Why each blank cell is blank, once per period and reason.

    A period under a year not being annualized is said by its label, not repeated here.
    """
    notes = []
    for period in periods:
        seen: list[str] = []
        for name, reason in period.reasons.items():
            if name == "twr_annualized" and period.days < DAYS_PER_YEAR and period.twr is not None:
                continue
            if reason not in seen:
                seen.append(reason)
        notes += [f"**{period.label}**: {reason}." for reason in seen]
    return notes


def _row(period: PeriodPerformance, currency: str) -> dict[str, str]:
    short = period.days < DAYS_PER_YEAR
    return {
        "Period": f"{period.label} (cumulative)" if short else period.label,
        "From": day(period.start),
        "To": day(period.end),
        "Days": str(period.days),
        "TWR": _percent_or_dash(period.twr),
        "TWR a year": _percent_or_dash(period.twr_annualized),
        "MWR": _percent_or_dash(period.mwr),
        "P&L": DASH if period.pnl is None else signed_money(period.pnl, currency),
        "Net flows": DASH if period.net_flows is None else signed_money(period.net_flows, currency),
        "Undefined days": DASH if period.pnl is None else str(period.undefined_days),
    }


def _percent_or_dash(value: float | None) -> str:
    return DASH if value is None else percent(value)
