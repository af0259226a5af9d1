"""Rows for CSV and JSON exports, with spreadsheet formulas neutralised.

A cell starting with = + - @ (or a tab or carriage return) is run as a formula by Excel
and LibreOffice; text cells that start so get a leading apostrophe. Amounts are written
as plain two-decimal numbers, which a spreadsheet reads as numbers and never runs.

Every export imports back unchanged: :func:`restored_text` takes the apostrophe off again.
A text that itself starts with an apostrophe gets a second one, so the rule is exact both
ways (``'=x`` is written ``''=x`` and read back as ``'=x``).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from equity.money import fmt2
from equity.services.audit import AuditView
from equity.services.views import HISTORY_COLUMNS, FlowView

if TYPE_CHECKING:  # pandas loads only for the exports that need it
    import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The prefix that makes a cell text; a text starting with it is escaped too (see above).
TEXT_MARK = "'"
#: The amounts of a history row, between its date and its source.
HISTORY_AMOUNT_COLUMNS = tuple(c for c in HISTORY_COLUMNS if c not in ("date", "source"))
#: The ledger CSV of the CLI (``flow list --csv``) and the app: what ``flow import`` reads.
LEDGER_COLUMNS = (
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
)


def safe_text(value: str | None) -> str:
    """A text cell a spreadsheet shows as text, never evaluates."""
    if not value:
        return ""
    return TEXT_MARK + value if value.startswith((*FORMULA_STARTS, TEXT_MARK)) else value


def restored_text(cell: str) -> str:
    """The text :func:`safe_text` wrote into ``cell``: its one added apostrophe taken off."""
    return cell.removeprefix(TEXT_MARK)


def ledger_rows(flows: Iterable[FlowView]) -> Iterable[dict[str, str]]:
    """The whole ledger as :data:`LEDGER_COLUMNS` rows, voided flows included and marked.

    A complete audit trail, and what ``flow import`` reads back: it records the live flows
    (date, kind, amount, notes) and skips, counting them, those with a ``voided_at``.
    """
    for flow in flows:
        yield {
            "id": str(flow.id),
            "date": flow.flow_date.isoformat(),
            "kind": flow.kind,
            "amount": fmt2(flow.amount),
            "notes": safe_text(flow.notes),
            "created_by": safe_text(flow.created_by),
            "created_at": flow.created_at.isoformat() if flow.created_at else "",
            "voided_at": flow.voided_at.isoformat() if flow.voided_at else "",
            "voided_by": safe_text(flow.voided_by),
            "void_reason": safe_text(flow.void_reason),
        }


def write_ledger_csv(out: TextIO, flows: Iterable[FlowView]) -> None:
    """``flow list --csv``: the ledger through the one CSV writer."""
    write_csv(out, ledger_rows(flows), LEDGER_COLUMNS)


def ledger_csv(flows: Iterable[FlowView]) -> bytes:
    """The ledger CSV as UTF-8 bytes, for the app's download button."""
    return csv_bytes(ledger_rows(flows), LEDGER_COLUMNS)


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


def history_export_rows(frame: pd.DataFrame) -> Iterable[dict[str, str]]:
    """A history frame as :data:`HISTORY_COLUMNS` rows: what ``snapshot import`` reads back.

    ``source`` is kept so an import can skip the carried-forward days (the flows make them).
    """
    for record in frame.to_dict("records"):
        row = {"date": record["date"].isoformat()}
        row.update({name: fmt2(record[name]) for name in HISTORY_AMOUNT_COLUMNS})
        row["source"] = safe_text(record["source"])
        yield row


def write_history_csv(out: TextIO, frame: pd.DataFrame) -> None:
    """``history --csv``: every day of the frame through the one CSV writer."""
    write_csv(out, history_export_rows(frame), HISTORY_COLUMNS)


def history_csv(frame: pd.DataFrame) -> bytes:
    """The history CSV as UTF-8 bytes, for the app's download button."""
    return csv_bytes(history_export_rows(frame), HISTORY_COLUMNS)
