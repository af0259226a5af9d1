"""``python -m bench [--quick] [--output PATH]``: run every benchmark, print and write the table.

The full run writes ``docs/BENCHMARKS.md``; ``--quick`` (small sizes, for CI) writes to a
temporary file unless ``--output`` says where.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.databases import PG_ADMIN_URL, postgres_error
from bench.document import render
from bench.machine import describe
from bench.report import markdown_table
from bench.sizes import FULL, QUICK
from bench.suite import progress, run_suite

DOCS = Path(__file__).resolve().parent.parent / "docs" / "BENCHMARKS.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, well under 2 minutes")
    parser.add_argument("--output", type=Path, help="where to write the Markdown report")
    parser.add_argument("--no-app", action="store_true", help="skip the Streamlit pages")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    output = args.output or (
        Path(tempfile.gettempdir()) / "equity-benchmarks-quick.md" if args.quick else DOCS
    )
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    rows = run_suite(sizes, app=not args.no_app)
    elapsed = time.perf_counter() - started
    machine = describe(None if postgres_error() else PG_ADMIN_URL)
    # Other work on the machine shows in the figures: say how busy it was.
    machine["Load average (1 min), start / end"] = f"{load_before:.2f} / {os.getloadavg()[0]:.2f}"
    print(markdown_table(rows))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(rows, machine, sizes, elapsed))
    progress(f"done in {elapsed:.0f} s; written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
