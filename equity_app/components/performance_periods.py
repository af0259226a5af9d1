"""The period table (MTD to since inception), what TWR and MWR mean, and why a cell is blank.

Both measures are shown on both bases, the basis in each header: a cumulative TWR beside
a yearly MWR read as one story and told another. A chosen benchmark adds its own row
under each period's, with its price return in the TWR columns.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from equity.analytics import PeriodPerformance
from equity.analytics.benchmark_views import BenchmarkPeriod
from equity.analytics.returns import DAYS_PER_YEAR
from equity_app.format import day, percent, signed_money
from equity_app.literal import md

DASH = "—"
TWR_CUMULATIVE = "TWR, cumulative"
TWR_ANNUALIZED = "TWR, annualized"
MWR_CUMULATIVE = "MWR, cumulative"
MWR_ANNUALIZED = "MWR, annualized"
RETURN_OF = "Return of"
PORTFOLIO = "Portfolio"
COLUMNS = [
    "Period",
    "From",
    "To",
    "Days",
    TWR_CUMULATIVE,
    TWR_ANNUALIZED,
    MWR_CUMULATIVE,
    MWR_ANNUALIZED,
    "P&L",
    "Net flows",
    "Days without capital",
]
EXPLANATION = (
    "**TWR** (time-weighted) judges the manager: deposits and withdrawals are taken out, "
    "so it is the return earned on the capital while it was invested, however much there was. "
    "**MWR** (money-weighted, XIRR) is the investors' experience: it counts when their money "
    "came and went, so capital added just before a rally raises it and capital added just "
    "before a fall lowers it. *Cumulative* is the return over the whole period; *annualized* "
    "is the same return as a yearly rate, shown only from a year on (compounding a few "
    "weeks into a year would invent returns). MWR cumulative is (1 + yearly XIRR) to the "
    "power days / 365, minus 1."
)
BENCHMARK_EXPLANATION = (
    " A benchmark row holds the index's price return over the same dates in the TWR "
    "columns; an index has no deposits or withdrawals, so no MWR."
)


def show(
    periods: Sequence[PeriodPerformance],
    currency: str,
    benchmark_rows: Sequence[BenchmarkPeriod] | None = None,
    benchmark: str | None = None,
) -> None:
    right = st.column_config.TextColumn(alignment="right")
    compared = benchmark is not None and benchmark_rows is not None
    st.dataframe(
        table(periods, currency, benchmark_rows if compared else None, benchmark),
        hide_index=True,
        width="stretch",
        column_config={
            "Period": st.column_config.TextColumn(pinned=True, width=110),
            "Days": right,
            TWR_CUMULATIVE: st.column_config.TextColumn(
                alignment="right", help="Time-weighted return over the whole period."
            ),
            TWR_ANNUALIZED: st.column_config.TextColumn(
                alignment="right", help="The TWR as a yearly rate; only for a year or more."
            ),
            MWR_CUMULATIVE: st.column_config.TextColumn(
                alignment="right",
                help="Money-weighted return (XIRR) over the whole period: "
                "(1 + yearly rate)^(days / 365) - 1.",
            ),
            MWR_ANNUALIZED: st.column_config.TextColumn(
                alignment="right",
                help="The money-weighted return as a yearly rate (the XIRR itself); only for "
                "a year or more.",
            ),
            "P&L": right,
            "Net flows": st.column_config.TextColumn(
                alignment="right", help="Deposits less withdrawals dated in the period."
            ),
            "Days without capital": st.column_config.TextColumn(
                alignment="right",
                help="Days left out of the TWR chain because the portfolio had no capital.",
            ),
        },
        key="performance_periods",
    )
    st.caption(EXPLANATION + (BENCHMARK_EXPLANATION if compared else ""))
    notes = reasons(periods)
    if compared:
        notes += benchmark_reasons(benchmark_rows, benchmark)
    if notes:
        st.caption("Blank figures: " + " ".join(notes))


def table(
    periods: Sequence[PeriodPerformance],
    currency: str,
    benchmark_rows: Sequence[BenchmarkPeriod] | None = None,
    benchmark: str | None = None,
) -> pd.DataFrame:
    """One row per period, every figure as the text shown; with a benchmark, its row under
    each period's and a "Return of" column that says whose row it is."""
    if benchmark is None or benchmark_rows is None:
        return pd.DataFrame([_row(period, currency) for period in periods], columns=COLUMNS)
    rows = []
    for period, index_row in zip(periods, benchmark_rows, strict=True):
        rows.append({**_row(period, currency), RETURN_OF: PORTFOLIO})
        rows.append({**_benchmark_row(index_row), RETURN_OF: benchmark})
    return pd.DataFrame(rows, columns=[COLUMNS[0], RETURN_OF, *COLUMNS[1:]])


def reasons(periods: Sequence[PeriodPerformance]) -> list[str]:
    """Why each blank cell is blank, once per period and reason.

    A period under a year not being annualized is said by its label, not repeated here.
    """
    notes = []
    for period in periods:
        seen: list[str] = []
        for name, reason in period.reasons.items():
            if _only_short(name, period.days):
                continue
            if reason not in seen:
                seen.append(reason)
        notes += [f"**{period.label}**: {reason}." for reason in seen]
    return notes


def benchmark_reasons(rows: Sequence[BenchmarkPeriod], benchmark: str) -> list[str]:
    """Why a benchmark row is blank, once per reason (a short period's said by its header)."""
    seen: list[str] = []
    for row in rows:
        for figure in (row.cumulative, row.annualized):
            reason = figure.reason
            if reason and not reason.startswith("not annualized") and reason not in seen:
                seen.append(reason)
    return [f"**{md(benchmark)}**: {reason}." for reason in seen]


def _only_short(name: str, days: int) -> bool:
    """A yearly rate missing because the period is under a year: the header says so."""
    return name in ("twr_annualized", "mwr_annualized") and days < DAYS_PER_YEAR


def _row(period: PeriodPerformance, currency: str) -> dict[str, str]:
    return {
        "Period": period.label,
        "From": day(period.start),
        "To": day(period.end),
        "Days": str(period.days),
        TWR_CUMULATIVE: _percent_or_dash(period.twr),
        TWR_ANNUALIZED: _percent_or_dash(period.twr_annualized),
        MWR_CUMULATIVE: _percent_or_dash(period.mwr_cumulative),
        MWR_ANNUALIZED: _percent_or_dash(period.mwr_annualized),
        "P&L": DASH if period.pnl is None else signed_money(period.pnl, currency),
        "Net flows": DASH if period.net_flows is None else signed_money(period.net_flows, currency),
        "Days without capital": DASH if period.pnl is None else str(period.undefined_days),
    }


def _benchmark_row(row: BenchmarkPeriod) -> dict[str, str]:
    return {
        "Period": row.label,
        "From": day(row.start),
        "To": day(row.end),
        "Days": str(row.days),
        TWR_CUMULATIVE: _percent_or_dash(row.cumulative.value),
        TWR_ANNUALIZED: _percent_or_dash(row.annualized.value),
        MWR_CUMULATIVE: DASH,
        MWR_ANNUALIZED: DASH,
        "P&L": DASH,
        "Net flows": DASH,
        "Days without capital": DASH,
    }


def _percent_or_dash(value: float | None) -> str:
    return DASH if value is None else percent(value)
