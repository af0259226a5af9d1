"""Lost races and overflows are told apart by the driver's code, raised for real.

PostgreSQL: a serialization failure between two REPEATABLE READ transactions (40001), a
deadlock between two threads (40P01), a lock_timeout (55P03) and a NUMERIC(16,2)
overflow (22003). SQLite: SQLITE_BUSY from a second writer and an integer-overflowing
sum. Messages that merely mention "lock" or "out of range" are no longer mistaken.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from equity.errors import ConflictError, StorageError, ValidationError
from equity.storage.database import Database, retry_on_conflict, translate_database_error

on_postgres = pytest.mark.postgres


@contextmanager
def _transaction(database: Database) -> Iterator[Session]:
    """A unit of work that commits when the block ends normally, as a service does."""
    with database.unit_of_work() as uow:
        yield uow.session
        uow.commit()


def _raised(database: Database, sql: str) -> DBAPIError:
    """The DBAPIError a statement raises on its own connection."""
    with database.engine.connect() as connection, pytest.raises(DBAPIError) as caught:
        connection.execute(text(sql))
    return caught.value


@pytest.fixture
def counter(pg_db: Database) -> Iterator[None]:
    """A scratch table to race on, dropped afterwards: the schema test compares every table."""
    _make_counter(pg_db)
    yield
    with pg_db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS race_counter"))


def _make_counter(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS race_counter"))
        connection.execute(text("CREATE TABLE race_counter (id INT PRIMARY KEY, n INT)"))
        connection.execute(text("INSERT INTO race_counter VALUES (1, 0), (2, 0)"))


def _lose_serialization_race(database: Database) -> None:
    """Read in REPEATABLE READ, let another transaction commit a change, then write: 40001."""
    with _transaction(database) as session:
        session.connection().exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        session.execute(text("SELECT n FROM race_counter WHERE id = 1")).scalar_one()
        with database.engine.begin() as other:
            other.execute(text("UPDATE race_counter SET n = n + 1 WHERE id = 1"))
        session.execute(text("UPDATE race_counter SET n = n + 10 WHERE id = 1"))


@on_postgres
def test_serialization_failure_40001_is_a_conflict_and_the_service_runs_again(pg_db, counter):
    attempts: list[int] = []

    @retry_on_conflict
    def add_ten() -> None:
        attempts.append(len(attempts) + 1)
        if len(attempts) == 1:
            _lose_serialization_race(pg_db)
        else:
            with _transaction(pg_db) as session:
                session.execute(text("UPDATE race_counter SET n = n + 10 WHERE id = 1"))

    add_ten()

    assert attempts == [1, 2]
    with pg_db.engine.connect() as connection:
        # The other transaction's +1 and the retried +10; the lost attempt wrote nothing.
        assert connection.execute(text("SELECT n FROM race_counter WHERE id = 1")).scalar() == 11


@on_postgres
def test_serialization_failure_carries_sqlstate_40001(pg_db, counter):
    with pytest.raises(ConflictError) as caught:
        _lose_serialization_race(pg_db)
    assert caught.value.__cause__.orig.pgcode == "40001"
    assert str(caught.value).startswith("another change to this portfolio was in the way: ")


@on_postgres
def test_a_service_that_always_loses_gives_up_after_three_attempts(pg_db, counter):
    attempts: list[int] = []

    @retry_on_conflict
    def always_loses() -> None:
        attempts.append(1)
        _lose_serialization_race(pg_db)

    with pytest.raises(ConflictError, match=r"gave up after 3 attempts; try again"):
        always_loses()
    assert len(attempts) == 3
    with pg_db.engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM race_counter WHERE id = 1")).scalar() == 3


@on_postgres
def test_lock_timeout_55P03_is_a_conflict(pg_db, counter):
    with pg_db.engine.connect() as holder:
        holder.execute(text("SELECT n FROM race_counter WHERE id = 1 FOR UPDATE"))
        with pytest.raises(ConflictError) as caught, _transaction(pg_db) as session:
            session.execute(text("SET LOCAL lock_timeout = '50ms'"))
            session.execute(text("UPDATE race_counter SET n = 5 WHERE id = 1"))
        holder.rollback()
    assert caught.value.__cause__.orig.pgcode == "55P03"


@on_postgres
def test_deadlock_40P01_is_a_conflict(pg_db, counter):
    both_hold_one = threading.Barrier(2, timeout=10)
    outcomes: dict[str, BaseException | None] = {}

    def lock_in_order(name: str, first: int, second: int) -> None:
        try:
            with _transaction(pg_db) as session:
                session.execute(text("SET LOCAL deadlock_timeout = '50ms'"))
                session.execute(text(f"UPDATE race_counter SET n = 1 WHERE id = {first}"))
                both_hold_one.wait()
                session.execute(text(f"UPDATE race_counter SET n = 1 WHERE id = {second}"))
            outcomes[name] = None
        except BaseException as error:  # recorded for the assertions below
            outcomes[name] = error

    threads = [
        threading.Thread(target=lock_in_order, args=("a", 1, 2)),
        threading.Thread(target=lock_in_order, args=("b", 2, 1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    failures = [error for error in outcomes.values() if error is not None]
    assert len(outcomes) == 2 and len(failures) == 1, outcomes
    assert isinstance(failures[0], ConflictError)
    assert failures[0].__cause__.orig.pgcode == "40P01"


@on_postgres
def test_numeric_overflow_22003_is_the_users_amount(pg_db):
    with pytest.raises(ValidationError) as caught, _transaction(pg_db) as session:
        session.execute(text("SELECT CAST(1000000000000000.00 AS NUMERIC(16, 2))"))
    assert caught.value.field == "amount"
    assert caught.value.__cause__.orig.pgcode == "22003"


@on_postgres
def test_messages_that_only_mention_lock_or_range_are_storage_errors(pg_db):
    # 22P02 with "lock" in its text, 22008 "date/time field value out of range": neither
    # is a lost race nor an amount, whatever the words say.
    lock_word = _raised(pg_db, "SELECT CAST('lock serialize' AS INTEGER)")
    date_range = _raised(pg_db, "SELECT make_date(2024, 13, 1)")
    assert lock_word.orig.pgcode == "22P02"
    assert isinstance(translate_database_error(lock_word), StorageError)
    assert date_range.orig.pgcode == "22008"
    assert isinstance(translate_database_error(date_range), StorageError)


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_sqlite_busy_is_a_conflict(db):
    holder = sqlite3.connect(db.engine.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, as another writer holds it
    impatient = create_engine(db.url, connect_args={"timeout": 0})
    try:
        with impatient.begin() as second, pytest.raises(DBAPIError) as caught:
            second.execute(text("DELETE FROM portfolios"))
    finally:
        holder.rollback()
        holder.close()
        impatient.dispose()
    assert caught.value.orig.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY
    assert isinstance(translate_database_error(caught.value), ConflictError)


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_sqlite_integer_overflow_is_the_users_amount(db):
    overflow = _raised(
        db, "SELECT sum(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 1)"
    )
    assert str(overflow.orig) == "integer overflow"
    translated = translate_database_error(overflow)
    assert isinstance(translated, ValidationError) and translated.field == "amount"


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_sqlite_other_errors_are_storage_errors(db):
    missing = _raised(db, "SELECT * FROM no_such_table_lock")
    assert isinstance(translate_database_error(missing), StorageError)
