"""docs/BENCHMARKS.md: how it was run, on what, the table, and what the figures mean."""

from __future__ import annotations

import time
from pathlib import Path

from bench.report import Row, markdown_table, seconds
from bench.sizes import Sizes

#: Hand-written findings (engine changes, limits), placed under the generated table.
NOTES = Path(__file__).resolve().parent / "NOTES.md"


def sizes_text(sizes: Sizes) -> str:
    return (
        f"backdated deposits on {', '.join(f'{y:g}' for y in sizes.deposit_years)} years of "
        f"daily snapshots ({sizes.deposit_runs} runs, baseline {sizes.baseline_runs}); CSV "
        f"imports of {sizes.import_years:g} years ({sizes.import_runs} runs); "
        f"{sizes.scale_portfolios:,} portfolios × {sizes.scale_years:g} years of business days "
        f"on PostgreSQL ({sizes.scale_runs} runs of a flow, {sizes.overview_runs} of the "
        f"overview); {sizes.app_runs} runs of each page; a {sizes.upload_mb:g} MB upload of "
        f"bad rows and {sizes.upload_clicks} later clicks; {sizes.startup_runs} CLI starts"
    )


def render(rows: list[Row], machine: dict[str, str], sizes: Sizes, elapsed: float) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `python -m bench{' --quick' if sizes.label != 'full' else ''}` on "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}; the run took {seconds(elapsed)}. "
        "Medians and 95th percentiles (nearest rank) of wall-clock time as the caller sees "
        "it; ratios compare figures taken in the same run, alternating between the two sides "
        "so that the machine's noise hits both alike. Targets are reported, never asserted.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in machine.items()),
        "",
        f"Sizes ({sizes.label} run): {sizes_text(sizes)}.",
        "",
        "## Results",
        "",
        markdown_table(rows),
        "",
    ]
    if NOTES.exists():
        lines += [NOTES.read_text().rstrip(), ""]
    return "\n".join(lines)
