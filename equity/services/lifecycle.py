"""Corrections to a portfolio's start: its opening equity and its inception date.

Both are facts entered once and sometimes wrong. A correction shows its impact first
(:func:`preview_correction`, the same code run in a transaction that is rolled back),
then applies it with the recompute forward and the shared equity guard
(:func:`correct_portfolio`). Moving the inception never changes a figure (the formula
starts from the opening equity before the first row, whatever its date), but it may not
leave snapshots or flows before the portfolio's start, nor start in the future.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from equity.errors import PortfolioArchivedError, ValidationError
from equity.money import check_amount, check_minor_units, stated_money
from equity.services.access import open_portfolio, require_admin, require_write
from equity.services.audit import record_audit
from equity.services.guards import guard_after_change
from equity.services.lookup import view_of
from equity.services.views import PortfolioView
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import CashFlow, Portfolio, PortfolioSnapshot
from equity.storage.recompute import recompute_from

S = PortfolioSnapshot
#: How many dates a refused inception names, of the snapshots and of the flows before it.
DATES_NAMED = 3


@dataclass(frozen=True)
class CorrectionPreview:
    """What a correction changes, before it is applied; ``refusal`` when it would be refused.

    ``days_recomputed`` counts the snapshots rewritten (0 when only the inception moves).
    The lowest equity after is over the whole history (None without snapshots). When
    refused, ``current_equity_after`` is the current equity (nothing would change), while
    the lowest equity still shows the day the refused change would have produced, when
    it got that far (a guard's negative day).
    """

    portfolio: str
    currency: str
    old_opening_equity: Decimal
    new_opening_equity: Decimal
    old_inception: date
    new_inception: date
    days_recomputed: int
    current_equity_before: Decimal
    current_equity_after: Decimal
    lowest_equity_after: Decimal | None
    lowest_equity_date: date | None
    refusal: str | None = None

    @property
    def changes_anything(self) -> bool:
        return (self.old_opening_equity, self.old_inception) != (
            self.new_opening_equity,
            self.new_inception,
        )


def preview_correction(
    db: Database,
    ref: str | uuid.UUID,
    opening_equity: Decimal | None = None,
    inception: date | None = None,
) -> CorrectionPreview:
    """The correction run and rolled back: its figures, or why it would be refused.

    An unknown portfolio, or one not open to the actor, raises; so does a non-admin
    (the page offers corrections to admins only). Bad values, an archived portfolio and
    the guards' refusals come back in ``refusal``.
    """
    with db.unit_of_work() as uow:  # never committed
        session = uow.session
        portfolio = open_portfolio(session, db, ref, lock=True)
        require_admin(session, db, _acts(opening_equity, inception, None, None))
        old_opening, old_inception = portfolio.opening_equity, portfolio.inception_date
        before = portfolio.equity_balance
        refusal, recomputed = None, 0
        try:
            require_write(session, db, portfolio)
            recomputed = _apply(session, db, portfolio, opening_equity, inception)
        except (ValidationError, PortfolioArchivedError) as refused:
            refusal = str(refused)
        lowest = _lowest_equity(session, portfolio.id)
        return CorrectionPreview(
            portfolio=portfolio.name,
            currency=portfolio.currency,
            old_opening_equity=old_opening,
            new_opening_equity=_stated_or(opening_equity, old_opening),
            old_inception=old_inception,
            new_inception=inception or old_inception,
            days_recomputed=recomputed,
            current_equity_before=before,
            current_equity_after=portfolio.equity_balance if refusal is None else before,
            lowest_equity_after=lowest[1] if lowest else None,
            lowest_equity_date=lowest[0] if lowest else None,
            refusal=refusal,
        )


def _stated_or(amount: Decimal | None, current: Decimal) -> Decimal:
    """The new opening equity as it would be stored (two places), for the preview."""
    if amount is None:
        return current
    try:
        return check_amount(amount, "opening_equity").quantize(Decimal("0.01"))
    except (ValidationError, ArithmeticError):
        return current


def correct_portfolio(
    db: Database,
    ref: str | uuid.UUID,
    opening_equity: Decimal | None = None,
    inception: date | None = None,
) -> PortfolioView:
    """Apply a correction (admins only): one transaction, audited per field changed.

    Lowering the opening equity is refused when equity would go negative on any day
    (the shared guard); an inception after existing snapshots or live flows is refused,
    naming them; one in the future is refused. Values equal to the stored ones write
    nothing.
    """
    if opening_equity is None and inception is None:
        raise ValidationError(
            "portfolio", "nothing to correct: give an opening equity or an inception date"
        )
    return set_portfolio(db, ref, opening_equity=opening_equity, inception=inception)


@retry_on_conflict
def set_portfolio(
    db: Database,
    ref: str | uuid.UUID,
    *,
    opening_equity: Decimal | None = None,
    inception: date | None = None,
    four_eyes: bool | None = None,
    decimal_comma: bool | None = None,
) -> PortfolioView:
    """``portfolio set``: every setting given, changed together in one transaction.

    Admins only; an archived portfolio refuses (unarchive it first). A setting equal to
    the stored one leaves no audit entry: there was no change to describe.
    """
    if (opening_equity, inception, four_eyes, decimal_comma) == (None, None, None, None):
        raise ValidationError("portfolio", "nothing to change: give at least one setting")
    with db.unit_of_work() as uow:
        session = uow.session
        portfolio = open_portfolio(session, db, ref, lock=True)
        require_admin(session, db, _acts(opening_equity, inception, four_eyes, decimal_comma))
        require_write(session, db, portfolio)
        _apply(session, db, portfolio, opening_equity, inception, audit=True)
        if four_eyes is not None and bool(portfolio.four_eyes) != four_eyes:
            portfolio.four_eyes = four_eyes
            record_audit(
                session,
                db,
                portfolio.id,
                "portfolio.four_eyes",
                f"four-eyes approval {'on' if four_eyes else 'off'}",
            )
        if decimal_comma is not None and bool(portfolio.decimal_comma) != decimal_comma:
            portfolio.decimal_comma = decimal_comma
            record_audit(
                session,
                db,
                portfolio.id,
                "portfolio.number_format",
                f"decimal separator {'comma (1.000,00)' if decimal_comma else 'point (1,000.00)'}",
            )
        uow.commit()
        return view_of(portfolio)


#: The acts of ``set_portfolio``'s settings, in its order, for a non-admin's refusal.
ACTS = (
    "change opening equity",
    "move the inception",
    "change four-eyes approval",
    "change the number format",
)


def _acts(*given: object) -> str:
    """What a non-admin was refused, in words: 'change four-eyes approval' and the like."""
    named = [act for act, value in zip(ACTS, given, strict=True) if value is not None]
    return " and ".join(named) or "correct portfolios"


def _apply(
    session: Session,
    db: Database,
    portfolio: Portfolio,
    opening_equity: Decimal | None,
    inception: date | None,
    *,
    audit: bool = False,
) -> int:
    """Change what differs, recompute, guard; returns the days recomputed."""
    recomputed = 0
    if inception is not None and inception != portfolio.inception_date:
        _check_inception(session, db, portfolio, inception)
        if audit:
            record_audit(
                session,
                db,
                portfolio.id,
                "portfolio.inception",
                f"inception {portfolio.inception_date} -> {inception}",
                min(inception, portfolio.inception_date),
            )
        portfolio.inception_date = inception
        session.flush()
    if opening_equity is not None:
        opening = check_minor_units(
            check_amount(opening_equity, "opening_equity"), portfolio.currency, "opening_equity"
        )
        if opening != portfolio.opening_equity:
            recomputed = _set_opening(session, db, portfolio, opening, audit=audit)
    return recomputed


def _set_opening(
    session: Session, db: Database, portfolio: Portfolio, opening: Decimal, *, audit: bool
) -> int:
    """Every snapshot shifts by the difference; lowering is refused below zero equity."""
    currency = portfolio.currency
    lowered = opening < portfolio.opening_equity
    if audit:
        record_audit(
            session,
            db,
            portfolio.id,
            "portfolio.opening_equity",
            f"opening equity {stated_money(portfolio.opening_equity, currency)} -> "
            f"{stated_money(opening, currency)}",
            portfolio.inception_date,
        )
    portfolio.opening_equity = opening
    session.flush()
    recomputed = recompute_from(session, portfolio, portfolio.inception_date)
    guard_after_change(
        session,
        portfolio.id,
        portfolio.inception_date,
        field="opening_equity",
        shown=f"opening equity of {stated_money(opening, currency)}",
        forbid_negative=lowered,
        currency=currency,
    )
    return recomputed


def _check_inception(session: Session, db: Database, portfolio: Portfolio, new: date) -> None:
    """Not in the future, and not after any snapshot or live flow (named in the refusal)."""
    if new > db.clock.today():
        raise ValidationError("inception", f"{new} is in the future")
    snapshots = _dates_before(session, S.snapshot_date, S.portfolio_id, portfolio.id, new)
    flows = _dates_before(
        session,
        CashFlow.flow_date,
        CashFlow.portfolio_id,
        portfolio.id,
        new,
        CashFlow.voided_at.is_(None),
    )
    if not snapshots and not flows:
        return
    found = ((snapshots, "snapshot", "delete the snapshots"), (flows, "flow", "void the flows"))
    parts = [_named(dates, what) for dates, what, _fix in found if dates]
    fixes = [fix for dates, _what, fix in found if dates]
    raise ValidationError(
        "inception",
        f"{new} is after existing data: {' and '.join(parts)}; "
        f"{' and '.join(fixes)} first, or choose an earlier date",
    )


def _dates_before(
    session: Session,
    column: InstrumentedAttribute[date],
    owner: InstrumentedAttribute[uuid.UUID],
    portfolio_id: uuid.UUID,
    new: date,
    *extra: ColumnElement[bool],
) -> list[date]:
    """Every date of ``column`` before ``new`` for this portfolio, in order (distinct)."""
    query = (
        select(column)
        .where(owner == portfolio_id, column < new, *extra)
        .distinct()
        .order_by(column)
    )
    return list(session.execute(query).scalars())


def _named(dates: list[date], what: str) -> str:
    """'flows on 2025-01-02' or 'snapshots on 5 days (2025-01-02, ... and 2 more)'."""
    if len(dates) == 1:
        return f"{what}s on {dates[0]}"
    shown = ", ".join(day.isoformat() for day in dates[:DATES_NAMED])
    more = len(dates) - DATES_NAMED
    tail = f" and {more} more" if more > 0 else ""
    return f"{what}s on {len(dates)} days ({shown}{tail})"


def _lowest_equity(session: Session, portfolio_id: uuid.UUID) -> tuple[date, Decimal] | None:
    """The lowest equity of the history and its first date, or None without snapshots."""
    row = session.execute(
        select(S.snapshot_date, S.equity_balance)
        .where(S.portfolio_id == portfolio_id)
        .order_by(S.equity_balance, S.snapshot_date)
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None
