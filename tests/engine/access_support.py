"""Helpers for the rights tests: every stored row, and a clean users table per test.

``tests/conftest.py`` empties the application's tables between PostgreSQL tests by
truncating ``portfolios`` (and what hangs from it); ``users`` hangs from nothing, so the
tests that add users empty it themselves, before and after, and leave nothing behind.
"""

from __future__ import annotations

from sqlalchemy import Row, delete, select

from equity.storage.database import Database
from equity.storage.models import AuditEntry, Base, User


def table_contents(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table the engine maps, in a stable order: 'nothing was written'."""
    contents: dict[str, list[tuple]] = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(select(table)).all()
            contents[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return contents


def clear_users(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(delete(User))  # user_portfolios follow (ON DELETE CASCADE)


def latest_audit(db: Database) -> Row:
    """The newest audit entry's portfolio_id, actor, action and details."""
    entry = AuditEntry
    query = select(entry.portfolio_id, entry.actor, entry.action, entry.details)
    with db.engine.connect() as connection:
        return connection.execute(query.order_by(entry.id.desc()).limit(1)).one()
