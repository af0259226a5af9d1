"""Importing a portfolio's whole history from CSV through the product's import service."""

from __future__ import annotations

from bench import synthetic
from bench.databases import Workspace
from bench.deposits import BACKEND_NAMES, years_text
from bench.report import Row
from bench.sizes import Sizes
from bench.timing import Stats, timed
from equity.services.imports import import_snapshots_csv

SECTION = "Import one portfolio's history from CSV"
TARGET_S = 1.0


def csv_imports(ws: Workspace, backends: list[str], sizes: Sizes) -> list[Row]:
    history = synthetic.series(synthetic.calendar_days(sizes.import_years), seed=7)
    text = synthetic.snapshot_csv(history)
    size = f"{len(history):,} daily snapshots ({years_text(sizes.import_years)})"
    rows = []
    for backend in backends:
        db = ws.open(backend, "imports")
        stats = time_imports(db, history, text, sizes.import_runs, prefix="Import")
        is_target = sizes.import_years == 10
        rows.append(
            Row(
                key=f"import.{backend}",
                section=SECTION,
                measurement="import_snapshots_csv into a new portfolio",
                backend=BACKEND_NAMES[backend],
                size=size,
                stats=stats,
                target=f"< {TARGET_S:g} s" if is_target else None,
                met=stats.median < TARGET_S if is_target else None,
            )
        )
    return rows


def time_imports(db, history: synthetic.Series, text: str, runs: int, prefix: str) -> Stats:
    """Each run imports the file into a portfolio of its own (created untimed)."""
    samples = []
    for number in range(runs + 1):
        name = f"{prefix} {number}"
        synthetic.new_portfolio(db, name, history)
        elapsed = timed(lambda name=name: import_snapshots_csv(db, name, text))
        if number:  # the first one warms caches and is not counted
            samples.append(elapsed)
    return Stats(tuple(samples))
