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


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 row``, ``2 rows``, ``0 flows``: a count that reads as English."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


#: Engine refusals a person meets in a dialog about one thing, said as whole sentences.
_SENTENCES = {
    ("reason", "is required: say why the flow is voided"): "Say why this flow is voided.",
}


def as_sentence(error: EquityError, subject_id: object = None) -> str:
    """A refusal as a sentence: ``Say why this flow is voided.``, not ``Reason: is required…``.

    ``subject_id``: the id of the thing on screen (a flow); a message that starts with it
    speaks of "this flow" instead. Anything else reads as :func:`in_words` says it.
    """
    if isinstance(error, ValidationError) and error.row is None:
        sentence = _SENTENCES.get((error.field, error.message))
        if sentence is not None:
            return sentence
        if subject_id is not None and error.message.startswith(f"{subject_id} "):
            rest = error.message.removeprefix(f"{subject_id} ")
            return f"This {label(error.field).lower()} {rest}."
    return in_words(error)
