"""Performance use cases: the engine's history handed to the pure analytics."""

from __future__ import annotations

import uuid

from equity.analytics.summary import PerformanceSummary, performance_summary
from equity.services.history import equity_history
from equity.storage.database import Database


def performance_report(db: Database, portfolio_ref: str | uuid.UUID) -> PerformanceSummary:
    """Since-inception TWR, MWR, drawdown and volatility of one portfolio."""
    history = equity_history(db, portfolio_ref)
    return performance_summary(
        history.frame, history.portfolio.opening_equity, history.portfolio.inception_date
    )
