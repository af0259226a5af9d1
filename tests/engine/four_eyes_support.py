"""People and four-eyes portfolios for the approval and ledger-rights tests.

Users and grants are inserted directly (the users service is tested on its own). The
``users`` table hangs from no portfolio, so PostgreSQL's per-test truncation misses it:
:func:`people` empties it before and after each test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete, func, select

from equity.services.lookup import find_portfolio
from equity.storage.database import Database
from equity.storage.models import CashFlow, PendingFlow, Portfolio, User, UserPortfolio
from tests.support import TEST_NOW, add_days, new_portfolio

#: Who plays which part: two managers (maker and checker), a viewer, an outsider, an admin.
MAKER = "ann@firm.com"
CHECKER = "bob@firm.com"
VIEWER = "vic@firm.com"
OUTSIDER = "olga@firm.com"
ADMIN = "ada@firm.com"


def grant(db: Database, email: str, role: str, *portfolios: str) -> None:
    """``email`` becomes ``role`` of the named portfolios (none named: all of them)."""
    with db.unit_of_work() as uow:
        session = uow.session
        session.add(
            User(
                email=email,
                role=role,
                all_portfolios=not portfolios,
                created_at=TEST_NOW,
                created_by="setup",
            )
        )
        session.flush()
        for name in portfolios:
            portfolio_id = find_portfolio(session, name).id
            session.add(UserPortfolio(email=email, portfolio_id=portfolio_id))
        uow.commit()


def set_four_eyes(db: Database, name: str, on: bool = True) -> None:
    with db.unit_of_work() as uow:
        find_portfolio(uow.session, name).four_eyes = on
        uow.commit()


def clear_users(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(delete(User))


@pytest.fixture
def people(db: Database) -> Iterator[Database]:
    """Alpha (four-eyes on, days in Jan 2025) and Beta; the cast granted Alpha only."""
    clear_users(db)
    new_portfolio(db, "Alpha")
    new_portfolio(db, "Beta")
    add_days(db, "Alpha", ("2025-01-02", "100"), ("2025-01-03", "-50"), ("2025-01-06", "25"))
    set_four_eyes(db, "Alpha")
    grant(db, MAKER, "manager", "Alpha")
    grant(db, CHECKER, "manager", "Alpha")
    grant(db, VIEWER, "viewer", "Alpha")
    grant(db, OUTSIDER, "manager", "Beta")
    grant(db, ADMIN, "admin")
    yield db
    clear_users(db)


def ledger_count(db: Database) -> int:
    with db.read() as session:
        return session.execute(select(func.count()).select_from(CashFlow)).scalar_one()


def pending_rows(db: Database) -> list[PendingFlow]:
    with db.read() as session:
        query = select(PendingFlow).order_by(PendingFlow.proposed_at)
        rows = list(session.execute(query).scalars())
        session.expunge_all()  # keep their loaded values past the read's rollback
        return rows


def balance(db: Database, name: str = "Alpha") -> object:
    with db.read() as session:
        return session.execute(
            select(Portfolio.equity_balance).where(Portfolio.name == name)
        ).scalar_one()
