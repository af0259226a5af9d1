"""The warning every page shows when the selected portfolio's stored figures are inconsistent.

The check (:func:`equity.services.checks.check_invariants`) recomputes every invariant from
the ledger and the daily P&L; it is cached with the other reads and cleared after writes.
Problems come from outside the app (a manual SQL edit, a restore); recomputing fixes them.
"""

from __future__ import annotations

import shlex

import streamlit as st

from equity.services.views import PortfolioView, Problem
from equity_app import data
from equity_app.literal import code

SHOWN = 3


def show(portfolio: PortfolioView | None) -> None:
    """A warning with the first few problems and the command that fixes them; nothing if none."""
    if portfolio is None:
        return
    problems = data.problems(portfolio.id)
    if problems:
        st.warning(message(portfolio, problems), icon=":material/report:")


def message(portfolio: PortfolioView, problems: list[Problem]) -> str:
    count = len(problems)
    name = shlex.quote(portfolio.name)
    lines = [
        f"**{count} consistency problem{'s' if count != 1 else ''} found** in this portfolio's "
        "stored figures: equity and returns shown may be wrong until it is recomputed.",
        "",
        *(f"- {_problem(problem)}" for problem in problems[:SHOWN]),
    ]
    if count > SHOWN:
        listing = code(f"python -m equity check {name}")
        lines.append(f"- …and {count - SHOWN} more ({listing} lists them all).")
    lines += ["", f"Fix: {code(f'python -m equity recompute {name}')}"]
    return "\n".join(lines)


def _problem(problem: Problem) -> str:
    where = problem.day.isoformat() if problem.day else "portfolio"
    return f"{where}: {problem.check}: expected `{problem.expected}`, found `{problem.actual}`"
