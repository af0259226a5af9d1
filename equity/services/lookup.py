"""Finding (and locking) the portfolio a request names, by name or by id."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from equity.domain.validation import portfolio_name_key
from equity.errors import NotFoundError, PortfolioRenamedError
from equity.money import shown_value
from equity.services.views import PortfolioView
from equity.storage.models import Portfolio, PortfolioName


def find_portfolio(session: Session, ref: str | uuid.UUID, *, lock: bool = False) -> Portfolio:
    """The portfolio called ``ref`` (a name or an id); ``lock`` serializes its writers.

    The rule: ``ref`` is an id when it parses as one (any spelling ``uuid.UUID`` accepts),
    else a name, matched on its key (NFKC, case-folded, single-spaced), so ``alpha fund``
    finds ``Alpha Fund``. No portfolio name parses as an id (refused at creation), so the
    two never compete.

    On PostgreSQL the lock is SELECT ... FOR UPDATE on the portfolio row, so two
    backdated changes to one portfolio cannot interleave; SQLite's BEGIN IMMEDIATE
    already serializes every writer.
    """
    query = select(Portfolio)
    as_id = _as_uuid(ref)
    if as_id is not None:
        query = query.where(Portfolio.id == as_id)
    else:
        query = query.where(Portfolio.name_key == portfolio_name_key(str(ref)))
    if lock:
        query = query.with_for_update()
    portfolio = session.execute(query).scalar_one_or_none() if _storable(str(ref)) else None
    if portfolio is None:
        if as_id is None and _storable(str(ref)):
            _raise_if_renamed(session, str(ref))
        raise NotFoundError(f"portfolio: no portfolio named or with id {shown_value(str(ref))}")
    return portfolio


def _raise_if_renamed(session: Session, name: str) -> None:
    """An old name (no live portfolio has it): say what the newest holder is called now."""
    query = (
        select(PortfolioName.name, Portfolio.name, Portfolio.id)
        .join(Portfolio, Portfolio.id == PortfolioName.portfolio_id)
        .where(PortfolioName.name_key == portfolio_name_key(name))
        .order_by(PortfolioName.renamed_at.desc(), PortfolioName.id.desc())
        .limit(1)
    )
    found = session.execute(query).first()
    if found is not None:
        old, new, portfolio_id = found
        raise PortfolioRenamedError(old, new, portfolio_id)


def _storable(text: str) -> bool:
    """False for text no stored name can hold (NUL, lone surrogates): the driver would fail."""
    return "\x00" not in text and not any("\ud800" <= ch <= "\udfff" for ch in text)


def _as_uuid(ref: str | uuid.UUID) -> uuid.UUID | None:
    if isinstance(ref, uuid.UUID):
        return ref
    try:
        return uuid.UUID(str(ref))
    except ValueError:
        return None


def view_of(portfolio: Portfolio) -> PortfolioView:
    return PortfolioView(
        id=portfolio.id,
        name=portfolio.name,
        currency=portfolio.currency,
        inception_date=portfolio.inception_date,
        opening_equity=portfolio.opening_equity,
        equity_balance=portfolio.equity_balance,
        four_eyes=bool(portfolio.four_eyes),
        archived=portfolio.archived_at is not None,
        decimal_comma=bool(portfolio.decimal_comma),
    )
