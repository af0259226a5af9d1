"""A file of bad rows at the size limit, uploaded to the Data page: memory and time it costs.

Issue 9 item 6: a 19.5 MB file of bad rows took the app server from 213 MB to 2.26 GB and
every later click parsed it again. The probe runs the real page (AppTest) in a process of its
own; the baseline is that process after drawing the Data page once, measured in the same run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bench.app_probe import ROOT
from bench.databases import Workspace
from bench.report import Row
from bench.sizes import Sizes
from bench.timing import Stats
from bench.upload_probe import GROWTH_TARGET_MB
from bench.upload_server import server_upload
from equity.services.demo import load_demo
from equity.storage.migrate import ensure_schema

SECTION = "Upload a CSV of bad rows to the Data page (SQLite)"
#: The uploader's limit is 20 MB as the browser counts them (10^6 bytes): just under it.
AT_THE_LIMIT_MB = 19.5


def csv_upload(ws: Workspace, sizes: Sizes) -> list[Row]:
    db = ws.sqlite("upload")
    ensure_schema(db)
    load_demo(db)
    probe = ["bench.upload_probe", f"{sizes.upload_mb:g}", str(sizes.upload_clicks)]
    completed = subprocess.run(
        [sys.executable, "-m", *probe],
        cwd=ROOT,
        env=dict(os.environ, EQUITY_DATABASE_URL=db.url),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return [Row("upload.failed", SECTION, "upload probe failed", "SQLite", "", value=last)]
    rows = upload_rows(json.loads(completed.stdout), sizes.upload_mb)
    if sizes.upload_server:
        rows += server_upload(db.url, sizes.upload_mb, sizes.upload_clicks, SECTION)
    return rows


def upload_rows(found: dict, megabytes: float) -> list[Row]:
    """The probe's figures as table rows; the growth target applies at the size limit."""
    size = f"{found['file_bytes'] / 1e6:.1f} MB, {found['rows']:,} bad rows"
    growth = found["peak_mb"] - found["baseline_mb"]
    at_limit = megabytes >= AT_THE_LIMIT_MB
    wrong = _wrong_screen(found)
    return [
        Row(
            "upload.baseline",
            SECTION,
            "resident memory with the Data page drawn, before the upload (baseline)",
            "SQLite",
            "",
            value=f"{found['baseline_mb']:.0f} MB",
        ),
        Row(
            "upload.growth",
            SECTION,
            "peak memory over the baseline: the upload, its parse and "
            f"{len(found['later_runs_s'])} later clicks{wrong}",
            "SQLite",
            size,
            value=f"+{growth:,.0f} MB (peak {found['peak_mb']:,.0f} MB)",
            target=f"< {GROWTH_TARGET_MB} MB" if at_limit else None,
            met=(growth < GROWTH_TARGET_MB and not wrong) if at_limit else None,
        ),
        Row(
            "upload.retained",
            SECTION,
            "resident memory kept after the later clicks, over the baseline",
            "SQLite",
            size,
            value=f"+{found['after_mb'] - found['baseline_mb']:,.0f} MB",
        ),
        Row(
            "upload.parse",
            SECTION,
            "page run that parses the file and lists its first bad rows",
            "SQLite",
            size,
            stats=Stats((found["first_run_s"],)),
        ),
        Row(
            "upload.later",
            SECTION,
            "page run on a later click (the outcome is kept by the file's SHA-256)",
            "SQLite",
            size,
            stats=Stats(tuple(found["later_runs_s"])),
        ),
    ]


def _wrong_screen(found: dict) -> str:
    """Why the screen is not the expected one (an exception, no listing), or nothing."""
    if found["exceptions"]:
        return f" — error: {found['exceptions'][0]}"
    if found["listed"] is None:
        return f" — no error table; shown: {found['errors'][:1]}"
    return ""
