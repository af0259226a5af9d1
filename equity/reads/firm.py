"""The firm view: every portfolio a person may see, its returns and freshness, in one currency.

Each portfolio keeps its own currency; the firm total converts each one's current equity
at the latest FX rate on or before the view's date (``as_of``). A currency with no such
rate is listed in ``missing_rates`` and the total is None (incomplete): a missing rate is
never taken as 1.0, which would add euros to dollars as if they were the same money.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

import pandas as pd
from sqlalchemy import select

from equity.analytics.history import HISTORY_COLUMNS, snapshots
from equity.analytics.periods import SINCE_INCEPTION, standard_periods
from equity.analytics.returns import returns_of_snapshots, time_weighted_return
from equity.money import CENT, EXACT, ZERO
from equity.reads.dashboard import STALE_AFTER_BUSINESS_DAYS, business_days_between
from equity.services.access import visible_portfolio_ids
from equity.services.fx import ONE, RateOn, latest_rates
from equity.services.settings import base_currency_in
from equity.storage.database import Database
from equity.storage.models import Portfolio, PortfolioSnapshot

S = PortfolioSnapshot

#: A portfolio whose last real snapshot (not a carried-forward day) is more than this many
#: business days (3) before the view's date is stale: its P&L stopped arriving. The same
#: rule as the dashboard's headline, so a portfolio is stale on every screen or on none.
FIRM_STALE_AFTER_BUSINESS_DAYS = STALE_AFTER_BUSINESS_DAYS

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

    @property
    def complete(self) -> bool:
        return not self.missing_rates


def firm_view(db: Database, today: date) -> FirmView:
    """Every portfolio ``db``'s actor may see, by name, as of ``today``.

    One session: the base currency, the rates, the portfolios and their snapshots are
    read together, so the total never mixes a rate from before an import with one after.
    """
    with db.read() as session:
        base = base_currency_in(session)
        rates = latest_rates(session, today)
        query = select(Portfolio).order_by(Portfolio.name)
        visible = visible_portfolio_ids(session, db)  # a signed-in person: their grant only
        if visible is not None:
            query = query.where(Portfolio.id.in_(visible))
        portfolios = list(session.execute(query).scalars())
        days = _snapshots_by_portfolio(session, [p.id for p in portfolios])
        lines = [
            _line(portfolio, days.get(portfolio.id, []), base, rates, today)
            for portfolio in portfolios
        ]
    return _with_totals(base, today, lines)


def _snapshots_by_portfolio(session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list]:
    """Every snapshot of these portfolios, in (portfolio, date) order: one range scan each."""
    if not ids:
        return {}
    rows = session.execute(
        select(
            S.portfolio_id,
            S.snapshot_date,
            S.daily_pnl,
            S.equity_inflow,
            S.equity_outflow,
            S.equity_balance,
            S.source,
        )
        .where(S.portfolio_id.in_(ids))
        .order_by(S.portfolio_id, S.snapshot_date)
    ).all()
    return {key: list(group) for key, group in itertools.groupby(rows, key=lambda r: r[0])}


def _line(
    portfolio: Portfolio, days: list, base: str, rates: dict[str, RateOn], today: date
) -> FirmPortfolio:
    real = [row for row in days if row.source != "carry_forward"]
    last_real = real[-1] if real else None
    returns = _period_returns(portfolio, days)
    rate = _rate_for(portfolio.currency, base, rates)
    return FirmPortfolio(
        id=portfolio.id,
        name=portfolio.name,
        currency=portfolio.currency,
        equity=portfolio.equity_balance,
        day_pnl=last_real.daily_pnl if last_real else None,
        twr_mtd=returns.get("MTD"),
        twr_ytd=returns.get("YTD"),
        twr_since_inception=returns.get(SINCE_INCEPTION),
        last_snapshot=last_real.snapshot_date if last_real else None,
        stale=is_stale(last_real.snapshot_date if last_real else None, today),
        fx_rate=rate.rate if rate else None,
        fx_date=rate.rate_date if rate else None,
        equity_base=in_base(portfolio.equity_balance, rate.rate) if rate else None,
    )


def is_stale(last_real_snapshot: date | None, today: date) -> bool:
    """No real snapshot at all, or the last one too many business days before ``today``."""
    if last_real_snapshot is None:
        return True
    return business_days_between(last_real_snapshot, today) > FIRM_STALE_AFTER_BUSINESS_DAYS


def _period_returns(portfolio: Portfolio, days: list) -> dict[str, float | None]:
    """MTD, YTD and since-inception TWR, from the same analytics as the Performance page."""
    if not days:
        return {}
    frame = pd.DataFrame(
        [(row.snapshot_date, *row[2:6]) for row in days],
        columns=["date", "daily_pnl", "equity_inflow", "equity_outflow", "equity_balance"],
        dtype=object,
    )[list(HISTORY_COLUMNS)]
    rows = snapshots(frame, portfolio.inception_date)
    daily = returns_of_snapshots(rows, portfolio.opening_equity)
    return {
        period.label: time_weighted_return(daily, period.start, period.end).twr
        for period in standard_periods(rows[-1].date, portfolio.inception_date)
        if period.label in FIRM_PERIODS
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
    return _with_totals(view.base_currency, view.as_of, kept)


def _with_totals(base: str, as_of: date, lines: list[FirmPortfolio]) -> FirmView:
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
    )
