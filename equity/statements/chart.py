"""Where the lines of the equity-against-contributions chart go, for any drawing surface.

The PDF (reportlab shapes) and the HTML (inline SVG) both place the same points from
here, so the two documents draw the same chart. Coordinates have their origin at the
bottom left, y upwards (PDF's way); the SVG flips them. Floats are fine: this is a chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from equity.reads.statement import ChartPoint

Point = tuple[float, float]


@dataclass(frozen=True)
class ChartLayout:
    """The plotting box inside a drawing of ``width`` x ``height``."""

    width: float
    height: float
    left: float = 62.0
    right: float = 12.0
    bottom: float = 22.0
    top: float = 10.0

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.bottom - self.top


@dataclass(frozen=True)
class ChartGeometry:
    """Both lines, the y gridlines with their labels, and the first and last dates."""

    layout: ChartLayout
    equity: tuple[Point, ...]
    contributions: tuple[Point, ...]
    y_ticks: tuple[tuple[float, str], ...]
    x_labels: tuple[tuple[float, str, str], ...]  # x, text, anchor (start or end)


def chart_geometry(points: Sequence[ChartPoint], layout: ChartLayout) -> ChartGeometry:
    """Scale the series into the layout: dates by calendar day, both lines on one axis."""
    if not points:
        return ChartGeometry(layout, (), (), (), ())
    first, last = points[0].date, points[-1].date
    span_days = max((last - first).days, 1)
    values = [float(v) for p in points for v in (p.equity, p.net_contributions)]
    low, high, step = _nice_range(min(values), max(values))

    def x_of(point: ChartPoint) -> float:
        return layout.left + layout.plot_width * (point.date - first).days / span_days

    def y_of(value: Decimal | float) -> float:
        return layout.bottom + layout.plot_height * (float(value) - low) / (high - low)

    ticks = []
    value = low
    while value <= high + step / 2:
        ticks.append((y_of(value), _short_amount(value)))
        value += step
    return ChartGeometry(
        layout=layout,
        equity=tuple((x_of(p), y_of(p.equity)) for p in points),
        contributions=tuple((x_of(p), y_of(p.net_contributions)) for p in points),
        y_ticks=tuple(ticks),
        x_labels=(
            (layout.left, first.isoformat(), "start"),
            (layout.left + layout.plot_width, last.isoformat(), "end"),
        ),
    )


def _nice_range(low: float, high: float) -> tuple[float, float, float]:
    """Round bounds and a step of 1, 2 or 5 times a power of ten, about four gridlines."""
    if high == low:
        pad = abs(high) * 0.05 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _short_amount(value: float) -> str:
    """1.2M, 350k, 900: an axis label, not a figure (the figures are in the table)."""
    size = abs(value)
    if size >= 1e9:
        return f"{value / 1e9:.4g}B"
    if size >= 1e6:
        return f"{value / 1e6:.4g}M"
    if size >= 1e3:
        return f"{value / 1e3:.4g}k"
    return f"{value:.4g}"
