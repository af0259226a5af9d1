"""Reading equity history: one portfolio's days as a DataFrame, and the all-portfolio overview."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd
from sqlalchemy import func, literal_column, or_, select
from sqlalchemy.orm import Session

from equity.money import ZERO
from equity.services.access import open_portfolio, visible_portfolio_ids
from equity.services.lookup import view_of
from equity.services.views import HISTORY_COLUMNS, PortfolioView
from equity.storage.database import Database
from equity.storage.models import Portfolio, PortfolioSnapshot

S = PortfolioSnapshot


@dataclass(frozen=True)
class History:
    """A portfolio and its snapshots in a date range; money columns hold Decimals."""

    portfolio: PortfolioView
    frame: pd.DataFrame

    @property
    def current_equity(self) -> Decimal:
        return self.portfolio.equity_balance


def equity_history(
    db: Database,
    portfolio_ref: str | uuid.UUID,
    start: date | None = None,
    end: date | None = None,
) -> History:
    """Snapshots of one portfolio in date order; one indexed range scan."""
    with db.read() as session:
        return history_in(session, open_portfolio(session, db, portfolio_ref), start, end)


def history_in(
    session: Session, portfolio: Portfolio, start: date | None = None, end: date | None = None
) -> History:
    """:func:`equity_history` read in the caller's session (a statement issued or rechecked
    inside the transaction of a change); rights are the caller's, who opened ``portfolio``."""
    query = select(
        S.snapshot_date.label("date"),
        S.equity_balance,
        S.daily_pnl,
        S.cumulative_pnl,
        S.equity_inflow,
        S.equity_outflow,
        S.total_value,
        S.source,
    ).where(S.portfolio_id == portfolio.id)
    if start is not None:
        query = query.where(S.snapshot_date >= start)
    if end is not None:
        query = query.where(S.snapshot_date <= end)
    rows = session.execute(query.order_by(S.snapshot_date)).all()
    frame = pd.DataFrame(rows, columns=HISTORY_COLUMNS, dtype=object)
    return History(portfolio=view_of(portfolio), frame=frame)


@dataclass(frozen=True)
class OverviewRow:
    """One line of the all-portfolios table."""

    portfolio: PortfolioView
    last_snapshot: date | None
    snapshot_count: int
    net_contributions: Decimal
    cumulative_pnl: Decimal


def portfolio_overview(db: Database) -> list[OverviewRow]:
    """Every portfolio with its latest figures, in one query that never reads the snapshot rows.

    With thousands of portfolios the table holds millions of rows, so each figure comes from
    an index (migration 0003): the latest day and its cumulative P&L by one probe of the
    (portfolio, date) index per portfolio; the day count from the compact portfolio_id
    index; inflows and outflows from the partial index of days that have flows (summing
    only those equals summing every day, the others being zero).
    """
    days = select(S.portfolio_id, func.count().label("days")).group_by(S.portfolio_id).subquery()
    flows = (
        select(
            S.portfolio_id,
            func.sum(S.equity_inflow).label("inflow"),
            func.sum(S.equity_outflow).label("outflow"),
        )
        .where(HAS_FLOWS)
        .group_by(S.portfolio_id)
        .subquery()
    )
    last_day = (
        select(func.max(S.snapshot_date)).where(S.portfolio_id == Portfolio.id).scalar_subquery()
    )
    last_pnl = (
        select(S.cumulative_pnl)
        .where(S.portfolio_id == Portfolio.id)
        .order_by(S.snapshot_date.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(Portfolio, last_day, days.c.days, flows.c.inflow, flows.c.outflow, last_pnl)
        .outerjoin(days, days.c.portfolio_id == Portfolio.id)
        .outerjoin(flows, flows.c.portfolio_id == Portfolio.id)
        .order_by(Portfolio.name)
    )
    with db.read() as session:
        visible = visible_portfolio_ids(session, db)  # a signed-in person: their grant only
        if visible is not None:
            query = query.where(Portfolio.id.in_(visible))
        return [_overview_row(*row) for row in session.execute(query).all()]


#: Days with a deposit or withdrawal: written exactly as the partial index's predicate
#: (migration 0003), so both PostgreSQL and SQLite answer from that index.
HAS_FLOWS = or_(S.equity_inflow != literal_column("0"), S.equity_outflow != literal_column("0"))


def _overview_row(portfolio, last_day, days, inflow, outflow, cumulative_pnl) -> OverviewRow:
    return OverviewRow(
        portfolio=view_of(portfolio),
        last_snapshot=last_day,
        snapshot_count=days or 0,
        net_contributions=portfolio.opening_equity + (inflow or ZERO) - (outflow or ZERO),
        cumulative_pnl=cumulative_pnl if cumulative_pnl is not None else ZERO,
    )
