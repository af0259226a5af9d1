"""The whole benchmark, section by section, as one list of rows."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from bench import synthetic
from bench.app_pages import app_pages
from bench.browser_pages import browser_pages
from bench.databases import Workspace, postgres_error
from bench.deposits import backdated_deposits, years_text
from bench.imports import csv_imports
from bench.report import Row
from bench.scale import (
    load_scale,
    scale_daily_layout,
    scale_reads_and_writes,
    scale_recompute_all,
)
from bench.sizes import Sizes
from bench.startup import cli_startup
from bench.statement_runs import statement_runs
from bench.statements import statement_documents
from bench.uploads import csv_upload
from equity.services.demo import DEMO_PORTFOLIOS, load_demo
from equity.services.imports import import_snapshots_csv
from equity.storage.migrate import ensure_schema


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_suite(
    sizes: Sizes, *, app: bool = True, log: Callable[[str], None] = progress
) -> list[Row]:
    """Every measurement at ``sizes``; PostgreSQL rows are skipped when no server answers."""
    pg_error = postgres_error()
    backends = ["sqlite"] if pg_error else ["sqlite", "postgres"]
    if pg_error:
        log(f"PostgreSQL does not answer, its rows are skipped: {pg_error}")
    rows: list[Row] = []
    with Workspace() as ws:
        log(f"backdated deposits: {', '.join(years_text(y) for y in sizes.deposit_years)}")
        rows += backdated_deposits(ws, backends, sizes)
        log("CSV imports")
        rows += csv_imports(ws, backends, sizes)
        log(f"client statement: {sizes.statement_years:g} years")
        rows += statement_documents(ws, backends, sizes)
        log(f"month-end issue_all: {sizes.month_end_portfolios} portfolios; restatement check")
        rows += statement_runs(ws, backends, sizes)
        if pg_error:
            rows.append(_skipped("scale", pg_error))
        else:
            log(f"scale: loading {sizes.scale_portfolios:,} portfolios")
            data, load_rows = load_scale(ws, sizes)
            rows += load_rows
            log("scale: backdated flow, history, overview, performance")
            rows += scale_reads_and_writes(data, sizes)
            log("scale: the same portfolios loaded in daily-batch order")
            rows += scale_daily_layout(ws, sizes, data)
            if app:
                log("app pages: one portfolio (PostgreSQL)")
                rows += app_pages(data.alone, data.target, "one", _one_size(data), sizes.app_runs)
                log(f"app pages: {data.portfolios:,} portfolios (PostgreSQL)")
                rows += app_pages(data.crowded, data.target, "many", data.size, sizes.app_runs)
            log("scale: recompute_all")
            rows += scale_recompute_all(data)
        if app:
            log("app pages: one portfolio (SQLite)")
            db, name, size = _sqlite_app_portfolio(ws, sizes)
            rows += app_pages(db, name, "one", size, sizes.app_runs)
            log(f"app: a {sizes.upload_mb:g} MB file of bad rows uploaded to the Data page")
            rows += csv_upload(ws, sizes)
            log("app pages in Chromium: first page after a start, each page by its URL")
            rows += _browser_pages(ws, sizes)
        log("command-line start-up")
        rows += cli_startup(ws, sizes.startup_runs)
    order = list(dict.fromkeys(row.section for row in rows))
    return sorted(rows, key=lambda row: order.index(row.section))


def _one_size(data) -> str:
    return f"1 portfolio, {data.per_portfolio:,} business days"


def _sqlite_app_portfolio(ws: Workspace, sizes: Sizes):
    """The embedded default holding one portfolio shaped like the scale ones."""
    db = ws.sqlite("app_one")
    history = synthetic.series(synthetic.business_days(sizes.scale_years), seed=1)
    synthetic.new_portfolio(db, "Fund", history)
    import_snapshots_csv(db, "Fund", synthetic.snapshot_csv(history))
    return db, "Fund", f"1 portfolio, {len(history):,} business days"


def _browser_pages(ws: Workspace, sizes: Sizes) -> list[Row]:
    """The demo data in the embedded default, opened in Chromium."""
    db = ws.sqlite("browser")
    ensure_schema(db)
    load_demo(db)
    return browser_pages(db.url, DEMO_PORTFOLIOS[0].name, sizes.browser_runs)


def _skipped(section: str, reason: str) -> Row:
    return Row(
        key=f"{section}.skipped",
        section=section,
        measurement="skipped: PostgreSQL does not answer",
        backend="PostgreSQL",
        size="",
        value=reason[:80],
    )
