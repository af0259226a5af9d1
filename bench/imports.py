"""Importing a portfolio's whole history from CSV through the product's import service.

Beside the import, the same file's plain parse (``parse_snapshot_csv``, no database) and
its whole-file check (``check_snapshot_file``: every problem and warning, market holidays
included) are timed in the same run, so the check's cost reads as a ratio to the parse.
"""

from __future__ import annotations

from bench import synthetic
from bench.databases import Workspace
from bench.deposits import BACKEND_NAMES, years_text
from bench.report import Row, ratio
from bench.sizes import Sizes
from bench.timing import Stats, timed
from equity.services.import_check import check_snapshot_file
from equity.services.imports import import_snapshots_csv, parse_snapshot_csv

SECTION = "Import one portfolio's history from CSV"
TARGET_S = 1.0
#: The whole-file check may cost at most this many plain parses of the same file.
CHECK_TARGET_RATIO = 2.0


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
    return rows + parse_and_check(ws, backends[0], history, text, sizes.import_runs, size)


def parse_and_check(
    ws: Workspace, backend: str, history: synthetic.Series, text: str, runs: int, size: str
) -> list[Row]:
    """The plain parse and the whole-file check of one file, alternately, in one run.

    Alternating keeps a busy machine from favouring either side of the ratio.
    """
    db = ws.open(backend, "checks")
    synthetic.new_portfolio(db, "Checked", history)
    parse, check = [], []
    for number in range(runs + 1):
        parsed = timed(lambda: parse_snapshot_csv(text))
        checked = timed(lambda: check_snapshot_file(db, "Checked", text))
        if number:  # the first of each warms caches and is not counted
            parse.append(parsed)
            check.append(checked)
    parse_stats, check_stats = Stats(tuple(parse)), Stats(tuple(check))
    times = check_stats.median / parse_stats.median
    return [
        Row(
            key="import.parse",
            section=SECTION,
            measurement="parse_snapshot_csv (the plain parse, no database)",
            backend="—",
            size=size,
            stats=parse_stats,
        ),
        Row(
            key="import.check",
            section=SECTION,
            measurement="check_snapshot_file (every problem and warning listed, nothing written)",
            backend=BACKEND_NAMES[backend],
            size=size,
            stats=check_stats,
            ratio=f"{ratio(check_stats.median, parse_stats.median)} of parse",
            target=f"≤ {CHECK_TARGET_RATIO:g}× parse",
            met=times <= CHECK_TARGET_RATIO,
        ),
    ]


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
