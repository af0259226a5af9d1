"""Rows for CSV and JSON exports, with spreadsheet formulas neutralised.

A cell starting with = + - @ (or a tab or carriage return) is run as a formula by Excel
and LibreOffice; text cells that start so get a leading apostrophe. Amounts are written
as plain two-decimal numbers, which a spreadsheet reads as numbers and never runs.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from equity.services.audit import AuditView

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str | None) -> str:
    """A text cell a spreadsheet shows as text, never evaluates."""
    if not value:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def audit_rows(entries: Iterable[AuditView]) -> list[dict[str, str]]:
    return [
        {
            "recorded_at": entry.recorded_at.isoformat(timespec="seconds"),
            "actor": safe_text(entry.actor),
            "action": entry.action,
            "effective_date": entry.effective_date.isoformat() if entry.effective_date else "",
            "flow_id": str(entry.flow_id) if entry.flow_id else "",
            "details": safe_text(entry.details),
        }
        for entry in entries
    ]


def write_csv(
    out: TextIO, rows: Iterable[Mapping[str, object]], header: Sequence[str] | None = None
) -> None:
    """The one CSV writer of every export (CLI, downloads): ``\\n`` line ends, one dialect.

    The header is ``header`` when given (written even with no rows), else the first row's
    keys (no rows, nothing written). Cells are written as given: free text is neutralised
    with :func:`safe_text` where the rows are built, and amounts stay plain numbers.
    """
    rows = iter(rows)
    if header is None:
        first = next(rows, None)
        if first is None:
            return
        header = list(first)
        rows = itertools.chain([first], rows)
    writer = csv.DictWriter(out, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def csv_bytes(rows: Iterable[Mapping[str, object]], header: Sequence[str] | None = None) -> bytes:
    """:func:`write_csv` as UTF-8 bytes, for a download button."""
    buffer = io.StringIO()
    write_csv(buffer, rows, header)
    return buffer.getvalue().encode("utf-8")
