"""The consistency check: every invariant of DESIGN.md, recomputed from scratch."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import func, literal, or_, select
from sqlalchemy.orm import Session

from equity.domain.rollforward import DayMovement, roll_forward
from equity.money import ZERO, fmt2
from equity.services.lookup import find_portfolio
from equity.services.views import Problem
from equity.storage.database import Database
from equity.storage.models import CashFlow, Portfolio, PortfolioSnapshot
from equity.storage.types import Money

S = PortfolioSnapshot


def check_invariants(db: Database, portfolio_ref: str | uuid.UUID | None = None) -> list[Problem]:
    """All violations, for one portfolio or every one; an empty list means consistent."""
    with db.read() as session:
        if portfolio_ref is not None:
            portfolios = [find_portfolio(session, portfolio_ref)]
        else:
            portfolios = list(session.execute(select(Portfolio).order_by(Portfolio.name)).scalars())
        problems: list[Problem] = []
        for portfolio in portfolios:
            problems.extend(_check_portfolio(session, portfolio))
        return problems


def _check_portfolio(session: Session, portfolio: Portfolio) -> list[Problem]:
    snapshots = (
        session.execute(select(S).where(S.portfolio_id == portfolio.id).order_by(S.snapshot_date))
        .scalars()
        .all()
    )
    ledger = _live_ledger_sums(session, portfolio.id)
    problems = _check_flows(portfolio, snapshots, ledger)
    problems += _check_formula(portfolio, snapshots)
    latest = snapshots[-1].equity_balance if snapshots else portfolio.opening_equity
    if portfolio.equity_balance != latest:
        problems.append(
            Problem(
                portfolio.name,
                None,
                "cached equity_balance equals the latest snapshot",
                fmt2(latest),
                fmt2(portfolio.equity_balance),
            )
        )
    return problems


def _live_ledger_sums(session: Session, portfolio_id: uuid.UUID) -> dict[date, dict[str, Decimal]]:
    rows = session.execute(
        select(CashFlow.flow_date, CashFlow.kind, func.sum(CashFlow.amount))
        .where(CashFlow.portfolio_id == portfolio_id, CashFlow.voided_at.is_(None))
        .group_by(CashFlow.flow_date, CashFlow.kind)
    ).all()
    sums: dict[date, dict[str, Decimal]] = defaultdict(
        lambda: {"deposit": ZERO, "withdrawal": ZERO}
    )
    for day, kind, total in rows:
        sums[day][kind] = total
    return sums


def _no_flows() -> dict[str, Decimal]:
    return {"deposit": ZERO, "withdrawal": ZERO}


def _check_flows(portfolio: Portfolio, snapshots, ledger) -> list[Problem]:
    problems: list[Problem] = []
    by_day = {snap.snapshot_date: snap for snap in snapshots}
    for day in sorted(set(by_day) | set(ledger)):
        expected = ledger.get(day, _no_flows())
        snap = by_day.get(day)
        if snap is None:
            problems.append(
                Problem(portfolio.name, day, "a flow's date has a snapshot", "a snapshot", "none")
            )
            continue
        if snap.snapshot_date < portfolio.inception_date:
            problems.append(
                Problem(
                    portfolio.name,
                    day,
                    "no snapshot before inception",
                    f">= {portfolio.inception_date}",
                    day.isoformat(),
                )
            )
        for field, kind in (("equity_inflow", "deposit"), ("equity_outflow", "withdrawal")):
            actual = getattr(snap, field)
            if actual != expected[kind]:
                problems.append(
                    Problem(
                        portfolio.name,
                        day,
                        f"{field} equals the live ledger",
                        fmt2(expected[kind]),
                        fmt2(actual),
                    )
                )
    return problems


def _check_formula(portfolio: Portfolio, snapshots) -> list[Problem]:
    movements = [
        DayMovement(s.snapshot_date, s.daily_pnl, s.equity_inflow, s.equity_outflow)
        for s in snapshots
    ]
    problems: list[Problem] = []
    for snap, rolled in zip(
        snapshots, roll_forward(portfolio.opening_equity, movements), strict=True
    ):
        for field in ("cumulative_pnl", "equity_balance"):
            expected, actual = getattr(rolled, field), getattr(snap, field)
            if expected != actual:
                problems.append(
                    Problem(
                        portfolio.name,
                        snap.snapshot_date,
                        f"{field} follows the equity formula",
                        fmt2(expected),
                        fmt2(actual),
                    )
                )
    return problems


def problems_if_any(db: Database, portfolio_ref: str | uuid.UUID) -> list[Problem]:
    """The full list of problems, but only after a set-based count says there are some.

    Pages run this on every visit; the count is three aggregate queries, while the full
    check loads every snapshot, so a consistent portfolio (the normal case) stays cheap.
    """
    with db.read() as session:
        portfolio = find_portfolio(session, portfolio_ref)
        portfolio_id = portfolio.id
        if _count_inconsistencies(session, portfolio) == 0:
            return []
    return check_invariants(db, portfolio_id)


def _count_inconsistencies(session: Session, portfolio: Portfolio) -> int:
    running = (
        select(
            S.cumulative_pnl,
            S.equity_balance,
            func.sum(S.daily_pnl).over(order_by=S.snapshot_date).label("run_pnl"),
            func.sum(S.daily_pnl + S.equity_inflow - S.equity_outflow)
            .over(order_by=S.snapshot_date)
            .label("run_change"),
        )
        .where(S.portfolio_id == portfolio.id)
        .subquery()
    )
    formula = select(func.count()).where(
        or_(
            running.c.cumulative_pnl != running.c.run_pnl,
            running.c.equity_balance
            != literal(portfolio.opening_equity, Money()) + running.c.run_change,
        )
    )
    flows = select(func.coalesce(func.sum(CashFlow.amount), literal(ZERO, Money()))).where(
        CashFlow.portfolio_id == portfolio.id, CashFlow.voided_at.is_(None)
    )
    deposits = flows.where(CashFlow.kind == "deposit").scalar_subquery()
    withdrawals = flows.where(CashFlow.kind == "withdrawal").scalar_subquery()
    totals = select(
        func.coalesce(func.sum(S.equity_inflow), literal(ZERO, Money())) - deposits,
        func.coalesce(func.sum(S.equity_outflow), literal(ZERO, Money())) - withdrawals,
        func.max(S.snapshot_date),
    ).where(S.portfolio_id == portfolio.id)
    bad = session.execute(formula).scalar() or 0
    in_gap, out_gap, _last = session.execute(totals).one()
    latest = session.execute(
        select(S.equity_balance)
        .where(S.portfolio_id == portfolio.id)
        .order_by(S.snapshot_date.desc())
        .limit(1)
    ).scalar()
    cached_ok = portfolio.equity_balance == (portfolio.opening_equity if latest is None else latest)
    return bad + (in_gap != 0) + (out_gap != 0) + (not cached_ok)
