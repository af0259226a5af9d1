"""The monthly returns heatmap: months down, years across, readable in both themes and on a phone.

Three things it gets right that the first heatmap did not:

- Every cell is an opaque colour and its figure is an annotation whose colour (black or
  white) is chosen from that cell's luminance, so no text is dark on a dark cell whatever
  the theme (translucent cells over a dark page fooled Plotly's own choice).
- A figure that rounds to zero reads "0.0 %", never "-0.0 %".
- Months run down the side and years across, so a phone (390 px) shows a few wide
  columns rather than thirteen narrow ones with overlapping figures; the page hides the
  mode bar, which covered the column labels.

A chosen benchmark adds a column beside each year's, its months filled only where it
covers the whole month (see :func:`equity.analytics.benchmark_views.benchmark_monthly_table`).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import hex_to_rgb, sample_colorscale, unlabel_rgb

from equity_app import palette
from equity_app.literal import hover

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
YEAR = "Year"
#: Opaque, mid-tone stops: red for a loss, slate at 0, green for a gain (both themes).
NEUTRAL = "#94a3b8"
DIVERGING = [[0.0, palette.LOSS], [0.5, NEUTRAL], [1.0, palette.GAIN]]
#: Pure black and white: whatever the cell, one of them contrasts at least 4.58 : 1 (WCAG AA).
DARK_TEXT, LIGHT_TEXT = "#000000", "#ffffff"
#: Plotly's config for this chart: no mode bar over the column labels on a phone.
CONFIG = {"displayModeBar": False}
_NAME_CHARS = 10  # a benchmark's name in a column label, cut to fit a phone's column
_FONT = 11


def cell_percent(value: float) -> str:
    """One decimal and a percent sign; a value that rounds to zero is "0.0 %", unsigned."""
    shown = round(value * 100.0, 1)
    if shown == 0:
        return "0.0 %"
    return f"{shown:.1f} %"


def monthly_heatmap(
    table: pd.DataFrame,
    benchmark_table: pd.DataFrame | None = None,
    benchmark: str | None = None,
) -> go.Figure:
    """Months (and "Year") down, one column per year; with a benchmark, its column after each.

    ``table`` is :func:`equity.analytics.monthly_returns_table`'s layout (years x 1..12 and
    "Year"). Months share one colour scale centred at 0; the "Year" row has its own (a year
    moves more than a month, and would otherwise wash the months out).
    """
    columns, labels = _columns(table, benchmark_table, benchmark)
    rows = [*MONTHS, YEAR]
    values = [[_value(source, year, row) for source, year in columns] for row in range(13)]
    month_values = [[*row] for row in values[:12]] + [[math.nan] * len(columns)]
    year_values = [[math.nan] * len(columns) for _ in range(12)] + [values[12]]
    month_axis = _diverging(month_values, at_least=0.02)
    year_axis = _diverging(year_values, at_least=0.05)
    figure = go.Figure(
        [
            _heat(labels, rows, month_values, "coloraxis"),
            _heat(labels, rows, year_values, "coloraxis2"),
        ]
    )
    figure.update_layout(
        coloraxis=month_axis,
        coloraxis2=year_axis,
        height=60 + 30 * len(rows),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        hovermode="closest",
        annotations=[
            *_figures(values[:12], month_axis, first_row=0),
            *_figures(values[12:], year_axis, first_row=12),
        ],
    )
    figure.update_xaxes(side="top", type="category", showgrid=False, tickfont={"size": _FONT})
    figure.update_yaxes(
        type="category", autorange="reversed", showgrid=False, automargin=True,
        tickfont={"size": _FONT},
    )  # fmt: skip
    return figure


def text_colour(cell: str) -> str:
    """Black or white, whichever contrasts more with the cell (WCAG relative luminance)."""
    cell_luminance = luminance(cell)
    on_dark = (1.05) / (cell_luminance + 0.05)
    on_light = (cell_luminance + 0.05) / (luminance(DARK_TEXT) + 0.05)
    return LIGHT_TEXT if on_dark > on_light else DARK_TEXT


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb`` or ``rgb(r, g, b)``."""
    red, green, blue = (
        hex_to_rgb(colour) if colour.startswith("#") else unlabel_rgb(colour)
    )  # fmt: skip

    def linear(channel: float) -> float:
        c = channel / 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def cell_colour(value: float, axis: dict) -> str:
    """The colour Plotly paints a cell of ``value`` on a colour axis (linear in RGB)."""
    span = axis["cmax"] - axis["cmin"]
    position = min(max((value - axis["cmin"]) / span, 0.0), 1.0)
    return sample_colorscale(axis["colorscale"], [position])[0]


def _columns(
    table: pd.DataFrame, benchmark_table: pd.DataFrame | None, benchmark: str | None
) -> tuple[list[tuple[pd.DataFrame, int]], list[str]]:
    """(source table, year) per column, and the column labels (escaped: they render HTML)."""
    compared = benchmark is not None and benchmark_table is not None
    columns, labels = [], []
    for year in table.index:
        columns.append((table, year))
        labels.append(f"{year}<br>Portfolio" if compared else str(year))
        if compared and _has_any(benchmark_table, year):  # no empty column where it has none
            columns.append((benchmark_table, year))
            labels.append(f"{year}<br>{hover(_short(benchmark))}")
    return columns, labels


def _has_any(table: pd.DataFrame, year: int) -> bool:
    return year in table.index and bool(table.loc[year].notna().any())


def _short(name: str) -> str:
    return name if len(name) <= _NAME_CHARS else name[: _NAME_CHARS - 1] + "…"


def _value(source: pd.DataFrame, year: int, row: int) -> float:
    column = YEAR if row == 12 else row + 1
    if year not in source.index:
        return math.nan
    return float(source.loc[year, column])


def _heat(labels: list[str], rows: list[str], values, axis: str) -> go.Heatmap:
    text = [["" if math.isnan(v) else cell_percent(v) for v in row] for row in values]
    return go.Heatmap(
        x=labels,
        y=rows,
        z=values,
        text=text,
        coloraxis=axis,
        xgap=2,
        ygap=2,
        hoverongaps=False,
        hovertemplate="%{y} %{x}: %{text}<extra></extra>",
    )


def _figures(values, axis: dict, first_row: int) -> list[dict]:
    """One annotation per filled cell: its figure, in the colour that reads on it.

    Placed by category position, not by name: Plotly reads a name such as "2024" on a
    category axis as the position 2024 and stretches the axis to reach it.
    """
    notes = []
    for row_number, row_values in enumerate(values, start=first_row):
        for column, value in enumerate(row_values):
            if math.isnan(value):
                continue
            notes.append(
                {
                    "x": column,
                    "y": row_number,
                    "text": cell_percent(value),
                    "showarrow": False,
                    "font": {"size": _FONT, "color": text_colour(cell_colour(value, axis))},
                }
            )
    return notes


def _diverging(values, at_least: float) -> dict:
    """Symmetric around 0; ``at_least`` keeps a small return pale rather than full colour."""
    finite = [abs(v) for row in values for v in row if not math.isnan(v)]
    bound = max([*finite, at_least])
    return {"colorscale": DIVERGING, "cmin": -bound, "cmax": bound, "showscale": False}
