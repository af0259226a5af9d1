"""Rights, checked where the work is done: every service asks here before it writes.

A page that hides a button is a courtesy; these checks are the control. The operator's
channels (``db.signed_in`` False: the CLI, an app in local mode) pass every check; a
signed-in person passes only what their grant allows. A portfolio outside the grant is
refused in the same words as one that does not exist, so a guess reveals nothing.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from equity.domain.access import Grant, Role, normalized_email
from equity.errors import (
    AccessDeniedError,
    NotFoundError,
    PortfolioArchivedError,
    PortfolioRenamedError,
)
from equity.money import shown_value
from equity.services.lookup import find_portfolio
from equity.storage.database import Database
from equity.storage.models import Portfolio, User, UserPortfolio


def grant_of(session: Session, email: str) -> Grant | None:
    """The stored grant of ``email`` (compared case-insensitively), or None."""
    key = normalized_email(email)
    user = session.get(User, key)
    if user is None:
        return None
    if user.all_portfolios:
        return Grant(key, Role(user.role), None)
    granted = session.execute(
        select(UserPortfolio.portfolio_id).where(UserPortfolio.email == key)
    ).scalars()
    return Grant(key, Role(user.role), frozenset(granted))


def grant_for(db: Database, email: str) -> Grant | None:
    """The grant of ``email``, read in a session of its own (the app's sign-in gate)."""
    with db.read() as session:
        return grant_of(session, email)


def _signed_in_grant(session: Session, db: Database) -> Grant:
    grant = grant_of(session, db.actor)
    if grant is None:
        raise AccessDeniedError(f"{db.actor} has no access to this app")
    return grant


def hidden(ref: object) -> AccessDeniedError:
    """The one refusal for a portfolio that is unknown or not granted: they read the same."""
    return AccessDeniedError(f"portfolio: {shown_value(str(ref))} is not a portfolio open to you")


def open_portfolio(
    session: Session, db: Database, ref: str | uuid.UUID, *, lock: bool = False
) -> Portfolio:
    """``find_portfolio`` for ``db``'s actor: a portfolio outside their grant is 'unknown'."""
    if not db.signed_in:
        return find_portfolio(session, ref, lock=lock)
    grant = _signed_in_grant(session, db)
    try:
        portfolio = find_portfolio(session, ref, lock=lock)
    except PortfolioRenamedError as renamed:
        if grant.covers(renamed.portfolio_id):
            raise
        raise hidden(ref) from None
    except NotFoundError:
        raise hidden(ref) from None
    if not grant.covers(portfolio.id):
        raise hidden(ref)
    return portfolio


def require_write(
    session: Session, db: Database, portfolio: Portfolio, *, repair: bool = False
) -> None:
    """Record, import, void or approve on ``portfolio``: a manager or admin granted it.

    Every writer passes here, so this is the one place an archived portfolio refuses a
    change, for everyone (the operator too). ``repair`` is for ``recompute``, which
    changes no fact, only re-derives figures, and must reach archived portfolios too.
    """
    if portfolio.archived_at is not None and not repair:
        raise PortfolioArchivedError(portfolio.name)
    if not db.signed_in:
        return
    grant = _signed_in_grant(session, db)
    if not grant.covers(portfolio.id):
        raise hidden(portfolio.name)
    if not grant.can_write(portfolio.id):
        raise AccessDeniedError(
            f"{grant.email} is a viewer of {portfolio.name!r}: viewers cannot change it"
        )


def require_admin(session: Session, db: Database, what: str) -> None:
    """Portfolios, users, benchmarks and settings: admins only (``what`` names the act)."""
    if not db.signed_in:
        return
    grant = _signed_in_grant(session, db)
    if not grant.is_admin:
        raise AccessDeniedError(f"{grant.email} is a {grant.role.value}: only an admin can {what}")


def visible_portfolio_ids(session: Session, db: Database) -> frozenset[uuid.UUID] | None:
    """The ids ``db``'s actor may see, or None for every portfolio."""
    if not db.signed_in:
        return None
    grant = grant_of(session, db.actor)
    if grant is None:
        return frozenset()
    if grant.is_admin or grant.portfolio_ids is None:
        return None
    return grant.portfolio_ids
