"""Checks run after a change, inside its transaction: failing one rolls the change back."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from equity.domain.rules import check_equity_figures
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
    currency: str,
) -> None:
    """The one equity guard, run after every change: flows, voids, imports, snapshots,
    opening equity and snapshot deletion; failing it rolls the change back.

    ``forbid_negative`` comes from :func:`equity.domain.rules.takes_capital_out` (or is
    True for lowered opening equity): P&L is never rejected for making equity negative.
    ``currency`` is the portfolio's, for the amounts the message states.
    """
    figures = extreme_figures(session, portfolio_id, from_date)
    if figures.min_equity is None:
        return
    negative = forbid_negative and figures.min_equity < 0
    check_equity_figures(
        max(figures.max_abs_equity, figures.max_abs_pnl),
        figures.min_equity,
        field=field,
        shown=shown,
        forbid_negative=forbid_negative,
        currency=currency,
        first_negative=_first_negative_day(session, portfolio_id, from_date) if negative else None,
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
