"""Several processes writing at once: nothing lost, nothing doubled, history exact."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest

from equity.reads.history import equity_history
from equity.services.cash_flows import list_cash_flows
from equity.services.checks import check_invariants
from tests.reliability.writers import run_writer, seed_history
from tests.support import new_portfolio

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 4
OPERATIONS = 60


def test_concurrent_writers_on_shared_and_separate_portfolios(db):
    names = [
        new_portfolio(db, name, opening="5000000", inception="2020-01-01")
        for name in ("Shared", "Other", "Third")
    ]
    for name in names:
        seed_history(db.url, name)
    start_at = time.time() + 4
    jobs = [
        (db.url, names if w % 2 == 0 else names[:1], w, OPERATIONS, start_at)
        for w in range(WRITERS)
    ]
    with ProcessPoolExecutor(WRITERS, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = [f.result(timeout=300) for f in [pool.submit(run_writer, *job) for job in jobs]]

    assert check_invariants(db) == []
    ledger = {str(f.id): f for name in names for f in list_cash_flows(db, name)}
    recorded = {flow for r in results for flow in r["recorded"]}
    voided = {flow for r in results for flow in r["voided"]}
    shared = {flow for r in results for flow in r["shared"]}
    assert len(shared) <= 1, "one idempotency key, one flow, whichever process won"
    assert set(ledger) == recorded | shared, "no lost and no phantom flows"
    assert {fid for fid, f in ledger.items() if f.voided} == voided
    assert sum(len(r["recorded"]) for r in results) == len(recorded), "no flow recorded twice"


@pytest.mark.parametrize("writers", [2])
def test_sqlite_writers_never_see_database_is_locked(sqlite_db, writers, tmp_path):
    """WAL + BEGIN IMMEDIATE + busy timeout: two app-like writers and a CLI import queue
    instead of failing with "database is locked"."""
    name = new_portfolio(sqlite_db, "Solo", opening="5000000", inception="2020-01-01")
    seed_history(sqlite_db.url, name)
    new_portfolio(sqlite_db, "Imported", inception="2000-01-01")
    big = tmp_path / "import.csv"
    big.write_text(
        "snapshot_date,daily_pnl\n"
        + "".join(f"{date(2000, 1, 2) + timedelta(days=i)},{i % 9 - 4}\n" for i in range(8000))
    )
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(writers, mp_context=context) as pool:
        start_at = time.time() + 4
        futures = [
            pool.submit(run_writer, sqlite_db.url, [name], 100 + w, 60, start_at)
            for w in range(writers)
        ]
        time.sleep(max(0.0, start_at - time.time()))
        cli = subprocess.run(
            [
                sys.executable,
                "-m",
                "equity",
                "--db",
                sqlite_db.url,
                "snapshot",
                "import",
                "Imported",
                str(big),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=300,
        )
        results = [f.result(timeout=300) for f in futures]
    assert cli.returncode == 0, cli.stderr
    assert "locked" not in cli.stderr
    assert check_invariants(sqlite_db) == []
    assert len(equity_history(sqlite_db, "Imported").frame) == 8000
    assert len(list_cash_flows(sqlite_db, name)) == len(
        {f for r in results for f in r["recorded"] + r["shared"]}
    )
