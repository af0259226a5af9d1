"""The Streamlit pages' server time (AppTest) and the app process's peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bench.app_probe import PAGES, ROOT
from bench.report import Row
from bench.timing import Stats
from equity.storage.database import Database

SECTION = "App: server time of a page run (streamlit AppTest)"
DASHBOARD_TARGETS = {"one": 0.5, "many": 1.0}
RSS_TARGET_MB = 400


def app_pages(db: Database, portfolio: str, scenario: str, size: str, runs: int) -> list[Row]:
    """Run the probe against ``db``; ``scenario`` is "one" (a single portfolio) or "many"."""
    backend = "SQLite" if db.is_sqlite else "PostgreSQL"
    env = dict(os.environ, EQUITY_DATABASE_URL=db.url)
    completed = subprocess.run(
        [sys.executable, "-m", "bench.app_probe", portfolio, str(runs)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    key = f"app.{scenario}.{'sqlite' if db.is_sqlite else 'postgres'}"
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return [Row(f"{key}.failed", SECTION, "app probe failed", backend, size, value=last)]
    found = json.loads(completed.stdout)
    errors: dict[str, str] = found["errors"]
    rows = [
        Row(
            key=f"{key}.first_run",
            section=SECTION,
            measurement="Dashboard, first run after server start (imports, engine, cold caches)",
            backend=backend,
            size=size,
            stats=Stats((found["first_run"],)),
        )
    ]
    for title in PAGES:
        if title in found["missing"]:
            rows.append(
                Row(
                    f"{key}.{title.lower()}",
                    SECTION,
                    f"{title} page",
                    backend,
                    size,
                    value="no page",
                )
            )
            continue
        cleared = Stats(tuple(found["cleared"][title]))
        warm = Stats(tuple(found["warm"][title]))
        target = DASHBOARD_TARGETS[scenario] if title == "Dashboard" else None
        note = f" — error: {errors[title]}" if title in errors else ""
        shown = found["titles"].get(title)
        if shown != (portfolio if title == "Dashboard" else title):
            note += f" — wrong page ran, titled {shown!r}"
        rows.append(
            Row(
                key=f"{key}.{title.lower()}",
                section=SECTION,
                measurement=f"{title}, data caches cleared (as after a write){note}",
                backend=backend,
                size=size,
                stats=cleared,
                target=f"< {target * 1000:.0f} ms" if target else None,
                met=(cleared.median < target and not note) if target else None,
            )
        )
        rows.append(
            Row(
                key=f"{key}.{title.lower()}.warm",
                section=SECTION,
                measurement=f"{title}, rerun with warm caches",
                backend=backend,
                size=size,
                stats=warm,
            )
        )
    rows.append(
        Row(
            key=f"{key}.rss",
            section=SECTION,
            measurement="peak RSS of the app process after these runs",
            backend=backend,
            size=size,
            value=f"{found['peak_rss_mb']:.0f} MB",
            target=f"< {RSS_TARGET_MB} MB",
            met=found["peak_rss_mb"] < RSS_TARGET_MB,
        )
    )
    return rows
