"""Throw-away databases for a run: SQLite files in a temporary folder, PostgreSQL databases
created on the configured server and dropped at the end."""

from __future__ import annotations

import os
import tempfile
import uuid
from contextlib import ExitStack, suppress
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from equity.storage.database import Database, open_database
from equity.storage.migrate import upgrade

#: The server (an admin URL: the bench creates and drops its own databases there).
PG_ADMIN_URL = os.environ.get(
    "EQUITY_BENCH_PG_URL",
    os.environ.get("EQUITY_TEST_PG_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"),
)


def postgres_error(admin_url: str = PG_ADMIN_URL) -> str | None:
    """None when the server answers, else the reason (PostgreSQL rows are then skipped)."""
    try:
        engine = create_engine(admin_url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any failure means "no server" for the bench
        return str(error).strip().splitlines()[0]
    return None


def settle(db: Database) -> None:
    """After a bulk load, what the server would soon do by itself, before anything is timed.

    VACUUM (ANALYZE): planner statistics and the visibility map reflect the data, as on a
    server with autovacuum on (it is off on some, this machine's included). CHECKPOINT:
    the load's dirty pages are written now rather than during the next measurement
    (skipped without the privilege). SQLite: nothing to do.
    """
    if db.is_sqlite:
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM (ANALYZE)"))
        # Needs superuser or pg_checkpoint; without it the figures are only noisier.
        with suppress(DBAPIError):
            connection.execute(text("CHECKPOINT"))


class Workspace:
    """Owns every database the run creates; ``close()`` disposes and drops them all."""

    def __init__(self, admin_url: str = PG_ADMIN_URL) -> None:
        self.admin_url = admin_url
        self.tag = uuid.uuid4().hex[:8]
        self._stack = ExitStack()
        self.folder = Path(self._stack.enter_context(tempfile.TemporaryDirectory("-bench")))
        self._pg_names: list[str] = []
        self._opened: list[Database] = []

    def sqlite(self, label: str) -> Database:
        """A migrated, empty SQLite database in a file, like the embedded default."""
        db = open_database(f"sqlite:///{self.folder / f'{label}.db'}")
        upgrade(db)
        self._opened.append(db)
        return db

    def postgres(self, label: str) -> Database:
        """A migrated, empty PostgreSQL database of its own."""
        name = f"equity_bench_{self.tag}_{label}"
        self._admin(f'CREATE DATABASE "{name}"')
        self._pg_names.append(name)
        url = make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)
        db = open_database(url)
        upgrade(db)
        self._opened.append(db)
        return db

    def open(self, backend: str, label: str) -> Database:
        return self.sqlite(label) if backend == "sqlite" else self.postgres(label)

    def close(self) -> None:
        for db in self._opened:
            db.dispose()
        for name in self._pg_names:
            self._admin(
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            )
            self._admin(f'DROP DATABASE IF EXISTS "{name}"')
        self._stack.close()

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
