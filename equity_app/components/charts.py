"""Plotly figures for the dashboard and the history page, in the palette of equity_app.

Hovers show text made by :func:`equity.money.format_money` from the exact Decimals (passed
as ``customdata``), so a hover never disagrees with a metric by a rounding; only the
geometry is float. User text (flow notes) reaches a hover only as ``customdata`` escaped by
:func:`equity_app.literal.hover`: Plotly renders ``<b>``, ``<a href>`` and ``<span style>``
in hovers, and reads ``%{…}`` in a template. Series longer than :data:`WEBGL_ABOVE` points
are drawn with WebGL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from equity.money import ZERO, currency_symbol
from equity.reads.dashboard import FlowMarker, Waterfall
from equity_app import palette
from equity_app.chart_data import pnl_bars, waterfall_steps
from equity_app.format import money, plotly_affixes, signed_money, to_float
from equity_app.literal import hover

WEBGL_ABOVE = 5_000


def equity_chart(frame: pd.DataFrame, markers: Sequence[FlowMarker], currency: str) -> go.Figure:
    """Equity and net contributions above, cumulative P&L below, on one shared date axis.

    Two panels, not one axis: equity (millions) and P&L (often thousands, and negative)
    on one zero-based axis both read as flat lines. Each panel's y axis fits the days
    shown; the x axis runs from the first day shown to the last snapshot, so a flow marker
    never stretches it (markers outside the days shown are left out).
    """
    figure = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.06
    )
    for column, name, colour in (
        ("equity_balance", "Equity", palette.EQUITY),
        ("net_contributions", "Net contributions", palette.CONTRIBUTIONS),
    ):
        figure.add_trace(_line(frame, column, name, colour, currency), row=1, col=1)
    for kind, name, colour, symbol in (
        ("deposit", "Deposit", palette.DEPOSIT, "triangle-up"),
        ("withdrawal", "Withdrawal", palette.WITHDRAWAL, "triangle-down"),
    ):
        chosen = [m for m in markers_within(markers, frame) if m.kind == kind]
        if chosen:
            figure.add_trace(_flow_trace(chosen, name, colour, symbol, currency), row=1, col=1)
    pnl = _line(frame, "cumulative_pnl", "Cumulative P&L", palette.CUMULATIVE_PNL, currency)
    figure.add_trace(pnl, row=2, col=1)
    _money_layout(figure, currency, height=520)
    figure.update_yaxes(autorange=True, rangemode="normal", fixedrange=False)
    figure.update_yaxes(zeroline=True, row=2, col=1)
    if len(frame) > 1:
        figure.update_xaxes(range=[frame["date"].iloc[0], frame["date"].iloc[-1]])
    figure.update_xaxes(rangeslider_visible=False)
    return figure


def markers_within(markers: Iterable[FlowMarker], frame: pd.DataFrame) -> list[FlowMarker]:
    """The markers dated within the days shown: one after the last snapshot is left out."""
    if frame.empty:
        return []
    first, last = frame["date"].iloc[0], frame["date"].iloc[-1]
    return [m for m in markers if first <= m.flow_date <= last]


#: More bars than this in a half-width chart are under two pixels wide and vanish;
#: longer ranges show exact weekly (then monthly) sums instead.
MAX_PNL_BARS = 400


def daily_pnl_chart(frame: pd.DataFrame, currency: str) -> go.Figure:
    """P&L bars, green for a gain and red for a loss: daily, or weekly / monthly sums.

    The period is in the trace's name and each hover ("Weekly P&L, week to 2025-01-03"),
    and :func:`pnl_title` gives the page the same words for its heading.
    """
    bars, period = pnl_bars(frame, max_bars=MAX_PNL_BARS)
    pnl = list(bars["daily_pnl"])
    figure = go.Figure(
        go.Bar(
            x=list(bars["date"]),
            y=[to_float(v) for v in pnl],
            marker_color=[palette.GAIN if v >= 0 else palette.LOSS for v in pnl],
            customdata=[signed_money(v, currency) for v in pnl],
            hovertemplate=f"{_PNL_HOVER[period]} %{{customdata}}<extra></extra>",
            name=f"{period} P&L",
        )
    )
    _money_layout(figure, currency)
    figure.update_layout(showlegend=False, bargap=0.1)
    return figure


_PNL_HOVER = {
    "Daily": "Daily P&L",
    "Weekly": "Weekly P&L, week to %{x|%Y-%m-%d}:",
    "Monthly": "Monthly P&L, month to %{x|%Y-%m-%d}:",
}


def pnl_title(frame: pd.DataFrame) -> str:
    """The heading of the P&L chart: "Daily P&L", or "Weekly P&L" and "Monthly P&L" sums."""
    return f"{pnl_bars(frame, max_bars=MAX_PNL_BARS)[1]} P&L"


def contributions_vs_gains_chart(frame: pd.DataFrame, currency: str) -> go.Figure:
    """Net contributions as an area; market gains above them, market losses below them.

    A cumulative loss is drawn as the red band from equity up to contributions (what the
    market took from the money put in), never stacked on top as if it were a gain. Each
    band fills to the trace just before it, so contributions are drawn twice: once as the
    grey area the losses fill to, once (invisibly) as the edge the gains fill to. Filling
    to the previous trace works for SVG and WebGL traces alike, where ``stackgroup`` does not.
    """
    gains, losses = gain_and_loss_edges(frame)
    contributions = _line(
        frame, "net_contributions", "Net contributions", palette.CONTRIBUTIONS, currency
    )
    contributions.update(fill="tozeroy", line={"width": 1})
    loss_band = _band(frame, losses, "Market losses", palette.LOSS)
    loss_band.update(hoverinfo="skip", hovertemplate=None)
    edge = _band(frame, list(frame["net_contributions"]), "Net contributions", "rgba(0,0,0,0)")
    edge.update(fill=None, showlegend=False, hoverinfo="skip", hovertemplate=None)
    gain_band = _band(frame, gains, "Market gains", palette.GAIN)
    gain_band.update(
        customdata=[signed_money(v, currency) for v in frame["cumulative_pnl"]],
        hovertemplate="Gains/losses %{customdata}<extra></extra>",
    )
    figure = go.Figure([contributions, loss_band, edge, gain_band])
    return _money_layout(figure, currency)


def gain_and_loss_edges(frame: pd.DataFrame) -> tuple[list[Decimal], list[Decimal]]:
    """The top edge of the gains band and the bottom edge of the losses band, per day.

    Contributions plus the cumulative P&L when it is positive (else contributions), and
    contributions plus the cumulative P&L when it is negative (else contributions): each
    band has zero height on the days it does not apply.
    """
    pairs = list(zip(frame["net_contributions"], frame["cumulative_pnl"], strict=True))
    gains = [c + max(pnl, ZERO) for c, pnl in pairs]
    losses = [c + min(pnl, ZERO) for c, pnl in pairs]
    return gains, losses


def _band(frame: pd.DataFrame, edge: list[Decimal], name: str, colour: str) -> go.Scatter:
    """A money band filled down (or up) to the trace drawn just before it."""
    trace_class = go.Scattergl if len(edge) > WEBGL_ABOVE else go.Scatter
    return trace_class(
        x=list(frame["date"]),
        y=[to_float(v) for v in edge],
        name=name,
        mode="lines",
        line={"color": colour, "width": 0},  # no edge: on days without a band it would
        fill="tonexty",  # lie along contributions and read as a gain or a loss
        fillcolor=_translucent(colour),
        hovertemplate=f"{name}<extra></extra>",
    )


def _translucent(colour: str, alpha: float = 0.45) -> str:
    """``#rrggbb`` as ``rgba(r,g,b,alpha)``: a band that lets the grid show through."""
    if not colour.startswith("#"):
        return colour
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def waterfall_chart(waterfall: Waterfall, currency: str) -> go.Figure:
    """Starting equity, + deposits, - withdrawals, +/- P&L, ending equity, as floating bars.

    Floating bars rather than ``go.Waterfall`` so each bar keeps the colour of its meaning
    (a deposit is never coloured as a gain).
    """
    steps = waterfall_steps(waterfall)
    figure = go.Figure(
        go.Bar(
            x=[step.label for step in steps],
            y=[to_float(step.height) for step in steps],
            base=[to_float(step.base) for step in steps],
            marker_color=[palette.ROLE_COLOURS[step.role] for step in steps],
            text=[_bar_label(step.amount, step.role, currency, compact=True) for step in steps],
            customdata=[_bar_label(step.amount, step.role, currency) for step in steps],
            textposition="outside",
            constraintext="none",
            cliponaxis=False,
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )
    _money_layout(figure, currency, height=380)
    figure.update_layout(showlegend=False, hovermode="closest")
    figure.update_yaxes(range=_zero_based_range(steps), autorange=False)
    return figure


def _zero_based_range(steps) -> list[float]:
    """From zero (or the lowest bar, were one below zero) to the top, with room for labels.

    Never a cut-off axis: on one that starts near the lowest bar a 20 % rise in equity
    looks five times as tall as it is. Bars are heights from zero, so zero is on the axis.
    """
    floor = min(to_float(min(step.base for step in steps)), 0.0)
    top = to_float(max(step.base + step.height for step in steps))
    return [floor, max(top, 1.0) * 1.12]


def _bar_label(amount: Decimal, role: str, currency: str, compact: bool = False) -> str:
    """Equity as an amount, a flow or P&L with its sign; short ("+$2.13M") on the bar itself.

    Bars carry short labels so five fit side by side at phone width, where Plotly shrank
    full amounts to unreadable text; the hover and the caption keep every cent.
    """
    if compact:
        return compact_money(amount, currency, signed=role != "equity")
    return money(amount, currency) if role == "equity" else signed_money(amount, currency)


_SCALES = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"))


def compact_money(amount: Decimal, currency: str, signed: bool = False) -> str:
    """``$34.1M``, ``-$1.25M``, ``+$950k``, ``+$0``: three significant digits and a scale.

    B for billions (not Plotly's SI "G"); the sign goes before the symbol, as in money().
    """
    size = abs(amount)
    value, suffix = size / 1000, "k"
    for scale, letter in _SCALES:
        if size >= scale * Decimal("0.9995"):  # 999,950 reads 1M, not 1e+03k
            value, suffix = size / scale, letter
            break
    else:
        if size < Decimal("999.5"):
            value, suffix = size, ""
    places = 0 if value >= 99.95 else 1 if value >= 9.995 else 2
    digits = f"{value:.{places}f}"
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    sign = "-" if amount < 0 and digits != "0" else "+" if signed else ""
    return f"{sign}{currency_symbol(currency)}{digits}{suffix}"


def _line(frame: pd.DataFrame, column: str, name: str, colour: str, currency: str) -> go.Scatter:
    """One money series; WebGL when it is long, text hovers from the exact Decimals."""
    values = list(frame[column])
    trace_class = go.Scattergl if len(values) > WEBGL_ABOVE else go.Scatter
    return trace_class(
        x=list(frame["date"]),
        y=[to_float(v) for v in values],
        name=name,
        mode="lines" if len(values) > 1 else "markers",
        line={"color": colour, "width": 2},
        marker={"color": colour},
        customdata=[money(v, currency) for v in values],
        hovertemplate=f"{name} %{{customdata}}<extra></extra>",
    )


def _flow_trace(
    markers: Iterable[FlowMarker], name: str, colour: str, symbol: str, currency: str
) -> go.Scatter:
    markers = list(markers)
    return go.Scatter(
        x=[m.flow_date for m in markers],
        y=[to_float(m.equity_balance) for m in markers],
        name=name,
        mode="markers",
        marker={"color": colour, "size": 13, "symbol": symbol, "line": {"width": 1}},
        customdata=[
            [money(m.amount, currency), m.flow_date.isoformat(), hover(m.notes or "(no notes)")]
            for m in markers
        ],
        hovertemplate=(
            f"<b>{name}</b> %{{customdata[0]}}<br>%{{customdata[1]}}<br>%{{customdata[2]}}"
            "<extra></extra>"
        ),
    )


def _money_layout(figure: go.Figure, currency: str, height: int = 340) -> go.Figure:
    """Money on the y axis, ISO dates in hovers, one shared hover, the legend below.

    Ticks use d3's currency format (``$`` in the format is the currency symbol that
    :func:`chart_config` gives Plotly), so a loss reads "−$400k", never "$−400k" as a
    ``tickprefix`` wrote it, and the ticks stay right when the reader zooms.
    """
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "top", "y": -0.1, "x": 0},
    )
    figure.update_yaxes(tickformat=MONEY_TICKS, title_text=None, automargin=True)
    figure.update_xaxes(title_text=None, automargin=True, hoverformat=ISO_DATE)
    return figure


#: d3-format: the locale's currency symbol, three significant digits, k/M/G suffixes.
MONEY_TICKS = "$.3~s"
#: How every hover writes a date, as the rest of the app does (format.day).
ISO_DATE = "%Y-%m-%d"


def chart_config(currency: str) -> dict:
    """The Plotly config a money chart is drawn with: a locale whose currency is ours.

    Plotly takes the ``$`` of :data:`MONEY_TICKS` from the locale's ``currency`` pair
    (prefix, suffix); the rest of the format (separators, minus) falls back to English.
    Every ``st.plotly_chart`` of a chart from this module passes it.
    """
    prefix, suffix = plotly_affixes(currency)
    locale = f"en-{currency.upper()}"
    return {"locale": locale, "locales": {locale: {"format": {"currency": [prefix, suffix]}}}}
