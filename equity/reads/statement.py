"""A client statement's figures: one portfolio over one period, read once and frozen.

The statement restates nothing: its returns are the Performance page's own analytics
(``equity.analytics.periods.performance_of_period``) run on the same history, so TWR and
MWR match ``performance --json`` on the same bases. The money figures come from the
snapshots and the ledger, and must add up to the cent
(opening + deposits - withdrawals + P&L == closing), else the statement is refused:
a client must never receive figures that do not reconcile.

:class:`Statement` is frozen and :meth:`Statement.figures` flattens it to plain text and
numbers, so an issued statement (issue 14, second half) can be stored as JSON and
compared with today's books figure by figure.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from equity.analytics.figures import Figure
from equity.analytics.history import Snapshot, snapshots
from equity.analytics.periods import SINCE_INCEPTION, Period, performance_of_period
from equity.analytics.returns import returns_of_snapshots
from equity.errors import StorageError, ValidationError
from equity.money import ZERO, fmt2
from equity.reads.history import History, history_in
from equity.services.access import open_portfolio
from equity.storage.database import Database
from equity.storage.models import CashFlow, Portfolio

STATEMENT_LABEL = "Statement period"


@dataclass(frozen=True)
class StatementPeriod:
    """The dates a statement covers, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValidationError(
                "to", f"the period ends on {self.end}, before it starts on {self.start}"
            )


def month_period(year: int, month: int) -> StatementPeriod:
    """A calendar month: the 1st to its last day."""
    return StatementPeriod(date(year, month, 1), date(year, month, _month_days(year, month)))


def quarter_period(year: int, quarter: int) -> StatementPeriod:
    """A calendar quarter (1-4)."""
    if not 1 <= quarter <= 4:
        raise ValidationError("quarter", f"{quarter} is not a quarter (1 to 4)")
    last_month = 3 * quarter
    return StatementPeriod(
        date(year, last_month - 2, 1), date(year, last_month, _month_days(year, last_month))
    )


def year_period(year: int) -> StatementPeriod:
    """A calendar year."""
    return StatementPeriod(date(year, 1, 1), date(year, 12, 31))


def _month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@dataclass(frozen=True)
class StatementFlow:
    """A live deposit or withdrawal in the period, as the client sees it."""

    date: date
    kind: str
    amount: Decimal
    notes: str | None

    def document(self) -> dict[str, str | None]:
        """The flow as ``statement --json`` prints it and an issued statement keeps it."""
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "amount": fmt2(self.amount),
            "notes": self.notes,
        }


@dataclass(frozen=True)
class ChartPoint:
    """Equity and net contributions (opening equity plus deposits less withdrawals) on a day."""

    date: date
    equity: Decimal
    net_contributions: Decimal


@dataclass(frozen=True)
class Statement:
    """Every figure of one statement. ``end`` is the asked end; ``as_of`` its latest snapshot.

    ``twr``/``mwr`` cover the period, ``twr_since_inception``/``mwr_since_inception`` run
    from inception to ``as_of``; each is a Figure, so an undefined one carries its reason.
    ``mwr`` is on the contract's basis (the period's own return under a year, the annual
    rate from a year on), as ``performance --json``.
    """

    portfolio: str
    portfolio_id: uuid.UUID
    currency: str
    inception_date: date
    start: date
    end: date
    as_of: date | None
    opening_equity: Decimal
    deposits: Decimal
    withdrawals: Decimal
    pnl: Decimal
    closing_equity: Decimal
    twr: Figure
    mwr: Figure
    twr_since_inception: Figure
    mwr_since_inception: Figure
    flows: tuple[StatementFlow, ...]
    series: tuple[ChartPoint, ...]

    @property
    def net_flows(self) -> Decimal:
        return self.deposits - self.withdrawals

    def figures(self) -> dict[str, str | float | None]:
        """The figures a client reads, flat and JSON-ready: what a restatement compares."""
        return {
            "opening_equity": fmt2(self.opening_equity),
            "deposits": fmt2(self.deposits),
            "withdrawals": fmt2(self.withdrawals),
            "pnl": fmt2(self.pnl),
            "closing_equity": fmt2(self.closing_equity),
            "twr": self.twr.value,
            "mwr": self.mwr.value,
            "twr_since_inception": self.twr_since_inception.value,
            "mwr_since_inception": self.mwr_since_inception.value,
        }


def statement_for(
    db: Database, portfolio_ref: str | uuid.UUID, start: date, end: date
) -> Statement:
    """The statement of one portfolio from ``start`` to ``end`` (anyone who may read it).

    Read twice at most: the history and the ledger are two queries, and a write landing
    between them (PostgreSQL's read committed) would make an honest book look unbalanced;
    a second read settles it.
    """
    period = StatementPeriod(start, end)
    try:
        return _statement(db, portfolio_ref, period)
    except UnbalancedStatement:
        return _statement(db, portfolio_ref, period)


class UnbalancedStatement(StorageError):
    """The books do not add up over the period: the statement is refused, not sent."""


def _statement(db: Database, portfolio_ref: str | uuid.UUID, period: StatementPeriod) -> Statement:
    with db.read() as session:
        portfolio = open_portfolio(session, db, portfolio_ref)
        return statement_in(session, portfolio, period)


