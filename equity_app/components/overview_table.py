"""All portfolios side by side, each amount in its own currency."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from equity.reads.history import OverviewRow
from equity_app.format import day, money


def show(rows: list[OverviewRow]) -> None:
    """A table with one line per portfolio; shown only when there are several."""
    if len(rows) < 2:
        return
    st.subheader("All portfolios")
    table = pd.DataFrame(
        [
            {
                "Portfolio": row.portfolio.name,
                "Currency": row.portfolio.currency,
                "Current equity": money(row.portfolio.equity_balance, row.portfolio.currency),
                "Net contributions": money(row.net_contributions, row.portfolio.currency),
                "Cumulative P&L": money(row.cumulative_pnl, row.portfolio.currency),
                "Last snapshot": day(row.last_snapshot),
                "Days": row.snapshot_count,
            }
            for row in rows
        ]
    )
    right = st.column_config.TextColumn(alignment="right")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "Current equity": right,
            "Net contributions": right,
            "Cumulative P&L": right,
        },
    )
