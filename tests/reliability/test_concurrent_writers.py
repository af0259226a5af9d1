"""Several processes writing at once: nothing lost, nothing doubled, history exact."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from equity.services.cash_flows import list_cash_flows
from equity.services.checks import check_invariants
from tests.reliability.writers import run_writer, seed_history
from tests.support import new_portfolio

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
def test_sqlite_writers_never_see_database_is_locked(sqlite_db, writers):
    """WAL + BEGIN IMMEDIATE + busy timeout: writers queue instead of failing."""
    name = new_portfolio(sqlite_db, "Solo", opening="5000000", inception="2020-01-01")
    seed_history(sqlite_db.url, name)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(writers, mp_context=context) as pool:
        futures = [
            pool.submit(run_writer, sqlite_db.url, [name], 100 + w, 60) for w in range(writers)
        ]
        results = [f.result(timeout=300) for f in futures]
    assert check_invariants(sqlite_db) == []
    assert len(list_cash_flows(sqlite_db, name)) == len(
        {f for r in results for f in r["recorded"] + r["shared"]}
    )
