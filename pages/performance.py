"""Performance: flow-neutral returns by period, risk, growth against a benchmark, by month."""

from __future__ import annotations

import streamlit as st

from equity_app import data
from equity_app.components import (
    empty_state,
    performance_controls,
    performance_growth,
    performance_metrics,
    performance_monthly,
    performance_periods,
    performance_risk,
    sidebar,
)
from equity_app.format import day
from equity_app.literal import md

portfolio = sidebar.show()
st.title("Performance")
if portfolio is None:
    empty_state.no_portfolio()
    st.stop()

benchmarks = data.benchmarks()
choices = performance_controls.show(benchmarks)
detail = data.performance_detail(portfolio.id, choices.benchmark)
if detail.history.frame.empty:
    empty_state.no_snapshots(portfolio)
    st.stop()

summary = detail.summary
st.caption(
    f"**{md(portfolio.name)}** from its inception on {day(summary.start)} to its latest snapshot "
    f"on {day(summary.end)}, in {portfolio.currency}. Returns exclude the effect of deposits "
    "and withdrawals unless they say money-weighted."
)
performance_metrics.show(detail, choices.risk_free_rate)

st.subheader("Returns by period")
performance_periods.show(
    detail.periods, portfolio.currency, detail.benchmark_periods, choices.benchmark
)

if detail.daily.returns.empty:
    performance_metrics.no_returns(detail)
    st.stop()

st.subheader("Growth of 1")
performance_growth.show(detail, choices.benchmark, imported=bool(benchmarks))
performance_risk.show(detail)
performance_monthly.show(detail, portfolio.currency, choices.benchmark)
