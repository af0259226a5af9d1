"""The Admin page's record of changes to people: who granted or removed whom, and when.

Those audit entries belong to no portfolio, so the Audit page (one portfolio's trail)
never shows them; an administrator reads them here. Cells are text, never Markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from equity.errors import EquityError
from equity.services.audit import people_trail
from equity_app.format import timestamp
from equity_app.identity import Identity
from equity_app.literal import md
from equity_app.messages import in_words

ACTIONS = {"user.set": "Access set", "user.remove": "Person removed"}


def show(who: Identity) -> None:
    st.subheader("Changes to people")
    try:
        entries = people_trail(who.database())
    except EquityError as error:
        st.error(md(in_words(error)), icon=":material/error:")
        return
    if not entries:
        st.caption("Nobody has been added or removed yet.")
        return
    table = pd.DataFrame(
        [
            {
                "When": timestamp(entry.recorded_at),
                "Who": entry.actor,
                "Change": ACTIONS.get(entry.action, entry.action),
                "Details": entry.details,
            }
            for entry in entries
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
