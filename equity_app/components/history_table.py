"""The snapshot table: one line per day, newest first, money in the portfolio's currency.

A person who may write selects a row to delete that day. As in the ledger (ledger_table.py),
a selected position is turned into its date at once, through the dates of the rows drawn
on the run before (what the person saw and clicked), and a selection is taken off by
drawing the grid under a new key.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from equity.storage.models import CARRY_FORWARD
from equity_app.components.money_columns import money_column, shown_amount, signed_money_column
from equity_app.components.row_selection import RowSelection
from equity_app.format import day

#: Where a day's figures came from, in the PM's words (the header's help says more).
SOURCES = {
    "batch": "Daily feed",
    "import": "CSV import",
    "manual": "Entered by hand",
    CARRY_FORWARD: "Carried forward",
}
SOURCE_HELP = (
    "Daily feed: the nightly load of the day's figures. CSV import: a file imported on the "
    "Data page. Entered by hand: one day typed in. Carried forward: no figures came for this "
    "day (a weekend, or after the last imported day); it exists because a deposit or "
    "withdrawal is dated on it, with no P&L and the previous day's market value."
)
AMOUNT_COLUMNS = ("Equity", "Deposits", "Withdrawals", "Total value")
CHANGE_COLUMNS = ("Daily P&L", "Cumulative P&L")
COLUMNS = ["Date", "Equity", *CHANGE_COLUMNS, "Deposits", "Withdrawals", "Total value", "Source"]
#: Which row the person selected, whatever moved since (see row_selection).
SELECTION = RowSelection(table="history_table", shown="history_shown_dates")
TABLE = SELECTION.table
GENERATION = SELECTION.generation


def show(frame: pd.DataFrame, currency: str, *, selectable: bool = False) -> date | None:
    """Amounts as numbers drawn in the currency (so they sort as money); sources in words.

    ``selectable``: a row can be selected (to delete that day); returns the date the person
    has just selected, or None when no new row was selected on this run.
    """
    picked = SELECTION.picked(list(frame["date"].iloc[::-1])) if selectable else None
    st.dataframe(
        snapshot_rows(frame),
        hide_index=True,
        width="stretch",
        column_config=column_config(currency),
        placeholder="",
        key=SELECTION.key(),
        **({"on_select": "rerun", "selection_mode": "single-row"} if selectable else {}),
    )
    return picked


def table_key(generation: int) -> str:
    """The grid's widget key in its ``generation``: each clearing draws a new grid."""
    return SELECTION.key(generation)


def clear_selection() -> None:
    """Draw the table with no row selected next time (after a delete, or a dialog closed)."""
    SELECTION.clear()


def snapshot_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The table behind the grid, newest first: a day without a flow has an empty cell."""
    rows = [
        {
            "Date": day(row.date),
            "Equity": shown_amount(row.equity_balance),
            "Daily P&L": shown_amount(row.daily_pnl),
            "Cumulative P&L": shown_amount(row.cumulative_pnl),
            "Deposits": shown_amount(row.equity_inflow) if row.equity_inflow else None,
            "Withdrawals": shown_amount(row.equity_outflow) if row.equity_outflow else None,
            "Total value": shown_amount(row.total_value),
            "Source": SOURCES.get(row.source, row.source),
        }
        for row in frame.iloc[::-1].itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def column_config(currency: str) -> dict[str, object]:
    """Every money column as currency; the P&L columns signed; the source explained."""
    config: dict[str, object] = {name: money_column(name, currency) for name in AMOUNT_COLUMNS}
    config |= {name: signed_money_column(name, currency) for name in CHANGE_COLUMNS}
    config["Source"] = st.column_config.TextColumn("Source", help=SOURCE_HELP)
    return config
