"""Repair: recompute one portfolio, or all, from a date forward (default: inception)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from equity.config import default_actor
from equity.services.audit import record_audit
from equity.services.lookup import find_portfolio
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import CashFlow, Portfolio
from equity.storage.recompute import recompute_from, refresh_day_flows


@retry_on_conflict
def recompute_portfolio(
    db: Database,
    portfolio_ref: str | uuid.UUID,
    from_date: date | None = None,
    actor: str | None = None,
) -> int:
    """Re-derive flows-per-day from the ledger and roll equity forward; returns rows rewritten."""
    with db.write() as session:
        portfolio = find_portfolio(session, portfolio_ref, lock=True)
        start = max(from_date or portfolio.inception_date, portfolio.inception_date)
        flow_days = session.execute(
            select(CashFlow.flow_date)
            .where(CashFlow.portfolio_id == portfolio.id, CashFlow.flow_date >= start)
            .distinct()
        ).scalars()
        for day in flow_days:
            refresh_day_flows(session, portfolio.id, day)
        count = recompute_from(session, portfolio, start)
        record_audit(
            session,
            portfolio.id,
            actor or default_actor(),
            "recompute",
            f"{count} day(s) recomputed from {start}",
            start,
        )
        return count


def recompute_all(db: Database, from_date: date | None = None) -> dict[str, int]:
    """Every portfolio, each in its own transaction so one failure does not block the rest."""
    with db.read() as session:
        ids = list(session.execute(select(Portfolio.id, Portfolio.name)).all())
    return {name: recompute_portfolio(db, pid, from_date) for pid, name in ids}
