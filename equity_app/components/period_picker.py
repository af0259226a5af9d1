"""Choosing a date range: presets a manager thinks in (MTD, QTD, YTD, 1Y) or any two dates."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

PRESETS = ("MTD", "QTD", "YTD", "1Y", "Since inception", "Custom")


def preset_range(preset: str, inception: date, last: date) -> tuple[date, date]:
    """The [start, end] of a preset ending on ``last``; never before inception."""
    quarter_month = 3 * ((last.month - 1) // 3) + 1
    starts = {
        "MTD": date(last.year, last.month, 1),
        "QTD": date(last.year, quarter_month, 1),
        "YTD": date(last.year, 1, 1),
        "1Y": last - timedelta(days=365),
    }
    return max(starts.get(preset, inception), inception), last


def show(key: str, inception: date, last: date, default: str = "YTD") -> tuple[date, date]:
    """A preset control plus, for "Custom", a date range; returns (start, end)."""
    preset = st.segmented_control(
        "Period", PRESETS, default=default, required=True, key=f"{key}_preset"
    )
    if preset != "Custom":
        return preset_range(preset, inception, last)
    return date_range(f"{key}_dates", inception, last, preset_range(default, inception, last))


def date_range(
    key: str, first: date, last: date, default: tuple[date, date] | None = None
) -> tuple[date, date]:
    """Two dates within [first, last]; half a range (one click so far) reads as one day."""
    chosen = st.date_input(
        "Date range",
        value=default or (first, last),
        min_value=first,
        max_value=max(first, last),
        key=key,
        format="YYYY-MM-DD",
    )
    if isinstance(chosen, date):
        return chosen, chosen
    if len(chosen) == 1:
        return chosen[0], chosen[0]
    if len(chosen) == 0:
        return first, last
    return chosen[0], chosen[1]
