"""A writer process for the concurrency tests: random flows, voids and snapshots."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from decimal import Decimal

from equity.errors import ValidationError
from equity.services.cash_flows import FlowRequest, record_cash_flow, void_cash_flow
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import open_database

START = date(2020, 1, 1)
#: Each portfolio starts with this many days of history, so a backdated change rewrites
#: many rows and two writers' recomputes really overlap in time.
HISTORY_DAYS = 1500


def seed_history(url: str, name: str) -> None:
    """Give ``name`` a long daily history, in one import."""
    db = open_database(url)
    days = [
        SnapshotInput(START + timedelta(days=i), Decimal(i % 7 - 3))
        for i in range(1, HISTORY_DAYS + 1)
    ]
    upsert_snapshots(db, name, days, source="import")
    db.dispose()


def run_writer(
    url: str, portfolios: list[str], seed: int, operations: int, start_at: float = 0.0
) -> dict[str, list]:
    """Do ``operations`` random writes; report what succeeded so the test can reconcile.

    Every writer sleeps until ``start_at`` (a wall-clock time) so they really overlap
    instead of being staggered by process start-up.
    """
    db = open_database(url)
    db.engine.connect().close()
    time.sleep(max(0.0, start_at - time.time()))
    rng = random.Random(seed)
    recorded: list[str] = []
    voided: list[str] = []
    shared_ids: list[str] = []
    for number in range(operations):
        name = rng.choice(portfolios)
        day = START + timedelta(days=rng.randint(1, HISTORY_DAYS))
        action = rng.random()
        if action < 0.45:
            kind = "deposit" if rng.random() < 0.7 else "withdrawal"
            amount = Decimal(rng.randint(1, 500_000)) / 100
            key = f"w{seed}-{number}"
            impact = record_cash_flow(db, FlowRequest(name, day, kind, amount, None, key))
            recorded.append(str(impact.flow_id))
        elif action < 0.6 and recorded:
            victim = rng.choice([f for f in recorded if f not in voided] or [recorded[0]])
            try:
                void_cash_flow(db, victim, "concurrency test")
                voided.append(victim)
            except ValidationError:
                pass  # already voided by this writer, or the void would go negative
        elif action < 0.65:
            shared = FlowRequest(
                portfolios[0],
                START + timedelta(days=3),
                "deposit",
                Decimal("1.00"),
                "shared",
                "shared-key",
            )
            shared_ids.append(str(record_cash_flow(db, shared).flow_id))
        else:
            pnl = Decimal(rng.randint(-2_000_000, 2_000_000)) / 100
            upsert_snapshots(db, name, [SnapshotInput(day, pnl)], source="batch")
    db.dispose()
    return {"recorded": recorded, "voided": voided, "shared": shared_ids}
