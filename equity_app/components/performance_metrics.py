"""The Performance page's headline: returns since inception, then risk, then extreme days.

Returns come on both bases, the basis in each label (TWR and MWR, cumulative and
annualized), so no cumulative figure sits beside a yearly one as if they were alike. A
risk figure annualized from under a year of history says so under its value. An
undefined figure reads as a dash, and its help says why (the engine's reason).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from equity.analytics import DrawdownResult, best_day, sharpe_ratio, worst_day
from equity.analytics.risk import short_history_caveat
from equity.analytics.summary import PerformanceSummary
from equity.reads.performance import PerformanceDetail
from equity_app.format import day, percent

DASH = "—"


def show(detail: PerformanceDetail, risk_free_rate: float) -> None:
    summary = detail.summary
    falls = detail.drawdown  # computed once with the report, read by every face
    risk = risk_row(detail, risk_free_rate)
    rows = (returns_row(summary), risk[:3], risk[3:])  # the extreme days on a row of their own
    for row in rows:
        for column, figure in zip(st.columns(len(row)), row, strict=True):
            figure.show(column)
    if falls.max_drawdown:
        st.caption(_drawdown_words(falls))
    blanks = [f"**{f.label}**: {f.reason or 'undefined for this history'}." for row in rows
              for f in row if f.value is None]  # fmt: skip
    if blanks:
        st.caption("Blank figures: " + " ".join(blanks))


def returns_row(summary: PerformanceSummary) -> list[Headline]:
    """TWR and MWR since inception, each cumulative and annualized: the basis in the label."""
    days = (summary.end - summary.start).days
    over = f"since inception, {_days(days)}"
    yearly = f"a year since {day(summary.start)}"
    twr_help = "Time-weighted: the manager's return with deposits and withdrawals taken out."
    mwr_help = (
        "Money-weighted (XIRR, actual/365): the investors' return, with the timing of their "
        "deposits and withdrawals counted."
    )
    return [
        _ratio(summary, "twr", "TWR, cumulative", over, twr_help),
        _ratio(
            summary,
            "twr_annualized",
            "TWR, annualized",
            yearly,
            f"{twr_help} As a yearly rate; only from a year of history on.",
        ),
        _ratio(
            summary,
            "mwr_cumulative",
            "MWR, cumulative",
            over,
            f"{mwr_help} Over the whole period: (1 + yearly rate)^(days / 365) - 1.",
        ),
        _ratio(
            summary,
            "mwr_annualized",
            "MWR, annualized",
            yearly,
            f"{mwr_help} The yearly rate; only from a year of history on.",
        ),
    ]


def risk_row(detail: PerformanceDetail, risk_free_rate: float) -> list[Headline]:
    """Drawdown, volatility, Sharpe and the extreme days; a caveat on a short history."""
    summary = detail.summary
    returns = detail.daily.returns
    falls = detail.drawdown
    sharpe = sharpe_ratio(returns, risk_free_rate)
    caveat = short_history_caveat(summary.start, summary.end)
    best, worst = best_day(returns), worst_day(returns)
    no_returns = "undefined because there are no daily returns yet"
    warning = f" The history is under a year: {caveat}, an extrapolation." if caveat else ""
    return [
        Headline(
            "Max drawdown",
            percent(summary.max_drawdown) if summary.max_drawdown is not None else None,
            _reason(summary, "max_drawdown"),
            _drawdown_span(falls),
            _drawdown_words(falls),
        ),
        Headline(
            "Volatility",
            percent(summary.volatility) if summary.volatility is not None else None,
            _reason(summary, "volatility"),
            caveat or f"annualized, {len(returns)} daily returns",
            f"Standard deviation of the daily returns, times √252.{warning}",
        ),
        Headline(
            "Sharpe ratio",
            f"{sharpe.value:.2f}" if sharpe.value is not None else None,
            sharpe.reason,
            f"risk-free {percent(risk_free_rate)}" + (f", {caveat}" if caveat else ""),
            "Mean daily return above the risk-free rate (set in the sidebar), per unit of "
            f"daily volatility, annualized.{warning}",
            always_note=True,
        ),
        Headline(
            "Best day",
            percent(best.daily_return, signed=True) if best else None,
            no_returns,
            day(best.date) if best else None,
            "The single best day's flow-neutral return.",
        ),
        Headline(
            "Worst day",
            percent(worst.daily_return, signed=True) if worst else None,
            no_returns,
            day(worst.date) if worst else None,
            "The single worst day's flow-neutral return.",
        ),
    ]


@dataclass(frozen=True)
class Headline:
    """One metric: its text (None when undefined), why it is undefined, a note, a help."""

    label: str
    value: str | None
    reason: str | None
    note: str | None
    help_text: str
    always_note: bool = False

    def show(self, column) -> None:
        defined = self.value is not None
        column.metric(
            self.label,
            self.value if defined else DASH,
            delta=self.note if defined or self.always_note else None,
            delta_color="off",
            delta_arrow="off",
            help=self.help_text if defined else f"{self.help_text} {_sentence(self.reason)}",
            border=True,
            height="stretch",
        )


def no_returns(detail: PerformanceDetail) -> None:
    """Snapshots but not one daily return: say why instead of drawing empty charts."""
    undefined = detail.daily.undefined
    why = f" The first of them: {undefined[0].reason}." if undefined else ""
    st.info(
        f"None of the {len(detail.history.frame)} snapshot days has a return yet, because no "
        f"day started with capital in the portfolio.{why} Charts appear once a day starts "
        "with capital (opening equity or a deposit) and has P&L.",
        icon=":material/hourglass_empty:",
    )


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _reason(summary: PerformanceSummary, name: str) -> str | None:
    return summary.reasons.get(name)


def _ratio(
    summary: PerformanceSummary, name: str, label: str, note: str, help_text: str
) -> Headline:
    value = getattr(summary, name)
    return Headline(
        label,
        percent(value) if value is not None else None,
        _reason(summary, name),
        note,
        help_text,
    )


def _sentence(reason: str | None) -> str:
    if not reason:
        return "Undefined for this history."
    return reason[0].upper() + reason[1:] + "."


def _drawdown_span(falls: DrawdownResult) -> str | None:
    if falls.trough_date is None:
        return "never below a previous high" if falls.max_drawdown == 0 else None
    return f"{day(falls.peak_date)} → {day(falls.trough_date)}"


def _drawdown_words(falls: DrawdownResult) -> str:
    """The worst fall in a sentence: peak, trough, and whether it has been made good."""
    if falls.max_drawdown is None:
        return "The deepest fall of the TWR index from a previous high."
    if falls.trough_date is None:
        return "The TWR index has never closed below a previous high."
    recovery = (
        f"back at that high on {day(falls.recovery_date)}"
        if falls.recovery_date
        else "not yet back at that high"
    )
    return (
        f"Deepest fall: {percent(falls.max_drawdown)} of the TWR index, from its high on "
        f"{day(falls.peak_date)} to its low on {day(falls.trough_date)}; {recovery}."
    )
