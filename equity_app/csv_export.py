"""CSV downloads that a spreadsheet opens safely and a script parses exactly.

Amounts are written as plain numbers with two decimals (``-1250.50``), never formatted,
so they stay numbers. Free text (notes, reasons, names) is neutralised: a cell starting
with ``= + - @`` (or a tab or carriage return) gets a leading apostrophe, so a spreadsheet
shows it instead of running it as a formula (OWASP "CSV injection").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

from equity.money import fmt2
from equity.services.export import csv_bytes, safe_text
from equity.services.views import HISTORY_COLUMNS, FlowView

#: The same columns, in the same order, as the history frame and the CLI's rows.
HISTORY_HEADER = HISTORY_COLUMNS
LEDGER_HEADER = [
    "id",
    "date",
    "kind",
    "amount",
    "notes",
    "created_by",
    "created_at",
    "voided_at",
    "voided_by",
    "void_reason",
]


#: Free text made inert for spreadsheets (the engine's rule, shared with the CLI exports).
neutralise = safe_text


def history_csv(frame: pd.DataFrame) -> bytes:
    """One row per snapshot, in date order, with the CLI's column names."""
    rows = (
        [
            row.date.isoformat(),
            fmt2(row.equity_balance),
            fmt2(row.daily_pnl),
            fmt2(row.cumulative_pnl),
            fmt2(row.equity_inflow),
            fmt2(row.equity_outflow),
            fmt2(row.total_value),
            neutralise(row.source),
        ]
        for row in frame.itertuples(index=False)
    )
    return _csv(HISTORY_HEADER, rows)


def ledger_csv(flows: Iterable[FlowView]) -> bytes:
    """The whole ledger, voided flows included, so the export is a complete audit trail."""
    rows = (
        [
            str(flow.id),
            flow.flow_date.isoformat(),
            flow.kind,
            fmt2(flow.amount),
            neutralise(flow.notes),
            neutralise(flow.created_by),
            flow.created_at.isoformat() if flow.created_at else "",
            flow.voided_at.isoformat() if flow.voided_at else "",
            neutralise(flow.voided_by),
            neutralise(flow.void_reason),
        ]
        for flow in flows
    )
    return _csv(LEDGER_HEADER, rows)


def file_name(portfolio_name: str, what: str) -> str:
    """``atlas-global-macro-history.csv``: safe on every file system."""
    slug = re.sub(r"[^a-z0-9]+", "-", portfolio_name.lower()).strip("-") or "portfolio"
    return f"{slug}-{what}.csv"


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """Rows in ``header``'s order through the engine's one CSV writer."""
    return csv_bytes((dict(zip(header, row, strict=True)) for row in rows), header)
