"""The stored days a snapshot file would overwrite, old figures -> new, before the import.

Re-importing stored days replaces their P&L; the user sees the old values first (the audit
keeps them too).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from equity.services.snapshots import ReplacedDay, SnapshotInput, preview_replaced_days
from equity.services.views import PortfolioView
from equity.storage.models import CARRY_FORWARD
from equity_app.format import day, money, signed_money
from equity_app.state import database

#: Rows shown in the table; the warning above it counts them all.
SHOWN_ROWS = 200
#: What a stored day was, in words: a carry-forward day was filled by a flow, not reported.
STORED_AS = {
    "batch": "batch snapshot",
    "import": "imported snapshot",
    "manual": "snapshot entered by hand",
    CARRY_FORWARD: "filled carry-forward day",
}


def show(portfolio: PortfolioView, rows: Sequence[SnapshotInput]) -> int:
    """Warn about and list the days ``rows`` replace; returns how many there are."""
    replaced = preview_replaced_days(database(), portfolio.id, rows)
    if replaced:
        st.warning(
            f"{len(replaced):,} day(s) already stored will be replaced; their old figures "
            "are below, and the audit keeps them.",
            icon=":material/published_with_changes:",
        )
        st.dataframe(
            replaced_table(replaced, portfolio.currency),
            hide_index=True,
            width="stretch",
            key="snapshots_replaced",
            height=min(36 * 8, 36 * (min(len(replaced), SHOWN_ROWS) + 1)),
        )
    return len(replaced)


def replaced_table(replaced: list[ReplacedDay], currency: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Date": day(r.snapshot_date),
                "Daily P&L": f"{signed_money(r.old_daily_pnl, currency)} → "
                f"{signed_money(r.new_daily_pnl, currency)}",
                "Total value": f"{money(r.old_total_value, currency)} → "
                f"{money(r.new_total_value, currency)}",
                "Replaces": STORED_AS.get(r.old_source, r.old_source),
            }
            for r in replaced[:SHOWN_ROWS]
        ],
        columns=["Date", "Daily P&L", "Total value", "Replaces"],
    )
