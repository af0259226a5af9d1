"""The firm view: every portfolio a person may see, its returns and freshness, in one currency.

Each portfolio keeps its own currency; the firm total converts each one's current equity
at the latest FX rate on or before the view's date (``as_of``). A currency with no such
rate is listed in ``missing_rates`` and the total is None (incomplete): a missing rate is
never taken as 1.0, which would add euros to dollars as if they were the same money.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from equity.analytics.history import HISTORY_COLUMNS, snapshots
from equity.analytics.periods import SINCE_INCEPTION, standard_periods
from equity.analytics.returns import returns_of_snapshots, time_weighted_return
from equity.money import CENT, EXACT, ZERO
from equity.reads.dashboard import STALE_AFTER_BUSINESS_DAYS, business_days_between
from equity.services.access import visible_portfolio_ids
from equity.services.fx import ONE, RateOn, latest_rates
from equity.services.settings import base_currency_in
from equity.storage.database import Database
from equity.storage.models import CARRY_FORWARD, Portfolio, PortfolioSnapshot

S = PortfolioSnapshot

#: A portfolio whose last real snapshot (not a carried-forward day) is more than this many
#: business days (3) before the view's date is stale: its P&L stopped arriving. The same
#: rule as the dashboard's headline, so a portfolio is stale on every screen or on none.
FIRM_STALE_AFTER_BUSINESS_DAYS = STALE_AFTER_BUSINESS_DAYS

#: Returns read each portfolio's whole history (some 0.04 s for ten years of business days), so a
#: view of more portfolios than this leaves them out and stays fast; the Performance page
#: has each portfolio's returns. Equity, freshness and totals are shown at any size.
FIRM_RETURNS_MAX_PORTFOLIOS = 30

#: The periods of the firm view's return columns, as the period table labels them.
FIRM_PERIODS = ("MTD", "YTD", SINCE_INCEPTION)


@dataclass(frozen=True)
class FirmPortfolio:
    """One portfolio's line of the firm view; money in its own currency unless ``_base``."""

    id: uuid.UUID
    name: str
    currency: str
    equity: Decimal
    #: The P&L of the last real snapshot (flows excluded); None before any.
    day_pnl: Decimal | None
    twr_mtd: float | None
    twr_ytd: float | None
    twr_since_inception: float | None
    #: The last snapshot with real P&L; a carried-forward day (a flow's date) is not one.
    last_snapshot: date | None
    stale: bool
    #: Units of the base currency per unit of ``currency``; exactly 1 for the base itself.
    fx_rate: Decimal | None
    fx_date: date | None
    #: ``equity * fx_rate`` to the cent; None when the rate is missing.
    equity_base: Decimal | None
    #: Closed (issue 13): listed only when archived portfolios are asked for, and marked.
    archived: bool = False


@dataclass(frozen=True)
class FirmView:
    """The firm's portfolios, their totals per currency and, when every rate is known, in base."""

    base_currency: str
    as_of: date
    portfolios: list[FirmPortfolio]
    #: Current equity summed per portfolio currency, currencies in alphabetical order.
    totals_by_currency: dict[str, Decimal]
    #: The sum of ``equity_base``; None when any rate is missing (see ``missing_rates``).
    total_equity_base: Decimal | None
    missing_rates: list[str]
    #: False when the view held too many portfolios to compute returns (they are None).
    returns_shown: bool = True

    @property
    def complete(self) -> bool:
        return not self.missing_rates


def firm_view(
    db: Database,
    today: date,
    *,
    returns_up_to: int = FIRM_RETURNS_MAX_PORTFOLIOS,
    include_archived: bool = False,
) -> FirmView:
    """Every portfolio ``db``'s actor may see, by name, as of ``today``.

    Archived portfolios are closed: they are left out (of the lines and the totals)
    unless ``include_archived``.

    One session: the base currency, the rates and the portfolios are read together, so
    the total never mixes a rate from before an import with one after. Equity, the last
    real day and its P&L come from one query that probes the (portfolio, date) index per
    portfolio; returns need each whole history, so they are computed only when the view
    holds at most ``returns_up_to`` portfolios (see :data:`FIRM_RETURNS_MAX_PORTFOLIOS`).
    """
    with db.read() as session:
        base = base_currency_in(session)
        rates = latest_rates(session, base, today)
        query = _portfolios_with_last_real_day()
        if not include_archived:
            query = query.where(Portfolio.archived_at.is_(None))
        visible = visible_portfolio_ids(session, db)  # a signed-in person: their grant only
        if visible is not None:
            query = query.where(Portfolio.id.in_(visible))
        found = session.execute(query).all()
        with_returns = len(found) <= returns_up_to
        lines = [
            _line(
                portfolio,
                last_day,
                last_pnl,
                _period_returns(session, portfolio) if with_returns else {},
                _rate_for(portfolio.currency, base, rates),
                today,
            )
            for portfolio, last_day, last_pnl in found
        ]
    return _with_totals(base, today, lines, returns_shown=with_returns)


