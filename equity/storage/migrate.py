"""Alembic, driven from code: the app and ``python -m equity init`` migrate to head themselves."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from equity.storage.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(db: Database) -> Config:
    """An Alembic config pointing at our migrations and at ``db``'s engine."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = db.engine
    return config


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema to ``revision``; a no-op when it is already there."""
    from alembic import command

    command.upgrade(alembic_config(db), revision)


def downgrade(db: Database, revision: str) -> None:
    """Step the schema back to ``revision`` (``base`` drops everything)."""
    from alembic import command

    command.downgrade(alembic_config(db), revision)


def current_revision(db: Database) -> str | None:
    """The revision the database is at, or None before the first migration."""
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


#: The newest revision; a test checks it against the migration scripts.
SCHEMA_HEAD = "0009"


def ensure_schema(db: Database) -> bool:
    """Migrate to head unless already there; True when a migration ran.

    Reading the version row is one cheap query, so every command and app start can
    afford it, while Alembic (slow to import) loads only when there is work to do.
    """
    if _stored_revision(db) == SCHEMA_HEAD:
        return False
    upgrade(db)
    return True


def _stored_revision(db: Database) -> str | None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with db.engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None
