"""Use cases on portfolios themselves: create, list, look up, edit opening equity, four-eyes.

Creating a portfolio and changing its settings are an admin's acts; reading one is open
to whoever its grant covers (see :mod:`equity.services.access`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from equity.domain.validation import check_currency, check_portfolio_name
from equity.errors import ValidationError
from equity.money import check_amount, check_minor_units, stated_money
from equity.services.access import open_portfolio, require_admin, visible_portfolio_ids
from equity.services.audit import record_audit
from equity.services.guards import guard_after_change
from equity.services.lookup import view_of
from equity.services.views import PortfolioView
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import Portfolio
from equity.storage.recompute import recompute_from


@dataclass(frozen=True)
class NewPortfolio:
    name: str
    opening_equity: Decimal
    inception_date: date
    currency: str = "USD"


def create_portfolio(db: Database, request: NewPortfolio) -> PortfolioView:
    """Create a portfolio, by ``db.actor``, whose equity starts at its opening capital (>= 0)."""
    name = check_portfolio_name(request.name)
    currency = check_currency(request.currency)
    opening = check_minor_units(
        check_amount(request.opening_equity, "opening_equity"), currency, "opening_equity"
    )
    if request.inception_date > db.clock.today():
        raise ValidationError("inception_date", f"{request.inception_date} is in the future")
    portfolio = Portfolio(
        id=uuid.uuid4(),
        name=name,
        currency=currency,
        inception_date=request.inception_date,
        opening_equity=opening,
        equity_balance=opening,
        created_by=db.actor,
    )
    try:
        with db.unit_of_work() as uow:
            session = uow.session
            require_admin(session, db, "create portfolios")
            taken = _name_taken(session, portfolio.name_key)
            if taken is not None:
                raise ValidationError("name", f"a portfolio named {taken!r} already exists")
            session.add(portfolio)
            session.flush()
            record_audit(
                session,
                db,
                portfolio.id,
                "portfolio.create",
                f"opening equity {stated_money(opening, currency)} ({currency}), "
                f"inception {request.inception_date}",
                request.inception_date,
            )
            uow.commit()
    except IntegrityError:  # another writer took the name after our check: its key is unique
        taken = _name_taken_now(db, portfolio.name_key)
        if taken is None:
            raise
        raise ValidationError("name", f"a portfolio named {taken!r} already exists") from None
    return view_of(portfolio)


def _name_taken(session: Session, key: str) -> str | None:
    """The name of the portfolio that already has this name key, if any."""
    query = select(Portfolio.name).where(Portfolio.name_key == key)
    return session.execute(query).scalar_one_or_none()


def _name_taken_now(db: Database, key: str) -> str | None:
    with db.read() as session:
        query = select(Portfolio.name).where(Portfolio.name_key == key)
        return session.execute(query).scalar_one_or_none()


def list_portfolios(db: Database) -> list[PortfolioView]:
    """Every portfolio ``db``'s actor may see, by name (the operator sees them all)."""
    with db.read() as session:
        query = select(Portfolio).order_by(Portfolio.name)
        visible = visible_portfolio_ids(session, db)
        if visible is not None:
            query = query.where(Portfolio.id.in_(visible))
        return [view_of(row) for row in session.execute(query).scalars().all()]


def get_portfolio(db: Database, ref: str | uuid.UUID) -> PortfolioView:
    """One portfolio by name or id; NotFoundError names what was asked for.

    A signed-in person asking for a portfolio outside their grant is told it is not open
    to them, in the same words as for one that does not exist.
    """
    with db.read() as session:
        return view_of(open_portfolio(session, db, ref))


@retry_on_conflict
def set_opening_equity(db: Database, ref: str | uuid.UUID, amount: Decimal) -> PortfolioView:
    """Correct the seed capital: every snapshot shifts, in the same transaction.

    Lowering it takes capital out, so the shared equity guard refuses it when equity
    would go negative on any day; raising it is only bounded by NUMERIC(16,2).
    """
    opening = check_amount(amount, "opening_equity")
    with db.unit_of_work() as uow:
        session = uow.session
        portfolio = open_portfolio(session, db, ref, lock=True)
        require_admin(session, db, "change opening equity")
        check_minor_units(opening, portfolio.currency, "opening_equity")
        lowered = opening < portfolio.opening_equity
        record_audit(
            session,
            db,
            portfolio.id,
            "portfolio.opening_equity",
            f"opening equity {stated_money(portfolio.opening_equity, portfolio.currency)} -> "
            f"{stated_money(opening, portfolio.currency)}",
            portfolio.inception_date,
        )
        portfolio.opening_equity = opening
        session.flush()
        recompute_from(session, portfolio, portfolio.inception_date)
        guard_after_change(
            session,
            portfolio.id,
            portfolio.inception_date,
            field="opening_equity",
            shown=f"opening equity of {stated_money(opening, portfolio.currency)}",
            forbid_negative=lowered,
            currency=portfolio.currency,
        )
        uow.commit()
        return view_of(portfolio)


@retry_on_conflict
def set_four_eyes(db: Database, ref: str | uuid.UUID, on: bool) -> PortfolioView:
    """Turn four-eyes approval on or off for one portfolio (admins only).

    With it on, a flow recorded or voided in the app by a signed-in person waits for a
    different manager or admin to approve it. Setting what is already set writes nothing
    and leaves no audit entry: there was no change to describe.
    """
    with db.unit_of_work() as uow:
        session = uow.session
        portfolio = open_portfolio(session, db, ref, lock=True)
        require_admin(session, db, "change four-eyes approval")
        if bool(portfolio.four_eyes) != on:
            portfolio.four_eyes = on
            record_audit(
                session,
                db,
                portfolio.id,
                "portfolio.four_eyes",
                f"four-eyes approval {'on' if on else 'off'}",
            )
            uow.commit()
        return view_of(portfolio)
