"""Rows for CSV and JSON exports, with spreadsheet formulas neutralised.

A cell starting with = + - @ (or a tab or carriage return) is run as a formula by Excel
and LibreOffice; text cells that start so get a leading apostrophe. Amounts are written
as plain two-decimal numbers, which a spreadsheet reads as numbers and never runs.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
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


def write_csv(out: TextIO, rows: list[Mapping[str, object]]) -> None:
    """Rows under a header taken from the first row; no rows, nothing written."""
    if not rows:
        return
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
