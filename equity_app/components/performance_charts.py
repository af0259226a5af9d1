"""Plotly figures of the Performance page: growth of 1, drawdown, rolling year.

The monthly heatmap has a module of its own, :mod:`performance_heatmap`.

Inputs are the engine's float return series (ratios, not money); hovers show percentages
formatted here. Series longer than :data:`charts.WEBGL_ABOVE` points are drawn with WebGL.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import plotly.graph_objects as go

from equity_app import palette
from equity_app.components.charts import WEBGL_ABOVE
from equity_app.format import percent
from equity_app.literal import hover


def growth_chart(lines: dict[str, pd.Series]) -> go.Figure:
    """Growth of 1 for each named series (date-indexed, starting at 1.0), the portfolio first.

    The names are passed as data, escaped, never pasted into the hover template.
    """
    figure = go.Figure()
    colours = [palette.EQUITY, palette.BENCHMARK]
    for (name, series), colour in zip(lines.items(), colours, strict=False):
        values = [float(v) for v in series]
        label = hover(name)  # a benchmark's name is user text: legend and hover render HTML
        figure.add_trace(
            _scatter(len(values))(
                x=list(series.index),
                y=values,
                name=label,
                mode="lines" if len(values) > 1 else "markers",
                line={"color": colour, "width": 2},
                marker={"color": colour},
                customdata=[[label, percent(v - 1.0, signed=True)] for v in values],
                hovertemplate="%{customdata[0]} %{y:.4f} (%{customdata[1]})<extra></extra>",
            )
        )
    figure.add_hline(y=1.0, line={"color": palette.CONTRIBUTIONS, "width": 1, "dash": "dot"})
    _layout(figure, height=380)
    values = [float(v) for series in lines.values() for v in series]
    spread = max(values, default=1.0) - min(values, default=1.0)
    figure.update_yaxes(tickformat=".2f" if spread > 0.05 else ".4f")
    _short_range_dates(figure, [d for series in lines.values() for d in series.index])
    return figure


def underwater_chart(series: pd.Series, trough: date | None) -> go.Figure:
    """How far below its previous peak the TWR index stood each day (0 at a new high)."""
    values = [float(v) for v in series]
    area = _scatter(len(values))(
        x=list(series.index),
        y=values,
        name="Drawdown",
        mode="lines",
        fill="tozeroy",
        line={"color": palette.LOSS, "width": 1},
        customdata=[percent(v) for v in values],
        hovertemplate="Drawdown %{customdata}<extra></extra>",
    )
    figure = go.Figure(area)
    if trough is not None and trough in series.index:
        worst = float(series[trough])
        figure.add_trace(
            go.Scatter(
                x=[trough],
                y=[worst],
                mode="markers+text",
                marker={"color": palette.LOSS, "size": 9, "line": {"width": 1, "color": "white"}},
                text=[f"Deepest {percent(worst, 1)}"],
                textposition="bottom right",
                hoverinfo="skip",
                name="Deepest point",
            )
        )
    _layout(figure, height=320)
    figure.update_layout(showlegend=False)
    _short_range_dates(figure, list(series.index))
    floor = min(values, default=0.0)
    figure.update_yaxes(tickformat=".0%", range=[floor * 1.25 - 0.005, 0.005])
    return figure


def rolling_chart(series: pd.Series, months: int = 12) -> go.Figure:
    """The TWR of the trailing ``months`` at every date that has a full window."""
    values = [float(v) for v in series]
    figure = go.Figure(
        _scatter(len(values))(
            x=list(series.index),
            y=values,
            name=f"Rolling {months}-month TWR",
            mode="lines" if len(values) > 1 else "markers",
            line={"color": palette.EQUITY, "width": 2},
            customdata=[percent(v, signed=True) for v in values],
            hovertemplate=f"{months} months to %{{x|%Y-%m-%d}}: %{{customdata}}<extra></extra>",
        )
    )
    figure.add_hline(y=0.0, line={"color": palette.CONTRIBUTIONS, "width": 1})
    _layout(figure, height=320)
    figure.update_layout(showlegend=False)
    figure.update_yaxes(tickformat=".0%")
    return figure


def _short_range_dates(figure: go.Figure, dates: list[date]) -> None:
    """A few days of history: one tick per day, as a date (Plotly would tick by the hour)."""
    if dates and (max(dates) - min(dates)).days <= 14:
        half_day = timedelta(hours=12)  # so the first and last dates get their ticks too
        figure.update_xaxes(
            dtick=24 * 60 * 60 * 1000,
            tickformat="%Y-%m-%d",
            range=[_midnight(min(dates)) - half_day, _midnight(max(dates)) + half_day],
        )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def _scatter(points: int):
    return go.Scattergl if points > WEBGL_ABOVE else go.Scatter


def _layout(figure: go.Figure, height: int) -> go.Figure:
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "top", "y": -0.1, "x": 0},
    )
    figure.update_xaxes(title_text=None, automargin=True)
    figure.update_yaxes(title_text=None, automargin=True)
    return figure
