"""Every JSON document the CLI prints, built in one place with one formatter per kind of number.

The keys and shapes are DESIGN.md's command-line contract. Three kinds of number:

- an amount is a string with exactly two decimals, never ``"-0.00"`` (:func:`amount`);
- a ratio is a JSON number, or ``null`` when undefined or not finite (:func:`ratio`);
- a count is a JSON integer.

Ratios are not rounded, anywhere. A float's ``repr`` is the shortest text that reads back
as the same float, so printing it whole loses nothing; rounding to 12 decimal places
would keep only two significant digits of a 1e-10 daily return on a huge balance, where
the engine keeps relative precision of 1e-9 or better. ``performance`` and
``performance --period ITD`` therefore print the very same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from equity.money import fmt2
from equity.services.views import (
    HISTORY_COLUMNS,
    FlowImpact,
    FlowView,
    PendingView,
    PortfolioView,
)

if TYPE_CHECKING:  # pandas and the analytics load only for the commands that need them
    from equity.analytics.benchmark import BenchmarkComparison
    from equity.analytics.periods import PeriodPerformance
    from equity.analytics.summary import PerformanceSummary
    from equity.reads.history import History
    from equity.reads.performance import PerformanceDetail
    from equity.services.audit import AuditView
    from equity.services.benchmarks import BenchmarkView
    from equity.services.views import UserView

#: The amounts of a history row: the frame's columns between ``date`` and ``source``.
HISTORY_AMOUNTS = tuple(c for c in HISTORY_COLUMNS if c not in ("date", "source"))


def amount(value: Decimal) -> str:
    """Two decimals as text, never ``-0.00``: the one JSON form of money."""
    return fmt2(value)


def optional_amount(value: Decimal | None) -> str | None:
    return None if value is None else amount(value)


def ratio(value: float | None) -> float | None:
    """The ratio as it is (0.05 is 5 %); JSON has no NaN or infinity, so those are null."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def portfolio(view: PortfolioView) -> dict[str, str]:
    """One entry of ``portfolio list --json``."""
    return {
        "id": str(view.id),
        "name": view.name,
        "currency": view.currency,
        "inception_date": view.inception_date.isoformat(),
        "opening_equity": amount(view.opening_equity),
        "equity_balance": amount(view.equity_balance),
    }


def portfolio_list(views: Iterable[PortfolioView]) -> list[dict[str, str]]:
    return [portfolio(view) for view in views]


def flow_added(impact: FlowImpact) -> dict[str, str]:
    """``flow add --json``: the flow's id and the portfolio's current equity after it."""
    return {"id": str(impact.flow_id), "new_equity_balance": amount(impact.new_equity_balance)}


def flow(view: FlowView) -> dict[str, object]:
    """One entry of ``flow list --json``."""
    return {
        "id": str(view.id),
        "date": view.flow_date.isoformat(),
        "kind": view.kind,
        "amount": amount(view.amount),
        "notes": view.notes,
        "voided": view.voided,
    }


def flow_list(views: Iterable[FlowView]) -> list[dict[str, object]]:
    return [flow(view) for view in views]


def history_rows(history: History) -> list[dict[str, str]]:
    """The rows of ``history --json`` (and of ``--csv``), in date order."""
    return [
        {"date": record["date"].isoformat(), **{k: amount(record[k]) for k in HISTORY_AMOUNTS}}
        for record in history.frame.to_dict("records")
    ]


def history_document(history: History) -> dict[str, object]:
    """``history --json``."""
    return {
        "portfolio": history.portfolio.name,
        "currency": history.portfolio.currency,
        "current_equity": amount(history.current_equity),
        "history": history_rows(history),
    }


