"""Admin: the chosen portfolio's settings (rename, correct, archive), people and their roles,
four-eyes per portfolio, and the firm-wide changes (administrators only).

Not in the menu for anyone else; reached by its address, it says so and shows nothing.
"""

from __future__ import annotations

import streamlit as st

from equity.services.portfolios import list_portfolios
from equity_app.components import (
    admin_firm_changes,
    admin_four_eyes,
    admin_people_log,
    admin_users,
    portfolio_settings,
    sidebar,
)
from equity_app.identity import current_identity

portfolio = sidebar.show()
who = current_identity()
st.title("Admin")
if not who.is_admin:
    st.warning(
        "Only an administrator can manage people and portfolio settings.",
        icon=":material/lock:",
    )
    st.stop()

portfolio_settings.show(portfolio)
st.divider()
portfolios = list_portfolios(who.database())  # read now: the switches show what is stored
admin_users.show(who, [portfolio.name for portfolio in portfolios])
st.divider()
admin_four_eyes.show(who, portfolios)
st.divider()
admin_people_log.show(who)
st.divider()
admin_firm_changes.show(who)
