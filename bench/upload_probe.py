"""Uploads a file of bad rows to the Data page (AppTest) in a process of its own; prints JSON.

``python -m bench.upload_probe MEGABYTES CLICKS`` with ``EQUITY_DATABASE_URL`` set. The
process first draws the Data page once: its resident memory then is the baseline. It then
uploads a snapshots file of MEGABYTES (10^6 bytes, as the uploader counts them) whose every
row is bad, and reruns the page CLICKS times as later clicks do. The growth is the peak
resident memory (VmHWM) over that baseline, so the file's own bytes count too.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

from bench.app_probe import ROOT
from equity.domain.csv_rows import MAX_CSV_ROWS

TIMEOUT = 600
#: Issue 9 item 6: a file at the size limit may grow the server by less than this.
GROWTH_TARGET_MB = 300
PAGE = "pages/data.py"
HEADER = "snapshot_date,daily_pnl,total_value\n"


def bad_rows_file(megabytes: float, max_rows: int = MAX_CSV_ROWS) -> tuple[bytes, int]:
    """Rows whose P&L and total are not numbers, as many as the row limit allows, padded to
    fill the size: the most bad rows an accepted file can hold, each naming its value."""
    size = int(megabytes * 1_000_000)
    shortest = len("2025-01-02,x,\n")
    rows = (size - len(HEADER)) // shortest
    rows = min(rows, max_rows)
    width = (size - len(HEADER)) // rows - len("2025-01-02,,\n")
    pnl = "x" * max(1, width // 2)
    total = "y" * max(0, width - len(pnl))
    body = f"2025-01-02,{pnl},{total}\n" * rows
    return (HEADER + body).encode(), rows


def memory_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, in MB (2^20 bytes)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def probe(megabytes: float, clicks: int) -> dict[str, object]:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.run()
    app.switch_page(PAGE).run()
    gc.collect()
    baseline = memory_mb("VmRSS")
    content, rows = bad_rows_file(megabytes)
    app.file_uploader(key="snapshots_upload").set_value(("bad.csv", content, "text/csv"))
    started = time.perf_counter()
    app.run()
    first = time.perf_counter() - started
    later = []
    for click in range(clicks):
        app.text_input(key="benchmark_name").input(f"Index {click}")
        started = time.perf_counter()
        app.run()
        later.append(time.perf_counter() - started)
    errors = [e.value for e in app.error]
    tables = [len(d.value) for d in app.dataframe if "Problem" in d.value.columns]
    return {
        "file_bytes": len(content),
        "rows": rows,
        "baseline_mb": baseline,
        "peak_mb": memory_mb("VmHWM"),
        "after_mb": memory_mb("VmRSS"),
        "first_run_s": first,
        "later_runs_s": later,
        "errors": errors,
        "listed": tables[0] if tables else None,
        "exceptions": [str(e.value)[:200] for e in app.exception],
    }


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    json.dump(probe(float(argv[0]), int(argv[1])), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
