"""Engines and units of work.

A service opens exactly one unit of work (``with db.unit_of_work() as uow``) and calls
``uow.commit()`` when the use case is done; leaving the block without it, by an exception
or on purpose (a preview), rolls everything back, so a use case is all or nothing.
The Database also carries the clock and the actor the services read, injected at the edge.
"""

from __future__ import annotations

import copy
import functools
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    NoSuchModuleError,
)
from sqlalchemy.orm import Session, sessionmaker

from equity.clock import Clock, SystemClock
from equity.config import database_url, masked_url
from equity.errors import ConflictError, StorageError, ValidationError

#: SQLite writers queue behind each other for up to 30 s (PRAGMA busy_timeout=30000).
BEGIN_STATEMENTS = {"IMMEDIATE": "BEGIN IMMEDIATE", "DEFERRED": "BEGIN"}
#: A write that loses a lock or serialization race is tried this many times in all.
CONFLICT_ATTEMPTS = 3
#: The databases the engine is built and tested for.
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
DEFAULT_POSTGRES_DRIVER = "postgresql+psycopg2"
URL_FORMS = "use sqlite:///PATH or postgresql+psycopg2://USER:PASSWORD@HOST:PORT/NAME"

P = ParamSpec("P")
R = TypeVar("R")


def retry_on_conflict(service: Callable[P, R]) -> Callable[P, R]:
    """Run a whole write service again when it lost a race (deadlock, serialization, busy).

    Safe because a service is one transaction: a failed attempt left nothing behind.
    After the last attempt the ConflictError reaches the face, which says it in words.
    """

    @functools.wraps(service)
    def attempt(*args: P.args, **kwargs: P.kwargs) -> R:
        for number in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                return service(*args, **kwargs)
            except ConflictError as error:
                if number == CONFLICT_ATTEMPTS:
                    raise ConflictError(
                        f"{error} (gave up after {CONFLICT_ATTEMPTS} attempts; try again)"
                    ) from error
                time.sleep(0.05 * number)
        raise AssertionError("unreachable")

    return attempt


class UnitOfWork:
    """One transaction's session; nothing it did lasts unless :meth:`commit` is called."""

    def __init__(self, session: Session, db: Database | None = None) -> None:
        self.session = session
        self.db = db

    def commit(self) -> None:
        """Make the use case's changes permanent; call once, as its last step.

        When the use case changed history (``storage.recompute`` noted the earliest
        changed date per portfolio), the issued statements it moved are marked restated
        first, in this same transaction: a change and its restatement land together or
        not at all.
        """
        from equity.storage.recompute import forget_history_changes, history_changes

        changed = history_changes(self.session)
        if changed and self.db is not None:
            # Imported here: storage must not depend on services at import time.
            from equity.services.restatement import check_restatements

            check_restatements(self.session, self.db, changed)
        forget_history_changes(self.session)
        self.session.commit()


#: Who writes when the edge says nothing: batch jobs and tests that do not care.
DEFAULT_ACTOR = "system"


