"""Faults midway: a killed database connection, a SIGKILLed import. Nothing partial is left."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from equity.errors import StorageError
from equity.reads.history import equity_history
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.checks import check_invariants
from equity.services.imports import import_snapshots_csv
from equity.services.portfolios import get_portfolio
from tests.support import D, add_days, day, full_dump, new_portfolio

ROOT = Path(__file__).resolve().parents[2]
START = date(2000, 1, 3)


def _csv(days: int, first: date = START) -> bytes:
    lines = ["snapshot_date,daily_pnl,total_value"]
    lines += [f"{first + timedelta(days=i)},{i % 13 - 6}.25,{1000000 + i}" for i in range(days)]
    return ("\n".join(lines) + "\n").encode()


def _arm_backend_kill(db, after_statements: int) -> dict[str, int]:
    """Terminate this engine's backend from another connection at the Nth snapshot statement."""
    admin = create_engine(db.url, isolation_level="AUTOCOMMIT")
    seen = {"count": 0, "killed": 0}

    @event.listens_for(db.engine, "before_cursor_execute")
    def _kill(conn, cursor, statement, parameters, context, executemany):
        if "portfolio_snapshots" not in statement or seen["killed"]:
            return
        seen["count"] += 1
        if seen["count"] == after_statements:
            pid = conn.connection.dbapi_connection.get_backend_pid()
            with admin.connect() as killer:
                killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            seen["killed"] = 1

    return seen


@pytest.mark.postgres
@pytest.mark.parametrize("after_statements", [2, 4, 6])
def test_connection_killed_during_backdated_recompute(pg_db, after_statements):
    db = pg_db
    name = new_portfolio(db, inception="2000-01-01")
    import_snapshots_csv(db, name, _csv(3000))
    before = full_dump(db)
    seen = _arm_backend_kill(db, after_statements)
    with pytest.raises(StorageError, match="nothing was written"):
        record_cash_flow(db, FlowRequest(name, day("2000-02-05"), "deposit", D("100")))
    assert seen["killed"] == 1
    assert full_dump(db) == before
    assert check_invariants(db) == []
    impact = record_cash_flow(db, FlowRequest(name, day("2000-02-05"), "deposit", D("100")))
    assert impact.new_equity_balance == get_portfolio(db, name).equity_balance


@pytest.mark.postgres
def test_connection_killed_during_csv_import(pg_db):
    db = pg_db
    name = new_portfolio(db, inception="2000-01-01")
    add_days(db, name, ("2000-01-03", "1"))
    before = full_dump(db)
    seen = _arm_backend_kill(db, 3)
    with pytest.raises(StorageError):
        import_snapshots_csv(db, name, _csv(5000, START + timedelta(days=1)))
    assert seen["killed"] == 1
    assert full_dump(db) == before
    assert check_invariants(db) == []


#: 2000-01-03 to 2024-08-24: every day valid, whatever today is (20,000 days reached 2054, so
#: the import was refused as bad input and the kill never met a write).
IMPORT_DAYS = 9001


def _import_holds_its_write_lock(db) -> bool:
    """Seen from outside: the import's transaction is open and has claimed the snapshots.

    PostgreSQL: a granted RowExclusiveLock on portfolio_snapshots held by another backend,
    which a transaction takes at its first INSERT or UPDATE there and keeps to its end.
    SQLite: another connection cannot take the write lock (BEGIN IMMEDIATE, no waiting),
    which the import's write transaction holds from its BEGIN IMMEDIATE to its end.
    """
    if db.is_sqlite:
        probe = sqlite3.connect(make_url(db.url).database, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as error:
            assert "locked" in str(error), error
            return True
        finally:
            probe.close()
    with db.engine.connect() as connection:
        holders = connection.execute(text(_SNAPSHOT_WRITERS)).scalar_one()
    return holders > 0


_SNAPSHOT_WRITERS = """
SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
WHERE c.relname = 'portfolio_snapshots' AND l.mode = 'RowExclusiveLock' AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.pid <> pg_backend_pid()
"""


def _wait_until(condition, process: subprocess.Popen, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() in (None, -signal.SIGKILL), process.communicate()
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def test_sigkill_of_cli_import_mid_write_leaves_nothing(db, tmp_path):
    """Killed while its transaction is open (proved from outside), the import leaves nothing.

    The process is frozen with SIGSTOP before the kill and the lock is checked again, so
    the kill cannot race a commit: what is killed is a transaction still in progress.
    """
    name = new_portfolio(db, inception="2000-01-01")
    big = tmp_path / "big.csv"
    big.write_bytes(_csv(IMPORT_DAYS))
    before = full_dump(db)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "equity", "--db", db.url, "snapshot", "import", name, str(big)]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        _wait_until(
            lambda: _import_holds_its_write_lock(db), process, "the import never started writing"
        )
        process.send_signal(signal.SIGSTOP)
        assert process.poll() is None, "the import finished before the kill"
        assert _import_holds_its_write_lock(db), "the kill would not land mid-write"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    # PostgreSQL rolls back when it notices the closed connection, SQLite at once.
    _wait_until(lambda: not _import_holds_its_write_lock(db), process, "nothing rolled back")
    assert len(equity_history(db, name).frame) == 0
    assert full_dump(db) == before
    assert check_invariants(db) == []
    import_snapshots_csv(db, name, big.read_bytes())  # the killed import was a valid file
    assert len(equity_history(db, name).frame) == IMPORT_DAYS
    record_cash_flow(db, FlowRequest(name, day("2000-01-05"), "deposit", D("1")))
    assert check_invariants(db) == []
