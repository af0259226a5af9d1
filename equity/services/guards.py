"""Checks run after a change, inside its transaction: failing one rolls the change back."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from equity.errors import ValidationError
from equity.money import MAX_AMOUNT
from equity.storage.models import PortfolioSnapshot as S
from equity.storage.recompute import extreme_figures


def guard_after_change(
    session: Session,
    portfolio_id: uuid.UUID,
    from_date: date,
    *,
    field: str,
    shown: str,
    forbid_negative: bool,
) -> None:
    """Reject a change that pushes figures out of NUMERIC(16,2) or, when asked, below zero.

    ``forbid_negative`` is set for withdrawals and voided deposits only: P&L is a fact
    and is never rejected for making equity negative.
    """
    figures = extreme_figures(session, portfolio_id, from_date)
    if figures.min_equity is None:
        return
    if max(figures.max_abs_equity, figures.max_abs_pnl) > MAX_AMOUNT:
        raise ValidationError(field, f"{shown} would put equity beyond {MAX_AMOUNT:,}")
    if forbid_negative and figures.min_equity < 0:
        day, equity = _first_negative_day(session, portfolio_id, from_date)
        raise ValidationError(
            field, f"{shown} would make equity negative on {day.isoformat()} ({equity:,.2f})"
        )


def _first_negative_day(
    session: Session, portfolio_id: uuid.UUID, from_date: date
) -> tuple[date, Decimal]:
    row = session.execute(
        select(S.snapshot_date, S.equity_balance)
        .where(S.portfolio_id == portfolio_id, S.snapshot_date >= from_date, S.equity_balance < 0)
        .order_by(S.snapshot_date)
        .limit(1)
    ).one()
    return row.snapshot_date, row.equity_balance
