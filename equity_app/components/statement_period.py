"""Choosing a statement's period: a month, a quarter, a year (as a client is sent), or two dates.

The lists run from the portfolio's inception to today, newest first; the default is the
last complete month, the statement a manager sends most often.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from equity.reads.statement import StatementPeriod, month_period, quarter_period, year_period
from equity_app.components.period_picker import date_range

KINDS = ("Month", "Quarter", "Year", "Custom")


def months(inception: date, today: date) -> list[tuple[int, int]]:
    """(year, month) from today's month back to the inception month."""
    found, (year, month) = [], (today.year, today.month)
    while (year, month) >= (inception.year, inception.month):
        found.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found


def quarters(inception: date, today: date) -> list[tuple[int, int]]:
    """(year, quarter) from today's quarter back to the inception quarter."""
    seen = [(y, (m - 1) // 3 + 1) for y, m in months(inception, today)]
    return list(dict.fromkeys(seen))


def default_month(choices: list[tuple[int, int]]) -> int:
    """The last complete month (the second in the list) when there is one."""
    return 1 if len(choices) > 1 else 0


def show(inception: date, today: date) -> StatementPeriod:
    """The period chosen on the page (keys kept per kind, so switching back keeps a choice)."""
    kind = st.segmented_control(
        "Period", KINDS, default="Month", required=True, key="statement_kind"
    )
    if kind == "Month":
        choices = months(inception, today)
        year, month = st.selectbox(
            "Month",
            choices,
            index=default_month(choices),
            format_func=lambda c: date(c[0], c[1], 1).strftime("%B %Y"),
            key="statement_month",
        )
        return month_period(year, month)
    if kind == "Quarter":
        year, quarter = st.selectbox(
            "Quarter",
            quarters(inception, today),
            format_func=lambda c: f"Q{c[1]} {c[0]}",
            key="statement_quarter",
        )
        return quarter_period(year, quarter)
    if kind == "Year":
        year = st.selectbox(
            "Year", list(range(today.year, inception.year - 1, -1)), key="statement_year"
        )
        return year_period(year)
    start, end = date_range("statement_dates", inception, today)
    return StatementPeriod(start, end)
