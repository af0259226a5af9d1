"""The Performance page's two choices, in the sidebar under the portfolio: the benchmark to
compare with (none until one is chosen), and the risk-free rate of the Sharpe ratio.

No benchmark is the default: a benchmark is a comparison a person asks for, and picking
the first one imported drew an index nobody chose beside every portfolio.

Streamlit forgets a widget's value when a run does not draw it (another page), so each
choice is also kept under a key of its own and given back to the widget on return.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from equity.services.benchmarks import BenchmarkView

BENCHMARK = "performance_benchmark"
RISK_FREE = "performance_risk_free"
_KEPT = "performance_choices"
NO_BENCHMARK_LABEL = "None"


@dataclass(frozen=True)
class Choices:
    benchmark: str | None  # None: no benchmark chosen (the default) or none imported yet
    risk_free_rate: float  # annual, as a ratio: 0.04 is 4 %


def show(benchmarks: list[BenchmarkView]) -> Choices:
    state = st.session_state
    kept: Choices = state.get(_KEPT, Choices(None, 0.0))
    sidebar = st.sidebar
    sidebar.divider()
    names = [b.name for b in benchmarks]
    benchmark = None
    if names:
        options: list[str | None] = [None, *names]
        if BENCHMARK not in state or state[BENCHMARK] not in options:  # back, or deleted
            state[BENCHMARK] = kept.benchmark if kept.benchmark in names else None
        benchmark = sidebar.selectbox(
            "Benchmark",
            options,
            key=BENCHMARK,
            format_func=_label,
            help="An index to draw beside the portfolio and add to the period table and the "
            "monthly returns. The portfolio's own figures never change with it.",
        )
    if RISK_FREE not in state:
        state[RISK_FREE] = kept.risk_free_rate * 100.0
    rate = sidebar.number_input(
        "Risk-free rate (% a year)",
        min_value=-5.0,
        max_value=50.0,
        step=0.25,
        format="%.2f",
        key=RISK_FREE,
        help="For the Sharpe ratio: the annual return of cash over the same years.",
    )
    state[_KEPT] = Choices(benchmark, rate / 100.0)
    return state[_KEPT]


def _label(option: str | None) -> str:
    """The option's text: a benchmark's name as it is, or "None"."""
    return NO_BENCHMARK_LABEL if option is None else option
