"""Shared fixtures: every storage test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``EQUITY_TEST_PG_URL`` (default: the local trust-auth server). When it
does not answer, its tests are skipped with a plain reason, except under ``CI=true``, where
a missing server fails the run instead.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from equity.storage.database import Database, open_database
from equity.storage.migrate import upgrade
from tests.support import TEST_ACTOR, TEST_CLOCK

PG_ADMIN_URL = os.environ.get(
    "EQUITY_TEST_PG_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
_pg_state: dict[str, object] = {}
APP_TABLES = (
    "portfolios",
    "portfolio_names",
    "portfolio_snapshots",
    "cash_flows",
    "audit_log",
    "benchmarks",
    "users",
    "user_portfolios",
    "pending_flows",
    "fx_rates",
    "settings",
    "statements",
)


def _pg_reachable() -> str | None:
    """None when the server answers, else why not (checked once per session)."""
    if "error" not in _pg_state:
        try:
            engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            engine.dispose()
            _pg_state["error"] = None
        except Exception as error:  # any failure means "no server" here
            _pg_state["error"] = str(error).splitlines()[0]
    return _pg_state["error"]  # type: ignore[return-value]


def require_postgres() -> None:
    """Skip (or, under CI, fail) when PostgreSQL does not answer."""
    error = _pg_reachable()
    if error is None:
        return
    message = f"PostgreSQL at {make_url(PG_ADMIN_URL).render_as_string()} does not answer: {error}"
    if IN_CI:
        pytest.fail(f"CI requires PostgreSQL. {message}")
    pytest.skip(f"skipping PostgreSQL tests: {message}")


@contextmanager
def fresh_pg_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database named ``prefix_<random>``; dropped on exit."""
    require_postgres()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A fresh, migrated database for this test process, dropped at the end."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with fresh_pg_database(f"equity_test_{worker}") as url:
        db = open_database(url)
        upgrade(db)
        db.dispose()
        yield url


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database at the schema head, migrated once per test process.

    Each test copies it (about 1 ms) instead of running every migration again (about 40 ms,
    on some 470 tests).
    """
    path = tmp_path_factory.mktemp("migrated") / "equity.db"
    db = open_database(f"sqlite:///{path}")
    upgrade(db)
    db.dispose()
    return path


def _sqlite_db(tmp_path: Path, template: Path) -> Database:
    path = tmp_path / "equity.db"
    shutil.copyfile(template, path)
    return open_database(f"sqlite:///{path}", clock=TEST_CLOCK, actor=TEST_ACTOR)


def _postgres_db(url: str) -> Database:
    """The worker's PostgreSQL database, emptied: DELETE, children first.

    On tables this small DELETE is about half the cost of TRUNCATE, which swaps every
    table's files; no test depends on where the row numbers restart.
    """
    db = open_database(url, clock=TEST_CLOCK, actor=TEST_ACTOR)
    with db.engine.begin() as connection:
        for table in reversed(APP_TABLES):
            connection.execute(text(f"DELETE FROM {table}"))
    return db


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        database = _sqlite_db(tmp_path, request.getfixturevalue("migrated_sqlite_file"))
    else:
        database = _postgres_db(request.getfixturevalue("pg_database_url"))
    yield database
    database.dispose()


@pytest.fixture
def pg_db(pg_database_url: str) -> Iterator[Database]:
    """PostgreSQL only, for what exists only there (a server-side connection kill)."""
    database = _postgres_db(pg_database_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path, migrated_sqlite_file: Path) -> Iterator[Database]:
    """SQLite only, for tests of the embedded default itself."""
    database = _sqlite_db(tmp_path, migrated_sqlite_file)
    yield database
    database.dispose()
