"""The consistency check: every invariant of DESIGN.md, recomputed from scratch."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, func, literal, literal_column, or_, select
from sqlalchemy.orm import Session

from equity.domain.rollforward import DayMovement, roll_forward
from equity.money import ZERO, fmt2
from equity.services.access import open_portfolio
from equity.services.views import Problem
from equity.storage.database import Database
from equity.storage.models import CashFlow, Portfolio, PortfolioSnapshot
from equity.storage.types import Money

S = PortfolioSnapshot


def check_invariants(db: Database, portfolio_ref: str | uuid.UUID | None = None) -> list[Problem]:
    """All violations, for one portfolio or every one; an empty list means consistent."""
    with db.read() as session:
        if portfolio_ref is not None:
            portfolios = [open_portfolio(session, db, portfolio_ref)]
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


def has_inconsistencies(db: Database, portfolio_ref: str | uuid.UUID) -> bool:
    """The cheap, set-based answer to "would ``check`` report anything?"."""
    with db.read() as session:
        return _count_inconsistencies(session, open_portfolio(session, db, portfolio_ref)) > 0


def problems_if_any(db: Database, portfolio_ref: str | uuid.UUID) -> list[Problem]:
    """The full list of problems, but only after a set-based count says there are some.

    Pages run this on every visit; the count is one statement of aggregates, while the
    full check loads every snapshot, so a consistent portfolio (the normal case) stays
    cheap. The count finds every class the full check reports, so the two agree.
    """
    with db.read() as session:
        portfolio = open_portfolio(session, db, portfolio_ref)
        portfolio_id = portfolio.id
        if _count_inconsistencies(session, portfolio) == 0:
            return []
    return check_invariants(db, portfolio_id)


def _count_inconsistencies(session: Session, portfolio: Portfolio) -> int:
    """How many of check's classes fail, from one statement of set-based counts.

    Each count is a class of :func:`_check_portfolio`: days off the equity formula; live
    ledger days whose snapshot is missing or holds other flows; snapshot days holding
    flows the ledger does not have; snapshots before inception. Plus the latest equity,
    for the cached balance. Only the formula scans every row; the flow counts start from
    the ledger's days and from the (partially indexed) snapshots that hold flows.
    """
    pid = portfolio.id
    off_formula, ledger_days_off, unbacked_flow_days, early_days, latest = session.execute(
        select(
            _off_formula(pid, portfolio.opening_equity),
            _ledger_days_off(pid),
            _unbacked_flow_days(pid),
            select(func.count())
            .where(S.portfolio_id == pid, S.snapshot_date < portfolio.inception_date)
            .scalar_subquery(),
            select(S.equity_balance)
            .where(S.portfolio_id == pid)
            .order_by(S.snapshot_date.desc())
            .limit(1)
            .scalar_subquery(),
        )
    ).one()
    cached_ok = portfolio.equity_balance == (portfolio.opening_equity if latest is None else latest)
    return off_formula + ledger_days_off + unbacked_flow_days + early_days + (not cached_ok)


def _off_formula(portfolio_id: uuid.UUID, opening_equity: Decimal):
    """Snapshots whose cumulative P&L or equity differ from the running sums."""
    so_far = {"order_by": S.snapshot_date, "rows": (None, 0)}
    running = (
        select(
            S.cumulative_pnl,
            S.equity_balance,
            func.sum(S.daily_pnl).over(**so_far).label("run_pnl"),
            func.sum(S.daily_pnl + S.equity_inflow - S.equity_outflow)
            .over(**so_far)
            .label("run_change"),
        )
        .where(S.portfolio_id == portfolio_id)
        .subquery()
    )
    return (
        select(func.count())
        .where(
            or_(
                running.c.cumulative_pnl != running.c.run_pnl,
                running.c.equity_balance != literal(opening_equity, Money()) + running.c.run_change,
            )
        )
        .scalar_subquery()
    )


def _ledger_days_off(portfolio_id: uuid.UUID):
    """Dates with live flows whose snapshot is missing or holds other per-day sums."""
    zero = literal(ZERO, Money())
    ledger = (
        select(
            CashFlow.flow_date,
            func.coalesce(
                func.sum(case((CashFlow.kind == "deposit", CashFlow.amount))), zero
            ).label("deposits"),
            func.coalesce(
                func.sum(case((CashFlow.kind == "withdrawal", CashFlow.amount))), zero
            ).label("withdrawals"),
        )
        .where(CashFlow.portfolio_id == portfolio_id, CashFlow.voided_at.is_(None))
        .group_by(CashFlow.flow_date)
        .subquery()
    )
    day = S.__table__.alias("ledger_day")
    joined = ledger.outerjoin(
        day, and_(day.c.portfolio_id == portfolio_id, day.c.snapshot_date == ledger.c.flow_date)
    )
    return (
        select(func.count())
        .select_from(joined)
        .where(
            or_(
                day.c.id.is_(None),
                day.c.equity_inflow != ledger.c.deposits,
                day.c.equity_outflow != ledger.c.withdrawals,
            )
        )
        .scalar_subquery()
    )


def _unbacked_flow_days(portfolio_id: uuid.UUID):
    """Snapshots holding flows on a date where the ledger has no live flow at all.

    The literal zeros (not bound parameters) let PostgreSQL use the partial index of
    flow days (``equity_inflow <> 0 OR equity_outflow <> 0``, migration 0003); zero is
    zero in SQLite's integer cents too.
    """
    zero = literal_column("0")
    live_flow_that_day = (
        select(CashFlow.id)
        .where(
            CashFlow.portfolio_id == S.portfolio_id,
            CashFlow.flow_date == S.snapshot_date,
            CashFlow.voided_at.is_(None),
        )
        .exists()
    )
    return (
        select(func.count())
        .where(
            S.portfolio_id == portfolio_id,
            or_(S.equity_inflow != zero, S.equity_outflow != zero),
            ~live_flow_that_day,
        )
        .scalar_subquery()
    )
