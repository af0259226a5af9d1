"""`python -m equity` start-up: a whole small command, and which imports dominate it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal

from bench.databases import Workspace
from bench.report import Row
from bench.timing import Stats, timed
from equity.services.lookup import today
from equity.services.portfolios import NewPortfolio, create_portfolio

SECTION = "Command line start-up"
COMMAND = ("portfolio", "list")
_IMPORT_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def cli_startup(ws: Workspace, runs: int) -> list[Row]:
    db = ws.sqlite("startup")
    create_portfolio(db, NewPortfolio("Startup", Decimal("1000.00"), today()))
    command = [sys.executable, "-m", "equity", "--db", db.url, *COMMAND]
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)

    def run() -> None:
        subprocess.run(command, env=env, capture_output=True, check=True)

    run()  # warm the OS file cache and __pycache__, as a second invocation would be
    stats = Stats(tuple(timed(run) for _ in range(runs)))
    rows = [
        Row(
            key="startup.cli",
            section=SECTION,
            measurement=f"python -m equity {' '.join(COMMAND)} (process start to exit)",
            backend="SQLite",
            size="1 portfolio",
            stats=stats,
        )
    ]
    for name, seconds in heaviest_imports(command, env):
        rows.append(
            Row(
                key=f"startup.import.{name}",
                section=SECTION,
                measurement=f"… of which import {name} (cumulative, -X importtime)",
                backend="—",
                size="",
                value=f"{seconds * 1000:.0f} ms",
            )
        )
    return rows


def heaviest_imports(command: list[str], env: dict[str, str], top: int = 4):
    """What ``equity`` pulls in, by package and cumulative time, from one ``-X importtime`` run.

    A package counts where ``equity`` (or the interpreter itself) imports it, with all it
    imports in turn: ``equity.storage.database`` pulling in ``sqlalchemy``, for instance.
    """
    completed = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    entries = []
    for line in completed.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            entries.append((len(match.group(3)), match.group(4).split(".")[0], int(match.group(2))))
    # Children are printed before their parent: walk backwards to meet parents first.
    totals: dict[str, float] = {}
    parents: list[tuple[int, str]] = []
    for depth, package, cumulative_us in reversed(entries):
        while parents and parents[-1][0] >= depth:
            parents.pop()
        parent = parents[-1][1] if parents else None
        if package != "equity" and parent in (None, "equity"):
            totals[package] = totals.get(package, 0.0) + cumulative_us / 1e6
        parents.append((depth, package))
    totals.pop("equity", None)
    return sorted(totals.items(), key=lambda item: item[1], reverse=True)[:top]
