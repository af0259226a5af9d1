"""Monthly returns as a years x months heatmap, and the Modified Dietz cross-check beside it."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from equity.analytics import monthly_modified_dietz, monthly_returns_table
from equity.analytics.benchmark_views import benchmark_monthly_table
from equity.reads.performance import PerformanceDetail
from equity_app.components import performance_heatmap
from equity_app.format import money, percent, signed_money
from equity_app.literal import md

DASH = "—"


def show(detail: PerformanceDetail, currency: str, benchmark: str | None = None) -> None:
    st.subheader("Monthly returns")
    table = monthly_returns_table(detail.daily.returns)
    compared = benchmark is not None and detail.benchmark is not None
    index_table = (
        benchmark_monthly_table(detail.benchmark, detail.daily.returns) if compared else None
    )
    st.caption(
        "Each month's time-weighted return, green for a gain and red for a loss; the last "
        "row compounds the year's months. A blank month has no return to show."
        + (
            f" Beside the years it covers, {md(benchmark)}'s price return, shown only for "
            "months it covers in full."
            if compared
            else ""
        )
    )
    st.plotly_chart(
        performance_heatmap.monthly_heatmap(table, index_table, benchmark if compared else None),
        width="stretch",
        key="performance_monthly",
        config=performance_heatmap.CONFIG,
    )
    with st.expander("Cross-check: Modified Dietz by month"):
        st.caption(
            "Modified Dietz estimates each month's return from its starting and ending equity, "
            "with each flow weighted by the days it was invested. It should stay close to the "
            "TWR; a wide gap means a large flow met a large move inside that month."
        )
        history = detail.history
        dietz = monthly_modified_dietz(
            history.frame, history.portfolio.opening_equity, history.portfolio.inception_date
        )
        right = st.column_config.TextColumn(alignment="right")
        st.dataframe(
            cross_check(dietz, table, currency),
            hide_index=True,
            width="stretch",
            column_config={
                name: right
                for name in (
                    "TWR",
                    "Modified Dietz",
                    "Gap",
                    "Start equity",
                    "Net flows",
                    "P&L",
                    "End equity",
                )
            },
            key="performance_dietz",
        )


def cross_check(dietz: pd.DataFrame, monthly: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Newest month first: TWR, Modified Dietz, their gap, and the month's money."""
    rows = []
    for record in reversed(dietz.to_dict("records")):
        year, month = (int(part) for part in record["month"].split("-"))
        twr = _month(monthly, year, month)
        md = record["modified_dietz"]
        defined = twr is not None and md is not None
        rows.append(
            {
                "Month": record["month"],
                "TWR": DASH if twr is None else percent(twr),
                "Modified Dietz": DASH if md is None else percent(md),
                "Gap": _basis_points(md - twr) if defined else DASH,
                "Start equity": money(record["begin_equity"], currency),
                "Net flows": signed_money(record["net_flows"], currency),
                "P&L": signed_money(record["pnl"], currency),
                "End equity": money(record["end_equity"], currency),
                "Note": record["reason"] or "",
            }
        )
    return pd.DataFrame(rows)


def _basis_points(gap: float) -> str:
    points = round(gap * 10_000, 1)
    return f"{points:+.1f} bp" if points else "0.0 bp"


def _month(monthly: pd.DataFrame, year: int, month: int) -> float | None:
    if year not in monthly.index:
        return None
    value = float(monthly.loc[year, month])
    return None if math.isnan(value) else value