def _portfolios_with_last_real_day() -> Select:
    """Each portfolio with its last real snapshot's date and P&L (carried-forward days skipped).

    Correlated ``ORDER BY date DESC LIMIT 1`` subqueries, like the overview's: the index is
    read backwards from the newest day, and a carried-forward day is rarely more than one.
    """
    real = (S.portfolio_id == Portfolio.id) & (S.source != CARRY_FORWARD)
    newest = S.snapshot_date.desc()
    last_day = select(S.snapshot_date).where(real).order_by(newest).limit(1).scalar_subquery()
    last_pnl = select(S.daily_pnl).where(real).order_by(newest).limit(1).scalar_subquery()
    return select(Portfolio, last_day, last_pnl).order_by(Portfolio.name)


def _line(
    portfolio: Portfolio,
    last_day: date | None,
    last_pnl: Decimal | None,
    returns: dict[str, float | None],
    rate: RateOn | None,
    today: date,
) -> FirmPortfolio:
    return FirmPortfolio(
        id=portfolio.id,
        name=portfolio.name,
        currency=portfolio.currency,
        equity=portfolio.equity_balance,
        day_pnl=last_pnl,
        twr_mtd=returns.get("MTD"),
        twr_ytd=returns.get("YTD"),
        twr_since_inception=returns.get(SINCE_INCEPTION),
        last_snapshot=last_day,
        stale=is_stale(last_day, today),
        fx_rate=rate.rate if rate else None,
        fx_date=rate.rate_date if rate else None,
        equity_base=in_base(portfolio.equity_balance, rate.rate) if rate else None,
        archived=portfolio.archived_at is not None,
    )


def is_stale(last_real_snapshot: date | None, today: date) -> bool:
    """No real snapshot at all, or the last one too many business days before ``today``."""
    if last_real_snapshot is None:
        return True
    return business_days_between(last_real_snapshot, today) > FIRM_STALE_AFTER_BUSINESS_DAYS


def _period_returns(session: Session, portfolio: Portfolio) -> dict[str, float | None]:
    """MTD, YTD and since-inception TWR, from the same analytics as the Performance page."""
    rows = session.execute(
        select(*(HISTORY_SELECT[name] for name in HISTORY_COLUMNS))
        .where(S.portfolio_id == portfolio.id)
        .order_by(S.snapshot_date)
    ).all()
    if not rows:
        return {}
    # Plain tuples: pandas probes a Row's attributes one by one, ten times slower.
    frame = pd.DataFrame([tuple(row) for row in rows], columns=list(HISTORY_COLUMNS), dtype=object)
    history = snapshots(frame, portfolio.inception_date)
    daily = returns_of_snapshots(history, portfolio.opening_equity)
    return {
        period.label: time_weighted_return(daily, period.start, period.end).twr
        for period in standard_periods(history[-1].date, portfolio.inception_date)
        if period.label in FIRM_PERIODS
    }


#: The snapshot columns the analytics read, by the names of their history frame.
HISTORY_SELECT = {
    "date": S.snapshot_date,
    "daily_pnl": S.daily_pnl,
    "equity_inflow": S.equity_inflow,
    "equity_outflow": S.equity_outflow,
    "equity_balance": S.equity_balance,
}


def _rate_for(currency: str, base: str, rates: dict[str, RateOn]) -> RateOn | None:
    """The base currency is worth exactly 1 of itself (no rate date); else the latest rate."""
    if currency == base:
        return RateOn(None, ONE)
    return rates.get(currency)


def in_base(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount`` in the base currency, to the cent (half-even, as every stored amount).

    The exact context's 34 digits hold the product of a 16-digit amount and a 20-digit
    rate, so nothing is rounded before the cent.
    """
    with localcontext(EXACT):
        return (amount * rate).quantize(CENT, rounding=ROUND_HALF_EVEN)


def visible_part(view: FirmView, covers: Callable[[uuid.UUID], bool]) -> FirmView:
    """The view restricted to the portfolios ``covers`` lets through, totals recomputed.

    The app caches one view of every portfolio for all sessions and applies each person's
    grant on every run: the totals must then be the totals of what that person sees.
    """
    kept = [line for line in view.portfolios if covers(line.id)]
    return _with_totals(view.base_currency, view.as_of, kept, returns_shown=view.returns_shown)


def _with_totals(
    base: str, as_of: date, lines: list[FirmPortfolio], *, returns_shown: bool
) -> FirmView:
    totals: dict[str, Decimal] = {}
    for line in lines:
        totals[line.currency] = totals.get(line.currency, ZERO) + line.equity
    missing = sorted({line.currency for line in lines if line.fx_rate is None})
    total = None if missing else sum((line.equity_base for line in lines), ZERO)
    return FirmView(
        base_currency=base,
        as_of=as_of,
        portfolios=lines,
        totals_by_currency=dict(sorted(totals.items())),
        total_equity_base=total,
        missing_rates=missing,
        returns_shown=returns_shown,
    )
