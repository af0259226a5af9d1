"""What a flow or a void will do, shown before anything is written."""

from __future__ import annotations

from decimal import Decimal

import streamlit as st

from equity.reads.dashboard import impact_change
from equity.services.views import FlowImpact
from equity_app.format import day, money, signed_money


def show(impact: FlowImpact, currency: str) -> None:
    """Equity on the flow's date and today, before and after, and the days recomputed."""
    change = impact_change(impact)
    left, right = st.columns(2)
    left.metric(
        f"Equity on {day(impact.flow_date)}",
        money(impact.equity_on_date_after, currency),
        delta=_from(change.on_date, impact.equity_on_date_before, currency),
    )
    right.metric(
        "Current equity",
        money(impact.new_equity_balance, currency),
        delta=_from(change.current, impact.current_equity_before, currency),
    )
    days = impact.days_recomputed
    st.caption(
        f"{days} day{'s' if days != 1 else ''} of equity from {day(impact.flow_date)} on "
        "will be recomputed."
    )


def _from(change: Decimal, before: Decimal, currency: str) -> str:
    return f"{signed_money(change, currency)} from {money(before, currency)}"
