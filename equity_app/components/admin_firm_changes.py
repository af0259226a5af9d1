"""The Admin page's record of firm-wide changes: FX rates and benchmarks imported, settings changed.

These audit entries belong to no portfolio, yet they move every portfolio's converted
figures (a new base currency, a replaced rate) or what every page says (the firm's name,
its logo): an administrator reads here when, who and what. Cells are text, never Markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from equity.errors import EquityError
from equity.services.audit import firm_trail
from equity_app.format import timestamp
from equity_app.identity import Identity
from equity_app.literal import md
from equity_app.messages import in_words

ACTIONS = {
    "fx.import": "FX rates imported",
    "setting.set": "Setting changed",
    "benchmark.import": "Benchmark imported",
}


def show(who: Identity) -> None:
    st.subheader("Firm changes")
    try:
        entries = firm_trail(who.database())
    except EquityError as error:
        st.error(md(in_words(error)), icon=":material/error:")
        return
    if not entries:
        st.caption("No FX rates have been imported and no firm setting has been changed yet.")
        return
    table = pd.DataFrame(
        [
            {
                "When": timestamp(entry.recorded_at),
                "Who": entry.actor,
                "What": ACTIONS.get(entry.action, entry.action),
                "Details": entry.details,
            }
            for entry in entries
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch", key="firm_changes")
