"""One client statement (issue 14) of a 10-year portfolio: figures, then figures + PDF.

The baseline is the statement's figures alone (``statement_for``: the history read, the
ledger read, the returns chained), measured interleaved with the product (the same
figures drawn into the PDF and the HTML, what the page and ``statement --pdf`` do), so
the ratio says what drawing costs on top of reading. Two periods: the last month (the
statement sent most often; its since-inception figures still read the whole history)
and the whole life (the longest chart).
"""

from __future__ import annotations

from datetime import date

from bench import synthetic
from bench.databases import Workspace, settle
from bench.report import Row, ratio
from bench.sizes import Sizes
from bench.timing import measure_interleaved
from equity.reads.statement import month_period, statement_for
from equity.services.snapshots import upsert_snapshots
from equity.statements.render import branding, documents_of

SECTION = "Client statement (PDF) of one portfolio"
BACKEND_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def statement_documents(ws: Workspace, backends: list[str], sizes: Sizes) -> list[Row]:
    rows: list[Row] = []
    for backend in backends:
        rows += _one_backend(ws, backend, sizes)
    return rows


def _one_backend(ws: Workspace, backend: str, sizes: Sizes) -> list[Row]:
    db = ws.open(backend, "statement")
    history = synthetic.series(synthetic.calendar_days(sizes.statement_years), seed=14)
    name = "Statement fund"
    synthetic.new_portfolio(db, name, history)
    upsert_snapshots(db, name, synthetic.snapshot_inputs(history), source="import")
    settle(db)
    last = history.days[-1]
    month = month_period(last.year, last.month)
    periods = {"month": (month.start, last), "life": (history.inception, last)}
    brand = branding(db)
    rows: list[Row] = []
    for label, (start, end) in periods.items():
        figures, documents = measure_interleaved(
            [
                lambda s=start, e=end: statement_for(db, name, s, e),
                lambda s=start, e=end: documents_of(statement_for(db, name, s, e), brand, db),
            ],
            runs=[sizes.statement_runs, sizes.statement_runs],
        )
        size = f"{len(history):,} daily snapshots, {_period_text(label, start, end)}"
        key = f"statement.{backend}.{label}"
        backend_name = BACKEND_NAMES[backend]
        rows += [
            Row(
                key=f"{key}.baseline",
                section=SECTION,
                measurement="statement_for: the figures alone (baseline)",
                backend=backend_name,
                size=size,
                stats=figures,
            ),
            Row(
                key=f"{key}.pdf",
                section=SECTION,
                measurement="figures + PDF + HTML (product)",
                backend=backend_name,
                size=size,
                stats=documents,
                ratio=ratio(documents.median, figures.median),
            ),
        ]
    return rows


def _period_text(label: str, start: date, end: date) -> str:
    kind = "last month" if label == "month" else "whole life"
    return f"{kind} ({start} to {end})"
