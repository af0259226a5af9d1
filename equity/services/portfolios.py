"""Use cases on portfolios themselves: create, list, look up, rename, archive, settings.

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

from equity.domain.validation import check_currency, check_portfolio_name, portfolio_name_key
from equity.errors import ValidationError
from equity.money import check_amount, check_minor_units, stated_money
from equity.services.access import (
    open_portfolio,
    require_admin,
    require_write,
    visible_portfolio_ids,
)
from equity.services.audit import record_audit
from equity.services.lifecycle import correct_portfolio, set_portfolio
from equity.services.lookup import view_of
from equity.services.views import PortfolioView
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import Portfolio, PortfolioName


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


def list_portfolios(db: Database, *, include_archived: bool = False) -> list[PortfolioView]:
    """Every portfolio ``db``'s actor may see, by name (the operator sees them all).

    Archived portfolios are left out unless ``include_archived``: they are closed, and a
    picker full of them hides the live ones.
    """
    with db.read() as session:
        query = select(Portfolio).order_by(Portfolio.name)
        if not include_archived:
            query = query.where(Portfolio.archived_at.is_(None))
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


def set_opening_equity(db: Database, ref: str | uuid.UUID, amount: Decimal) -> PortfolioView:
    """Correct the seed capital: every snapshot shifts, in the same transaction.

    Lowering it takes capital out, so the shared equity guard refuses it when equity
    would go negative on any day; raising it is only bounded by NUMERIC(16,2). The
    correction itself lives in :func:`equity.services.lifecycle.correct_portfolio`.
    """
    return correct_portfolio(db, ref, opening_equity=amount)


def set_four_eyes(db: Database, ref: str | uuid.UUID, on: bool) -> PortfolioView:
    """Turn four-eyes approval on or off for one portfolio (admins only).

    With it on, a flow recorded or voided in the app by a signed-in person waits for a
    different manager or admin to approve it. Setting what is already set writes nothing
    and leaves no audit entry: there was no change to describe.
    """
    return set_portfolio(db, ref, four_eyes=on)


def set_decimal_comma(db: Database, ref: str | uuid.UUID, on: bool) -> PortfolioView:
    """Say whether this portfolio's files and forms write 1.000,00 (admins only).

    The imports and the flow form read it; nothing guesses, since ``1,000`` means a
    thousand or one depending on it. Setting what is already set writes nothing.
    """
    return set_portfolio(db, ref, decimal_comma=on)


def rename_portfolio(db: Database, ref: str | uuid.UUID, new_name: str) -> PortfolioView:
    """Give a portfolio a new name (admins only); the old one is kept to answer old links.

    Name rules as at creation (clean, not an id, unique ignoring case and width). A
    lookup of the old name then raises PortfolioRenamedError naming the new one, until a
    new portfolio takes the freed name (a live name wins). An archived portfolio is not
    renamed: unarchive it first. The same name as now writes nothing.
    """
    name = check_portfolio_name(new_name)
    try:
        return _rename(db, ref, name)
    except IntegrityError:  # another writer took the name after our check: its key is unique
        taken = _name_taken_now(db, portfolio_name_key(name))
        if taken is None:
            raise
        raise ValidationError("name", f"a portfolio named {taken!r} already exists") from None


@retry_on_conflict
def _rename(db: Database, ref: str | uuid.UUID, name: str) -> PortfolioView:
    with db.unit_of_work() as uow:
        session = uow.session
        portfolio = open_portfolio(session, db, ref, lock=True)
        require_admin(session, db, "rename portfolios")
        require_write(session, db, portfolio)
        old = portfolio.name
        if name == old:
            return view_of(portfolio)
        key = portfolio_name_key(name)
        taken = _name_taken(session, key) if key != portfolio.name_key else None
        if taken is not None:
            raise ValidationError("name", f"a portfolio named {taken!r} already exists")
        session.add(
            PortfolioName(
                portfolio_id=portfolio.id,
                name=old,
                name_key=portfolio.name_key,
                renamed_at=db.clock.now(),
                renamed_by=db.actor,
            )
        )
        portfolio.name = name
        session.flush()
        record_audit(session, db, portfolio.id, "portfolio.rename", f"renamed {old!r} to {name!r}")
        uow.commit()
        return view_of(portfolio)


@retry_on_conflict
def archive_portfolio(db: Database, ref: str | uuid.UUID) -> PortfolioView:
    """Close a portfolio (admins only): read-only, and out of lists and the firm view.

    Its history, performance, audit and exports still read; every write is refused until
    it is unarchived. Archiving an archived portfolio is refused, so a repeat says so.
    """
    with db.unit_of_work() as uow:
        session = uow.session
        portfolio = open_portfolio(session, db, ref, lock=True)
        require_admin(session, db, "archive portfolios")
        if portfolio.archived_at is not None:
            raise ValidationError("portfolio", f"{portfolio.name!r} is already archived")
        portfolio.archived_at = db.clock.now()
        portfolio.archived_by = db.actor
        record_audit(session, db, portfolio.id, "portfolio.archive", "archived: read-only")
        uow.commit()
        return view_of(portfolio)


@retry_on_conflict
def unarchive_portfolio(db: Database, ref: str | uuid.UUID) -> PortfolioView:
    """Open an archived portfolio again (admins only): back in the lists, writable."""
    with db.unit_of_work() as uow:
        session = uow.session
        portfolio = open_portfolio(session, db, ref, lock=True)
        require_admin(session, db, "unarchive portfolios")
        if portfolio.archived_at is None:
            raise ValidationError("portfolio", f"{portfolio.name!r} is not archived")
        since = portfolio.archived_at
        portfolio.archived_at = None
        portfolio.archived_by = None
        record_audit(
            session, db, portfolio.id, "portfolio.unarchive", f"unarchived (archived {since})"
        )
        uow.commit()
        return view_of(portfolio)