def statement_in(session: Session, portfolio: Portfolio, period: StatementPeriod) -> Statement:
    """The statement computed inside ``session``: what issuing and the restatement check use.

    Issuing reads the books in the transaction that stores the result, and the check
    reads them in the transaction of the change, before it commits; rights are the
    caller's business (it opened ``portfolio``).
    """
    if period.end < portfolio.inception_date:
        raise ValidationError(
            "to",
            f"{period.end} is before the portfolio's inception on {portfolio.inception_date}",
        )
    history = history_in(session, portfolio, end=period.end)
    flows = _live_flows(session, portfolio.id, period)
    rows = snapshots(history.frame, portfolio.inception_date)
    return _assembled(history, rows, flows, period)


def _live_flows(
    session: Session, portfolio_id: uuid.UUID, period: StatementPeriod
) -> tuple[StatementFlow, ...]:
    """The period's deposits and withdrawals in ledger order; voided ones are not flows."""
    found = session.execute(
        select(CashFlow.flow_date, CashFlow.kind, CashFlow.amount, CashFlow.notes)
        .where(
            CashFlow.portfolio_id == portfolio_id,
            CashFlow.voided_at.is_(None),
            CashFlow.flow_date >= period.start,
            CashFlow.flow_date <= period.end,
        )
        .order_by(CashFlow.flow_date, CashFlow.created_at, CashFlow.id)
    ).all()
    return tuple(StatementFlow(*row) for row in found)


def _assembled(
    history: History,
    rows: list[Snapshot],
    flows: tuple[StatementFlow, ...],
    period: StatementPeriod,
) -> Statement:
    portfolio = history.portfolio
    opening_capital = portfolio.opening_equity
    start = max(period.start, portfolio.inception_date)
    before = [row for row in rows if row.date < start]
    inside = [row for row in rows if row.date >= start]
    opening = before[-1].equity_balance if before else opening_capital
    closing = inside[-1].equity_balance if inside else opening
    as_of = inside[-1].date if inside else (before[-1].date if before else None)
    deposits = _total(flows, "deposit")
    withdrawals = _total(flows, "withdrawal")
    pnl = sum((row.daily_pnl for row in inside), ZERO)
    _check_identity(portfolio.name, opening, deposits, withdrawals, pnl, closing)
    _check_ledger(portfolio.name, inside, deposits, withdrawals)
    daily = returns_of_snapshots(rows, opening_capital)
    period_end = inside[-1].date if inside else period.end
    this = performance_of_period(
        rows, daily, opening_capital, Period(STATEMENT_LABEL, start, period_end)
    )
    life_end = as_of or portfolio.inception_date
    life = performance_of_period(
        rows, daily, opening_capital, Period(SINCE_INCEPTION, portfolio.inception_date, life_end)
    )
    return Statement(
        portfolio=portfolio.name,
        portfolio_id=portfolio.id,
        currency=portfolio.currency,
        inception_date=portfolio.inception_date,
        start=period.start,
        end=period.end,
        as_of=as_of,
        opening_equity=opening,
        deposits=deposits,
        withdrawals=withdrawals,
        pnl=pnl,
        closing_equity=closing,
        twr=_figure(this.twr, this.reasons.get("twr")),
        mwr=_figure(this.mwr, this.reasons.get("mwr")),
        twr_since_inception=_figure(life.twr, life.reasons.get("twr")),
        mwr_since_inception=_figure(life.mwr, life.reasons.get("mwr")),
        flows=flows,
        series=_series(rows, opening_capital, start),
    )


def _total(flows: tuple[StatementFlow, ...], kind: str) -> Decimal:
    return sum((flow.amount for flow in flows if flow.kind == kind), ZERO)


def _figure(value: float | None, reason: str | None) -> Figure:
    return Figure(value) if value is not None else Figure.undefined(reason or "undefined")


def _check_identity(
    name: str,
    opening: Decimal,
    deposits: Decimal,
    withdrawals: Decimal,
    pnl: Decimal,
    closing: Decimal,
) -> None:
    """opening + deposits - withdrawals + P&L == closing, to the cent, or no statement."""
    if opening + deposits - withdrawals + pnl != closing:
        raise UnbalancedStatement(
            f"the books of {name!r} do not add up over the period: opening {fmt2(opening)} "
            f"+ deposits {fmt2(deposits)} - withdrawals {fmt2(withdrawals)} + P&L {fmt2(pnl)} "
            f"is not the closing equity {fmt2(closing)}; run `python -m equity check`"
        )


def _check_ledger(
    name: str, inside: list[Snapshot], deposits: Decimal, withdrawals: Decimal
) -> None:
    """The ledger's flows equal the snapshots' inflows and outflows (DESIGN: same sums)."""
    inflow = sum((row.equity_inflow for row in inside), ZERO)
    outflow = sum((row.equity_outflow for row in inside), ZERO)
    if (inflow, outflow) != (deposits, withdrawals):
        raise UnbalancedStatement(
            f"the ledger of {name!r} ({fmt2(deposits)} in, {fmt2(withdrawals)} out) does not "
            f"match its snapshots ({fmt2(inflow)} in, {fmt2(outflow)} out) over the period; "
            "run `python -m equity recompute`"
        )


def _series(rows: list[Snapshot], opening_capital: Decimal, start: date) -> tuple[ChartPoint, ...]:
    """Equity against net contributions on every snapshot day of the period.

    The day before the period opens the line (its closing figures) when there is one, so
    the chart starts where the statement's opening equity stands.
    """
    points: list[ChartPoint] = []
    contributions = opening_capital
    previous: ChartPoint | None = None
    for row in rows:
        contributions += row.equity_inflow - row.equity_outflow
        point = ChartPoint(row.date, row.equity_balance, contributions)
        if row.date < start:
            previous = point
            continue
        if not points:
            points.append(
                previous or ChartPoint(start - timedelta(days=1), opening_capital, opening_capital)
            )
        points.append(point)
    return tuple(points)
