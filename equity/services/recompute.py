"""Repair: recompute one portfolio, or all, from a date forward (default: inception).

``recompute`` answers every class of problem ``check`` reports: a snapshot dated before
inception, a live flow's date without a snapshot, per-day flows that differ from the
live ledger, figures off the equity formula, and a stale cached balance.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from equity.services.access import open_portfolio, require_admin, require_write
from equity.services.audit import record_audit
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import Portfolio
from equity.storage.recompute import (
    earliest_day,
    ensure_snapshot,
    missing_flow_days,
    recompute_from,
    rederive_all_day_flows,
)


@retry_on_conflict
def recompute_portfolio(
    db: Database,
    portfolio_ref: str | uuid.UUID,
    from_date: date | None = None,
) -> int:
    """Rebuild everything derived from ``from_date`` on; returns the rows rolled forward.

    In order: inception moves back to the earliest snapshot or live flow if one precedes
    it; every live flow's date gets a snapshot (carried forward, as a new flow would);
    every snapshot day's inflow and outflow are re-derived from the live ledger (one
    statement, days without flows included); equity is rolled forward from the earliest
    of ``from_date`` and any day whose flows changed; the cached balance follows.
    """
    with db.unit_of_work() as uow:
        session = uow.session
        portfolio = open_portfolio(session, db, portfolio_ref, lock=True)
        require_write(session, db, portfolio, repair=True)
        _cover_history_from_inception(session, db, portfolio)
        start = max(from_date or portfolio.inception_date, portfolio.inception_date)
        created = missing_flow_days(session, portfolio.id, start)
        for day in created:
            ensure_snapshot(session, portfolio, day)
        changed = rederive_all_day_flows(session, portfolio.id, start)
        count = recompute_from(session, portfolio, start)
        record_audit(
            session,
            db,
            portfolio.id,
            "recompute",
            _summary(count, start, created, changed),
            start,
        )
        uow.commit()
        return count


def _cover_history_from_inception(session: Session, db: Database, portfolio: Portfolio) -> None:
    """A snapshot or live flow before inception means inception is wrong: move it back.

    Moving the date loses nothing (the formula starts from the opening equity before the
    first row whatever its date), while dropping the earlier rows would lose P&L or flows.
    """
    first = earliest_day(session, portfolio.id)
    if first is None or first >= portfolio.inception_date:
        return
    old = portfolio.inception_date
    session.execute(
        update(Portfolio).where(Portfolio.id == portfolio.id).values(inception_date=first),
        execution_options={"synchronize_session": False},
    )
    set_committed_value(portfolio, "inception_date", first)
    record_audit(
        session,
        db,
        portfolio.id,
        "recompute",
        f"inception moved from {old} to {first}, the first snapshot or flow",
        first,
    )


def _summary(count: int, start: date, created: list[date], changed: date | None) -> str:
    parts = [f"{count} day(s) recomputed from {start}"]
    if created:
        parts.append(f"{len(created)} missing flow day(s) carried forward")
    if changed is not None:
        parts.append(f"per-day flows re-derived from the ledger (first change {changed})")
    return "; ".join(parts)


def recompute_all(db: Database, from_date: date | None = None) -> dict[str, int]:
    """Every portfolio, each in its own transaction so one failure does not block the rest.

    Admins only when signed in: it touches portfolios beyond any one grant.
    """
    with db.read() as session:
        require_admin(session, db, "recompute every portfolio")
        ids = list(session.execute(select(Portfolio.id, Portfolio.name)).all())
    return {name: recompute_portfolio(db, pid, from_date) for pid, name in ids}