@dataclass
class Database:
    """One engine plus its session factory, clock and actor; cheap to share, thread-safe.

    ``clock`` and ``actor`` are what services read for "today", timestamps and the audit
    columns; :meth:`acting_as` gives a per-user copy over the same engine and pool.
    ``signed_in`` says whose rights apply: False for the operator's channels (the CLI,
    an app in local mode), which may do everything; True for a person signed in to the
    app, whose role and grants every service checks (:meth:`as_signed_in`).
    """

    url: str
    engine: Engine
    clock: Clock = field(default_factory=SystemClock)
    actor: str = DEFAULT_ACTOR
    signed_in: bool = False
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def acting_as(self, actor: str) -> Database:
        """This database as ``actor`` writes to it: same engine, sessions and clock."""
        twin = copy.copy(self)
        twin.actor = actor
        twin.signed_in = False
        return twin

    def as_signed_in(self, email: str) -> Database:
        """This database as a signed-in person uses it: their grant limits every service."""
        twin = copy.copy(self)
        twin.actor = email
        twin.signed_in = True
        return twin

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_url(self) -> str:
        return masked_url(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; whatever it did is rolled back at the end."""
        with self._sessions() as session:
            try:
                yield session
            except DBAPIError as error:
                raise translate_database_error(error) from error
            finally:
                session.rollback()

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """One transaction: kept only if the block calls ``commit()``, else rolled back.

        A preview is the same use case run without the commit. On SQLite the transaction
        starts with BEGIN IMMEDIATE, so two writers queue on the busy timeout instead of
        one failing with "database is locked" when it upgrades its read lock.
        """
        bind = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        with Session(bind=bind, expire_on_commit=False) as session:
            try:
                yield UnitOfWork(session, self)
            except IntegrityError:
                raise
            except DBAPIError as error:
                raise translate_database_error(error) from error
            finally:
                session.rollback()  # a no-op after commit(); undoes everything otherwise

    def dispose(self) -> None:
        self.engine.dispose()


def translate_database_error(error: DBAPIError) -> Exception:
    """A driver error in words: an overflow is the user's input, a lost race a conflict.

    Classified by the driver's error code (PostgreSQL's SQLSTATE, SQLite's result code),
    not by message text, which changes with the server's version and language. The
    message never carries the URL, so no password can leak through it.
    """
    first_line = _first_line(error.orig)
    if _is_out_of_range(error.orig):
        return ValidationError(
            "amount", "the change would put an amount beyond 99,999,999,999,999.99"
        )
    if _is_lost_race(error.orig):
        return ConflictError(f"another change to this portfolio was in the way: {first_line}")
    return StorageError(f"the database failed, nothing was written: {first_line}")


#: SQLSTATEs of a race lost to another transaction: the same transaction run again can
#: succeed. serialization_failure, deadlock_detected, lock_not_available (lock_timeout,
#: NOWAIT).
CONFLICT_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
#: numeric_value_out_of_range: an amount beyond its column's NUMERIC(p, s).
OUT_OF_RANGE_SQLSTATES = frozenset({"22003"})
#: SQLite's primary result codes of a lost race: SQLITE_BUSY, SQLITE_LOCKED.
SQLITE_CONFLICT_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
SQLITE_CONFLICT_MESSAGES = frozenset({"database is locked", "database table is locked"})
#: SQLite reports an overflowing integer sum as a plain SQLITE_ERROR with this message
#: (documented for sum()); there is no finer code to go by.
SQLITE_OVERFLOW_MESSAGE = "integer overflow"


def _first_line(orig: BaseException | None) -> str:
    text = str(orig).strip()
    return text.splitlines()[0] if text else ""


def _sqlstate(orig: BaseException | None) -> str | None:
    """PostgreSQL's five-character SQLSTATE (psycopg2's ``pgcode``), else None."""
    return getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)


def _sqlite_primary_code(orig: BaseException | None) -> int | None:
    """SQLite's primary result code (extended codes such as SQLITE_BUSY_SNAPSHOT folded)."""
    code = getattr(orig, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _is_out_of_range(orig: BaseException | None) -> bool:
    if _sqlstate(orig) in OUT_OF_RANGE_SQLSTATES:
        return True
    return _sqlite_primary_code(orig) is not None and SQLITE_OVERFLOW_MESSAGE in str(orig)


def _is_lost_race(orig: BaseException | None) -> bool:
    if _sqlstate(orig) in CONFLICT_SQLSTATES:
        return True
    if isinstance(orig, sqlite3.Error) and _sqlite_primary_code(orig) is None:
        # Before Python 3.11 sqlite3 carried no code: SQLite's documented texts instead.
        return str(orig) in SQLITE_CONFLICT_MESSAGES
    return _sqlite_primary_code(orig) in SQLITE_CONFLICT_CODES


def open_database(
    url: str | None = None,
    *,
    clock: Clock | None = None,
    actor: str = DEFAULT_ACTOR,
    **engine_options: Any,
) -> Database:
    """Create the engine for ``url`` (or the configured one), with SQLite made safe to share.

    ``clock`` (the system clock by default) and ``actor`` are what its services will read.
    A URL the engine cannot use (an unknown scheme, a port out of range, a driver that is
    not installed) is the user's input: a ValidationError on ``db``, never a traceback.
    """
    parsed = checked_database_url(database_url(url))
    resolved = parsed.render_as_string(hide_password=False)
    if parsed.get_backend_name() == "sqlite":
        _ensure_sqlite_folder(parsed.database)
        engine = _create_engine(resolved, **engine_options)
        _configure_sqlite(engine)
    else:
        engine_options.setdefault("pool_pre_ping", True)
        engine = _create_engine(resolved, **engine_options)
    return Database(url=resolved, engine=engine, clock=clock or SystemClock(), actor=actor)


def checked_database_url(raw: str) -> URL:
    """The URL, parsed and checked: SQLite or PostgreSQL, a port in 1-65535.

    A bare ``postgresql://`` means the driver this project installs (psycopg2); SQLAlchemy
    2.1 would otherwise pick psycopg 3, which is not a dependency. Messages never echo a
    password: a parsed URL is not echoed at all, an unparsable one is masked.
    """
    try:
        parsed = make_url(raw)
    except (ArgumentError, ValueError):
        raise ValidationError(
            "db", f"{_masked_raw(raw)!r} is not a database URL; {URL_FORMS}"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise ValidationError("db", f"{backend!r} databases are not supported; {URL_FORMS}")
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername=DEFAULT_POSTGRES_DRIVER)
    if parsed.port is not None and not 1 <= parsed.port <= 65535:
        raise ValidationError("db", f"port {parsed.port} is not between 1 and 65535")
    return parsed


def _create_engine(url: str, **engine_options: Any) -> Engine:
    try:
        return create_engine(url, **engine_options)
    except (NoSuchModuleError, ImportError) as error:
        driver = make_url(url).get_driver_name()
        raise ValidationError(
            "db", f"the database driver {driver!r} is not available ({error}); {URL_FORMS}"
        ) from None


def _masked_raw(raw: str) -> str:
    """An unparsable URL with anything between ``user:`` and ``@`` hidden."""
    return re.sub(r"(://[^/@:]*:)[^/@]*@", r"\1***@", raw)


def _ensure_sqlite_folder(path: str | None) -> None:
    if path and path != ":memory:" and not path.startswith("file:"):
        Path(path).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and transactions we begin ourselves.

    pysqlite's own transaction handling defers BEGIN and never issues BEGIN IMMEDIATE;
    the documented SQLAlchemy recipe turns it off and emits BEGIN in the ``begin`` event.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(BEGIN_STATEMENTS[mode])
