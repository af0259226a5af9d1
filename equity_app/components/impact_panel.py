"""What a flow or a void will do, shown before anything is written."""

from __future__ import annotations

from decimal import Decimal

import streamlit as st

from equity.reads.dashboard import impact_change
from equity.services.views import FlowImpact
from equity_app.format import day, money, signed_money


def show(impact: FlowImpact, currency: str, *, if_approved: bool = False) -> None:
    """Equity on the flow's date and today, before and after, and the days recomputed.

    ``if_approved``: the impact of a proposal, which only an approval would bring about.
    """
    change = impact_change(impact)
    suffix = " if approved" if if_approved else ""
    left, right = st.columns(2)
    left.metric(
        f"Equity on {day(impact.flow_date)}{suffix}",
        money(impact.equity_on_date_after, currency),
        delta=_from(change.on_date, impact.equity_on_date_before, currency),
    )
    right.metric(
        f"Current equity{suffix}",
        money(impact.new_equity_balance, currency),
        delta=_from(change.current, impact.current_equity_before, currency),
    )
    days = impact.days_recomputed
    when = "would be recomputed on approval" if if_approved else "will be recomputed"
    st.caption(
        f"{days} day{'s' if days != 1 else ''} of equity from {day(impact.flow_date)} on {when}."
    )


def _from(change: Decimal, before: Decimal, currency: str) -> str:
    return f"{signed_money(change, currency)} from {money(before, currency)}"
