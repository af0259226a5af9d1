"""Set-based statements that keep snapshots equal to the formula after a dated change.

Every function runs inside the caller's transaction and touches only one portfolio's
rows from a date forward; none loops over rows in Python.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, delete, func, insert, literal, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from equity.money import ZERO
from equity.storage.models import CashFlow, Portfolio, PortfolioSnapshot
from equity.storage.types import Money

S = PortfolioSnapshot
MARKET_FIELDS = ("total_value", "long_value", "short_value", "gross_exposure", "net_exposure")


def recompute_from(session: Session, portfolio: Portfolio, from_date: date) -> int:
    """Roll cumulative P&L and equity forward from ``from_date``; returns rows rewritten.

    The anchor is the last snapshot before ``from_date`` (or the opening equity), and one
    UPDATE ... FROM a window sum rewrites every later row, then the cached balance.
    """
    base_pnl, base_equity = _anchor(session, portfolio, from_date)
    running = (
        select(
            S.id.label("snapshot_id"),
            func.sum(S.daily_pnl).over(order_by=S.snapshot_date).label("run_pnl"),
            func.sum(S.daily_pnl + S.equity_inflow - S.equity_outflow)
            .over(order_by=S.snapshot_date)
            .label("run_change"),
        )
        .where(S.portfolio_id == portfolio.id, S.snapshot_date >= from_date)
        .subquery()
    )
    result = session.execute(
        update(S)
        .where(S.id == running.c.snapshot_id)
        .values(
            cumulative_pnl=literal(base_pnl, Money()) + running.c.run_pnl,
            equity_balance=literal(base_equity, Money()) + running.c.run_change,
        ),
        execution_options={"synchronize_session": False},
    )
    refresh_cached_balance(session, portfolio)
    return result.rowcount


def _anchor(session: Session, portfolio: Portfolio, from_date: date) -> tuple[Decimal, Decimal]:
    row = session.execute(
        select(S.cumulative_pnl, S.equity_balance)
        .where(S.portfolio_id == portfolio.id, S.snapshot_date < from_date)
        .order_by(S.snapshot_date.desc())
        .limit(1)
    ).first()
    if row is None:
        return ZERO, portfolio.opening_equity
    return row.cumulative_pnl, row.equity_balance


def refresh_cached_balance(session: Session, portfolio: Portfolio) -> Decimal:
    """portfolio.equity_balance = equity at the latest snapshot (opening equity if none)."""
    latest = session.execute(
        select(S.equity_balance)
        .where(S.portfolio_id == portfolio.id)
        .order_by(S.snapshot_date.desc())
        .limit(1)
    ).scalar()
    balance = portfolio.opening_equity if latest is None else latest
    session.execute(
        update(Portfolio).where(Portfolio.id == portfolio.id).values(equity_balance=balance)
    )
    # The row is already written; tell the ORM so it does not write it again at flush.
    set_committed_value(portfolio, "equity_balance", balance)
    return balance


def ensure_snapshot(session: Session, portfolio_id: uuid.UUID, day: date) -> bool:
    """Make sure ``day`` has a snapshot; a missing one is carried forward, never zeros.

    Market fields come from the nearest earlier snapshot (zero only when none exists)
    and P&L is 0. Returns True when a carry-forward row was created.
    """
    exists = session.execute(
        select(S.id).where(S.portfolio_id == portfolio_id, S.snapshot_date == day)
    ).first()
    if exists:
        return False
    previous = session.execute(
        select(*(getattr(S, name) for name in MARKET_FIELDS))
        .where(S.portfolio_id == portfolio_id, S.snapshot_date < day)
        .order_by(S.snapshot_date.desc())
        .limit(1)
    ).first()
    market = dict(zip(MARKET_FIELDS, previous, strict=True)) if previous else {}
    market["total_value"] = market.get("total_value") or ZERO
    session.execute(
        insert(S).values(
            portfolio_id=portfolio_id,
            snapshot_date=day,
            daily_pnl=ZERO,
            cumulative_pnl=ZERO,
            equity_inflow=ZERO,
            equity_outflow=ZERO,
            equity_balance=ZERO,
            source="carry_forward",
            **market,
        )
    )
    return True


def refresh_day_flows(session: Session, portfolio_id: uuid.UUID, day: date) -> None:
    """A snapshot's inflow and outflow are the sums of the live ledger flows of its date."""
    session.execute(
        update(S)
        .where(S.portfolio_id == portfolio_id, S.snapshot_date == day)
        .values(
            equity_inflow=_live_sum(portfolio_id, day, "deposit"),
            equity_outflow=_live_sum(portfolio_id, day, "withdrawal"),
        ),
        execution_options={"synchronize_session": False},
    )


def _live_sum(portfolio_id: uuid.UUID, day: date, kind: str):
    return (
        select(func.coalesce(func.sum(CashFlow.amount), literal(ZERO, Money())))
        .where(
            CashFlow.portfolio_id == portfolio_id,
            CashFlow.flow_date == day,
            CashFlow.kind == kind,
            CashFlow.voided_at.is_(None),
        )
        .scalar_subquery()
    )


def drop_empty_carry_forward(session: Session, portfolio_id: uuid.UUID, day: date) -> bool:
    """Remove a carry-forward row left with no flows (after a void): it only existed for them."""
    result = session.execute(
        delete(S).where(
            S.portfolio_id == portfolio_id,
            S.snapshot_date == day,
            S.source == "carry_forward",
            S.equity_inflow == ZERO,
            S.equity_outflow == ZERO,
        )
    )
    return result.rowcount > 0


def refresh_carried_market_values(session: Session, portfolio_id: uuid.UUID, after: date) -> None:
    """Carry-forward rows after ``after`` copy market fields again from their nearest real day.

    Needed when a real snapshot before them was inserted or replaced.
    """
    for name in MARKET_FIELDS:
        source = S.__table__.alias("source_day")
        nearest = (
            select(source.c[name])
            .where(
                and_(
                    source.c.portfolio_id == S.portfolio_id,
                    source.c.snapshot_date < S.snapshot_date,
                    source.c.source != "carry_forward",
                )
            )
            .order_by(source.c.snapshot_date.desc())
            .limit(1)
            .scalar_subquery()
        )
        fallback = literal(ZERO, Money()) if name == "total_value" else None
        value = func.coalesce(nearest, fallback) if fallback is not None else nearest
        session.execute(
            update(S)
            .where(
                S.portfolio_id == portfolio_id,
                S.snapshot_date > after,
                S.source == "carry_forward",
            )
            .values({name: value}),
            execution_options={"synchronize_session": False},
        )


def extreme_figures(session: Session, portfolio_id: uuid.UUID, from_date: date):
    """min equity, max |equity|, max |cumulative P&L| from ``from_date`` on (one row)."""
    return session.execute(
        select(
            func.min(S.equity_balance).label("min_equity"),
            func.max(func.abs(S.equity_balance), type_=Money()).label("max_abs_equity"),
            func.max(func.abs(S.cumulative_pnl), type_=Money()).label("max_abs_pnl"),
        ).where(S.portfolio_id == portfolio_id, S.snapshot_date >= from_date)
    ).one()
