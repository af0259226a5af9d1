"""Demo portfolios: three deterministic, realistic histories for a first look at the app.

Loaded through the same services a user would use (snapshot import, then flows recorded
after the snapshots exist, so several are backdated and a few fall on weekends).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from equity.money import CENT
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.fx import import_fx_rates
from equity.services.portfolios import NewPortfolio, create_portfolio, list_portfolios
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import Database

DEMO_YEARS = 3
DEMO_MARGIN_DAYS = 14
DEMO_ACTOR = "demo-loader"


@dataclass(frozen=True)
class DemoSpec:
    name: str
    currency: str
    opening: Decimal
    annual_drift: float
    annual_vol: float
    seed: int
    #: (days after inception, kind, amount, notes); a weekend date stays a weekend date.
    flows: tuple[tuple[int, str, str, str], ...]


DEMO_PORTFOLIOS = (
    DemoSpec(
        "Atlas Global Macro",
        "USD",
        Decimal("25000000.00"),
        0.09,
        0.14,
        11,
        (
            (95, "deposit", "5000000.00", "Q2 capital call"),
            (370, "withdrawal", "2000000.00", "Redemption: Pension LP"),
            (551, "deposit", "3500000.00", "New investor: Family office (Saturday wire)"),
            (800, "withdrawal", "1250000.50", "Quarterly distribution"),
        ),
    ),
    DemoSpec(
        "Harbor Long/Short",
        "USD",
        Decimal("10000000.00"),
        0.06,
        0.11,
        23,
        (
            (180, "deposit", "1500000.00", "Top-up from GP"),
            (454, "withdrawal", "750000.00", "Partial redemption (Sunday instruction)"),
            (900, "deposit", "250000.25", "Fee rebate reinvested"),
        ),
    ),
    DemoSpec(
        "Meridian Income",
        "EUR",
        Decimal("5000000.00"),
        0.04,
        0.06,
        37,
        (
            (60, "deposit", "500000.00", "Initial subscription tranche 2"),
            (640, "withdrawal", "300000.00", "Income distribution"),
        ),
    ),
)
DEMO_NAMES = frozenset(spec.name for spec in DEMO_PORTFOLIOS)


def load_demo(db: Database, end: date | None = None) -> list[str]:
    """Create the demo portfolios when the database has none; returns the names created.

    They end on the last business day up to ``db``'s today and are written as the demo
    loader, whoever opened the database.
    """
    if list_portfolios(db, include_archived=True):  # archived ones count: not empty
        return []
    end = end or _last_business_day(db.clock.today())
    db = db.acting_as(DEMO_ACTOR)
    # A little over three years, so the 3Y period of the performance table has figures.
    inception = end - timedelta(days=365 * DEMO_YEARS + DEMO_MARGIN_DAYS)
    for spec in DEMO_PORTFOLIOS:
        _load_one(db, spec, inception, end)
    import_fx_rates(db, _demo_fx_csv(inception, end))
    return [spec.name for spec in DEMO_PORTFOLIOS]


def _load_one(db: Database, spec: DemoSpec, inception: date, end: date) -> None:
    create_portfolio(db, NewPortfolio(spec.name, spec.opening, inception, spec.currency))
    upsert_snapshots(db, spec.name, _snapshots(spec, inception, end), "batch")
    for offset, kind, amount, notes in spec.flows:
        day = inception + timedelta(days=offset)
        if day <= end:
            record_cash_flow(
                db,
                FlowRequest(spec.name, day, kind, Decimal(amount), notes, f"demo-{offset}"),
            )


def _snapshots(spec: DemoSpec, inception: date, end: date) -> list[SnapshotInput]:
    """Business days with drift and volatility, and a drawdown in the second year.

    P&L is a percentage of a notional that follows the simulated equity, so it scales
    like a real book; flows are ignored here (they are recorded later, backdated).
    """
    rng = random.Random(spec.seed)
    equity = float(spec.opening)
    days, current = [], inception + timedelta(days=1)
    daily_vol = spec.annual_vol / 252**0.5
    while current <= end:
        if current.weekday() < 5:
            drift = spec.annual_drift / 252
            if 330 <= (current - inception).days <= 450:
                drift = -0.45 / 252  # the drawdown every risk manager remembers
            pnl = Decimal(str(equity * rng.gauss(drift, daily_vol))).quantize(CENT)
            equity += float(pnl)
            days.append(SnapshotInput(current, pnl, Decimal(str(equity * 1.35)).quantize(CENT)))
        current += timedelta(days=1)
    return days


#: The demo's non-USD currencies, each with a starting rate in USD (the default base).
DEMO_FX_START = {"EUR": 1.08}
DEMO_FX_SEED = 53


def _demo_fx_csv(inception: date, end: date) -> str:
    """Month-end rates (and one on ``end``) for every demo currency that is not USD.

    With them the firm view's total is complete out of the box; a small seeded random
    walk keeps them plausible and the same on every load.
    """
    rng = random.Random(DEMO_FX_SEED)
    lines = ["date,currency,rate"]
    for currency, start in DEMO_FX_START.items():
        rate = start
        for day in _month_ends(inception, end):
            rate *= 1 + rng.gauss(0, 0.015)
            lines.append(f"{day.isoformat()},{currency},{rate:.4f}")
    return "\n".join(lines) + "\n"


def _month_ends(start: date, end: date) -> list[date]:
    """The last business day of each month from ``start`` to ``end``, then ``end`` itself."""
    days: list[date] = []
    month = date(start.year, start.month, 1)
    while month <= end:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        last = _last_business_day(following - timedelta(days=1))
        if start <= last < end:
            days.append(last)
        month = following
    return [*days, end]


def _last_business_day(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def is_demo_loaded(db: Database) -> bool:
    """True when any demo portfolio exists (the app shows a "Demo data" badge)."""
    return any(view.name in DEMO_NAMES for view in list_portfolios(db))