def performance(summary: PerformanceSummary) -> dict[str, object]:
    """``performance --json``: the contract's keys, plus MWR on TWR's two bases.

    ``mwr`` keeps its contract meaning (annual from a year on, the period's own return
    under a year); ``mwr_cumulative`` and ``mwr_annualized``, issue 12's additions, come
    last so the contract's keys keep their order.
    """
    return {
        "start": summary.start.isoformat(),
        "end": summary.end.isoformat(),
        "twr": ratio(summary.twr),
        "twr_annualized": ratio(summary.twr_annualized),
        "mwr": ratio(summary.mwr),
        "max_drawdown": ratio(summary.max_drawdown),
        "volatility": ratio(summary.volatility),
        "undefined_days": summary.undefined_days,
        "net_contributions": amount(summary.net_contributions),
        "cumulative_pnl": amount(summary.cumulative_pnl),
        "current_equity": amount(summary.current_equity),
        "mwr_cumulative": ratio(summary.mwr_cumulative),
        "mwr_annualized": ratio(summary.mwr_annualized),
    }


def period(row: PeriodPerformance) -> dict[str, object]:
    """``performance --period P --json``: one row of the period table."""
    return {
        "period": row.label,
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "twr": ratio(row.twr),
        "twr_annualized": ratio(row.twr_annualized),
        "mwr": ratio(row.mwr),
        "pnl": optional_amount(row.pnl),
        "net_flows": optional_amount(row.net_flows),
        "undefined_days": row.undefined_days,
        "mwr_cumulative": ratio(row.mwr_cumulative),
        "mwr_annualized": ratio(row.mwr_annualized),
    }


def benchmark(name: str, comparison: BenchmarkComparison) -> dict[str, object]:
    """The ``benchmark`` entry that ``performance --benchmark NAME`` adds."""
    return {
        "name": name,
        "portfolio_return": ratio(comparison.portfolio_return),
        "benchmark_return": ratio(comparison.benchmark_return),
        "excess_return": ratio(comparison.excess_return),
        "beta": ratio(comparison.beta),
        "correlation": ratio(comparison.correlation),
        "tracking_error": ratio(comparison.tracking_error),
        "observations": comparison.observations,
    }


def performance_document(
    detail: PerformanceDetail, period_label: str | None, benchmark_name: str | None
) -> dict[str, object]:
    """``performance [--period P] [--benchmark NAME] --json``, from one computed report."""
    from equity.analytics.periods import SINCE_INCEPTION

    if period_label:
        label = SINCE_INCEPTION if period_label == "ITD" else period_label
        data = period(next(row for row in detail.periods if row.label == label))
    else:
        data = performance(detail.summary)
    if detail.benchmark is not None and benchmark_name:
        data["benchmark"] = benchmark(benchmark_name, detail.benchmark)
    return data


def benchmark_list(views: Iterable[BenchmarkView]) -> list[dict[str, object]]:
    """``benchmark list --json``."""
    return [
        {
            "name": view.name,
            "first_date": day(view.first_date),
            "last_date": day(view.last_date),
            "prices": view.prices,
        }
        for view in views
    ]


def audit(entries: Iterable[AuditView]) -> list[dict[str, str]]:
    """``audit --json``: the same cells as ``audit --csv``, formulas neutralised alike."""
    from equity.services.export import audit_rows

    return audit_rows(entries)


def user_list(views: Iterable[UserView]) -> list[dict[str, object]]:
    """``user list --json``: email, role, and the granted portfolios' names (null: all)."""
    return [
        {
            "email": view.email,
            "role": view.role,
            "portfolios": None if view.portfolios is None else list(view.portfolios),
        }
        for view in views
    ]


def pending(view: PendingView) -> dict[str, object]:
    """One entry of ``flow pending --json``: a proposal waiting for a second person."""
    return {
        "id": str(view.id),
        "action": view.action,
        "date": view.flow_date.isoformat(),
        "kind": view.kind,
        "amount": amount(view.amount),
        "notes": view.notes,
        "flow_id": None if view.flow_id is None else str(view.flow_id),
        "reason": view.reason,
        "proposed_by": view.proposed_by,
        "proposed_at": view.proposed_at.isoformat(),
    }


def pending_list(views: Iterable[PendingView]) -> list[dict[str, object]]:
    """``flow pending --json``, oldest first."""
    return [pending(view) for view in views]
