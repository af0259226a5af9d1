"""Engine errors in words for a person: the field's label, then what is wrong with it."""

from __future__ import annotations

from equity.errors import EquityError, ValidationError

FIELD_LABELS = {
    "amount": "Amount",
    "date": "Date",
    "flow_date": "Date",
    "kind": "Type",
    "notes": "Notes",
    "reason": "Reason",
    "flow": "Flow",
    "name": "Name",
    "currency": "Currency",
    "inception_date": "Inception date",
    "opening_equity": "Opening equity",
    "snapshot_date": "Snapshot date",
    "daily_pnl": "Daily P&L",
    "total_value": "Total value",
    "file": "File",
    "header": "Header",
    "columns": "Columns",
}


def label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def in_words(error: EquityError) -> str:
    """``Amount: '1.234' has more than 2 decimal places`` rather than a traceback."""
    if isinstance(error, ValidationError):
        where = f"Row {error.row}, " if error.row is not None else ""
        return f"{where}{label(error.field)}: {error.message}"
    return str(error)
