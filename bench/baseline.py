"""The planning document's way of recording a backdated deposit, as the comparison.

Written faithfully after ``record_equity_transaction``, ``get_or_create_snapshot`` and
``recalculate_equity_from_date`` of ``/work/shared/000_1d4d41fb615a12e6.txt``, made
synchronous and pointed at our models: load every snapshot from the date forward as ORM
objects, add P&L and flows in a Python loop, flush. The ledger row is inserted too, so
both sides do the same bookkeeping. The product never imports this module.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from equity.storage.database import Database
from equity.storage.models import CashFlow, Portfolio, PortfolioSnapshot


def record_deposit_baseline(
    db: Database, portfolio_id: uuid.UUID, flow_date: date, amount: Decimal
) -> Decimal:
    """Insert the flow, bump that day's inflow, recalculate forward, commit; new equity."""
    with Session(db.engine) as session:
        session.add(
            CashFlow(
                id=uuid.uuid4(),
                portfolio_id=portfolio_id,
                flow_date=flow_date,
                kind="deposit",
                amount=amount,
                created_by="bench-baseline",
                created_at=datetime.now(UTC),
            )
        )
        snapshot = get_or_create_snapshot(session, portfolio_id, flow_date)
        snapshot.equity_inflow = (snapshot.equity_inflow or Decimal("0")) + amount
        recalculate_equity_from_date(session, portfolio_id, flow_date)
        session.commit()
        return session.get(Portfolio, portfolio_id).equity_balance


def get_or_create_snapshot(
    session: Session, portfolio_id: uuid.UUID, snapshot_date: date
) -> PortfolioSnapshot:
    """The planning document's helper, zero placeholder included (the bench never needs it)."""
    snapshot = session.execute(
        select(PortfolioSnapshot).where(
            and_(
                PortfolioSnapshot.portfolio_id == portfolio_id,
                PortfolioSnapshot.snapshot_date == snapshot_date,
            )
        )
    ).scalar_one_or_none()
    if snapshot:
        return snapshot
    zero = Decimal("0")
    snapshot = PortfolioSnapshot(
        portfolio_id=portfolio_id,
        snapshot_date=snapshot_date,
        total_value=zero,
        long_value=zero,
        short_value=zero,
        gross_exposure=zero,
        net_exposure=zero,
        daily_pnl=zero,
        cumulative_pnl=zero,
        equity_inflow=zero,
        equity_outflow=zero,
        equity_balance=zero,
        source="carry_forward",
    )
    session.add(snapshot)
    return snapshot


def recalculate_equity_from_date(
    session: Session, portfolio_id: uuid.UUID, from_date: date
) -> None:
    """Recalculate equity_balance for all snapshots from ``from_date`` forward, in Python."""
    snapshots = (
        session.execute(
            select(PortfolioSnapshot)
            .where(
                and_(
                    PortfolioSnapshot.portfolio_id == portfolio_id,
                    PortfolioSnapshot.snapshot_date >= from_date,
                )
            )
            .order_by(PortfolioSnapshot.snapshot_date)
        )
        .scalars()
        .all()
    )
    if not snapshots:
        return
    previous_snapshot = session.execute(
        select(PortfolioSnapshot)
        .where(
            and_(
                PortfolioSnapshot.portfolio_id == portfolio_id,
                PortfolioSnapshot.snapshot_date < from_date,
            )
        )
        .order_by(PortfolioSnapshot.snapshot_date.desc())
        .limit(1)
    ).scalar_one_or_none()
    if previous_snapshot:
        previous_equity = previous_snapshot.equity_balance
    else:
        portfolio = session.get(Portfolio, portfolio_id)
        previous_equity = portfolio.equity_balance or Decimal("0")
    for snapshot in snapshots:
        new_equity = (
            previous_equity
            + snapshot.daily_pnl
            + (snapshot.equity_inflow or Decimal("0"))
            - (snapshot.equity_outflow or Decimal("0"))
        )
        snapshot.equity_balance = new_equity
        previous_equity = new_equity
    portfolio = session.get(Portfolio, portfolio_id)
    portfolio.equity_balance = previous_equity
