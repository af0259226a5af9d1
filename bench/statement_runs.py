"""Issuing at month end (``issue_all``) over many portfolios, and what restatement adds.

Month-end run: every portfolio has a year of daily snapshots; the run issues last
month's statement for each (figures, PDF, SHA-256, stored, audited, one transaction
each). Its baseline, measured interleaved in the same run, computes the same
statements' figures only (``statement_for``), so the ratio is what drawing and storing
cost on top of reading.

Restatement check: one backdated deposit inside last month, on a portfolio with an
issued statement of that month (the check recomputes and marks it) against the same
deposit on a twin portfolio without one (the check's one indexed query finds nothing),
and on a third whose issued statement is of the month before (untouched: the query
finds it ends before the deposit, so no statement is computed).
"""

from __future__ import annotations

from decimal import Decimal

from bench import synthetic
from bench.databases import Workspace, settle
from bench.report import Row, ratio
from bench.sizes import Sizes
from bench.timing import measure_interleaved
from equity.reads.statement import month_period, statement_for
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.snapshots import upsert_snapshots
from equity.services.statements import issue_all, issue_statement

SECTION = "Issuing statements and restatement"
BACKEND_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def statement_runs(ws: Workspace, backends: list[str], sizes: Sizes) -> list[Row]:
    rows: list[Row] = []
    for backend in backends:
        rows += _month_end(ws, backend, sizes)
        rows += _restatement_check(ws, backend, sizes)
    return rows


def _loaded(db, names: list[str], years: float, seed: int):
    history = synthetic.series(synthetic.calendar_days(years), seed=seed)
    for name in names:
        synthetic.new_portfolio(db, name, history)
        upsert_snapshots(db, name, synthetic.snapshot_inputs(history), source="import")
    settle(db)
    return history


def _month_end(ws: Workspace, backend: str, sizes: Sizes) -> list[Row]:
    db = ws.open(backend, "month_end")
    names = [f"Client {number:03d}" for number in range(sizes.month_end_portfolios)]
    history = _loaded(db, names, sizes.month_end_years, seed=15)
    last = history.days[-1]
    month = month_period(last.year, last.month)

    def figures_only() -> None:
        for name in names:
            statement_for(db, name, month.start, month.end)

    def month_end() -> None:
        run = issue_all(db, month.start, month.end)
        assert len(run.issued) == len(names), run.refused

    baseline, product = measure_interleaved(
        [figures_only, month_end], runs=[sizes.month_end_runs] * 2
    )
    size = (
        f"{len(names)} portfolios x {len(history):,} daily snapshots, {month.start} to {month.end}"
    )
    key, name = f"month_end.{backend}", BACKEND_NAMES[backend]
    return [
        Row(
            f"{key}.baseline", SECTION, "figures of each statement (baseline)", name, size, baseline
        ),
        Row(
            f"{key}.issue_all",
            SECTION,
            "issue_all: figures + PDF + SHA-256 stored, audited",
            name,
            size,
            product,
            ratio=ratio(product.median, baseline.median),
        ),
    ]


def _restatement_check(ws: Workspace, backend: str, sizes: Sizes) -> list[Row]:
    db = ws.open(backend, "restatement")
    history = _loaded(db, ["Issued", "Twin", "Earlier"], sizes.month_end_years, seed=16)
    last = history.days[-1]
    month = month_period(last.year, last.month)
    issue_statement(db, "Issued", month.start, month.end)
    before = month_period(
        *(
            (month.start.year, month.start.month - 1)
            if month.start.month > 1
            else (month.start.year - 1, 12)
        )
    )
    issue_statement(db, "Earlier", before.start, before.end)
    inside = month.start

    def deposit(name: str):
        return lambda: record_cash_flow(db, FlowRequest(name, inside, "deposit", Decimal("1")))

    without, with_check, untouched = measure_interleaved(
        [deposit("Twin"), deposit("Issued"), deposit("Earlier")],
        runs=[sizes.restatement_runs] * 3,
    )
    size = f"{len(history):,} daily snapshots, a deposit on {inside} (inside {month.end:%B %Y})"
    key, name = f"restatement.{backend}", BACKEND_NAMES[backend]
    return [
        Row(
            f"{key}.without",
            SECTION,
            "backdated deposit, no issued statement (baseline)",
            name,
            size,
            without,
        ),
        Row(
            f"{key}.with",
            SECTION,
            "the same deposit restating an issued month",
            name,
            size,
            with_check,
            ratio=ratio(with_check.median, without.median),
        ),
        Row(
            f"{key}.untouched",
            SECTION,
            "the same deposit after an issued month (untouched)",
            name,
            size,
            untouched,
            ratio=ratio(untouched.median, without.median),
        ),
    ]
