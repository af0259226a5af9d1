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
from equity.services.portfolios import NewPortfolio, create_portfolio

SECTION = "Command line start-up"
COMMAND = ("portfolio", "list")
_IMPORT_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def cli_startup(ws: Workspace, runs: int) -> list[Row]:
    db = ws.sqlite("startup")
    create_portfolio(db, NewPortfolio("Startup", Decimal("1000.00"), db.clock.today()))
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
    total, packages = import_profile(command, env)
    rows.append(
        Row(
            key="startup.import.total",
            section=SECTION,
            measurement="… of which importing the CLI and what it uses (-X importtime)",
            backend="—",
            size="",
            value=f"{total * 1000:.0f} ms",
        )
    )
    for name, seconds in packages:
        rows.append(
            Row(
                key=f"startup.import.{name}",
                section=SECTION,
                measurement=f"… … of which import {name}",
                backend="—",
                size="",
                value=f"{seconds * 1000:.0f} ms",
            )
        )
    return rows


def import_profile(
    command: list[str], env: dict[str, str], shown: float = 0.010
) -> tuple[float, list[tuple[str, float]]]:
    """What ``equity`` pulls in, from one ``-X importtime`` run: the total, and each package
    it imports (with all that package imports in turn) that takes ``shown`` seconds or more.

    ``equity.storage.database`` pulling in ``sqlalchemy`` counts for sqlalchemy, wherever
    in the tree that happens; the largest package is always listed.
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
            entries.append((len(match.group(3)), match.group(4), int(match.group(2)) / 1e6))
    # Children are printed before their parent: walk backwards to meet parents first.
    total = 0.0
    totals: dict[str, float] = {}
    parents: list[tuple[int, str]] = []
    for depth, module, cumulative in reversed(entries):
        package = module.split(".")[0]
        while parents and parents[-1][0] >= depth:
            parents.pop()
        parent = parents[-1][1] if parents else None
        if package == "equity" and parent is None:
            total += cumulative
        elif package != "equity" and parent == "equity":
            totals[package] = totals.get(package, 0.0) + cumulative
        parents.append((depth, package))
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    return total, [item for number, item in enumerate(ranked) if number == 0 or item[1] >= shown]
