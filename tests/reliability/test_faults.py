"""Faults midway: a killed database connection, a SIGKILLed import. Nothing partial is left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text

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


@pytest.mark.parametrize("delay", [0.6, 1.0, 1.4])
def test_sigkill_of_cli_import_leaves_all_or_nothing(db, tmp_path, delay):
    name = new_portfolio(db, inception="2000-01-01")
    big = tmp_path / "big.csv"
    big.write_bytes(_csv(20000))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "equity", "--db", db.url, "snapshot", "import", name, str(big)]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    stored = len(equity_history(db, name).frame)
    assert stored in (0, 20000), f"a partial import of {stored} days was left behind"
    assert check_invariants(db) == []
    record_cash_flow(db, FlowRequest(name, day("2000-01-05"), "deposit", D("1")))
    assert check_invariants(db) == []
