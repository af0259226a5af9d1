"""The snapshot table: one line per day, newest first, money in the portfolio's currency."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from equity_app.format import day, money, signed_money

SOURCES = {
    "batch": "Batch",
    "import": "Import",
    "manual": "Manual",
    "carry_forward": "Carried forward",
}
MONEY_COLUMNS = ("Equity", "Daily P&L", "Cumulative P&L", "Deposits", "Withdrawals", "Total value")


def show(frame: pd.DataFrame, currency: str) -> None:
    """Amounts as text made by format_money (exact, right-aligned); sources in words."""
    rows = [
        {
            "Date": day(row.date),
            "Equity": money(row.equity_balance, currency),
            "Daily P&L": signed_money(row.daily_pnl, currency),
            "Cumulative P&L": money(row.cumulative_pnl, currency),
            "Deposits": money(row.equity_inflow, currency) if row.equity_inflow else "",
            "Withdrawals": money(row.equity_outflow, currency) if row.equity_outflow else "",
            "Total value": money(row.total_value, currency),
            "Source": SOURCES.get(row.source, row.source),
        }
        for row in frame.iloc[::-1].itertuples(index=False)
    ]
    right = st.column_config.TextColumn(alignment="right")
    st.dataframe(
        pd.DataFrame(rows, columns=["Date", *MONEY_COLUMNS, "Source"]),
        hide_index=True,
        width="stretch",
        column_config=dict.fromkeys(MONEY_COLUMNS, right),
        key="history_table",
    )
