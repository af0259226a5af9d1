"""The mapping step: which column of the user's file holds each field of an import.

A bank's export says ``As of`` and ``Daily P&L``, not ``snapshot_date`` and ``daily_pnl``.
When a file's header is not our own (a template's, or one of our exports), this step shows
one choice per field, pre-filled from the common spellings the engine recognises
(:func:`suggest_mapping`), and returns the mapping the check and the import then use.

The choices are keyed to the file's bytes (its digest): another file starts from its own
suggestions, and what the user saw for this file is exactly what it is imported with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from equity.domain.column_mapping import (
    IGNORED_COLUMNS,
    IMPORT_FIELDS,
    ROW_FILTERS,
    import_fields,
    normalized_header,
    suggest_mapping,
)
from equity.domain.csv_rows import RowProblems, read_table
from equity.errors import ValidationError
from equity.services.export import LEDGER_COLUMNS
from equity.services.views import HISTORY_COLUMNS
from equity_app.literal import md
from equity_app.messages import label

#: Headers our own files use, per import: a template's fields, and the columns of the
#: export that imports back (a history file's ``date``, a ledger file's ``id`` ...).
OWN_COLUMNS: dict[str, frozenset[str]] = {
    kind: frozenset(import_fields(kind))
    | frozenset(ROW_FILTERS[kind])
    | frozenset(IGNORED_COLUMNS[kind])
    | frozenset({"snapshots": HISTORY_COLUMNS, "flows": LEDGER_COLUMNS}.get(kind, ()))
    for kind in IMPORT_FIELDS
}
#: The engine's mapping for a column the import does not read.
LEFT_OUT = ""
#: The choice that leaves an optional field out.
NOT_IN_FILE = "— not in this file —"


def file_header(raw: bytes) -> list[str] | None:
    """The file's column names as written, or None when the file cannot be read at all.

    Only the header is read (the rows are not), so this costs nothing on a large file; a
    file that cannot be read is left for the check to explain.
    """
    try:
        header, _rows = read_table(raw, RowProblems())
    except ValidationError:
        return None
    return header


def needs_mapping(kind: str, header: Sequence[str] | None) -> bool:
    """True when some column is not one of our own names: the user says what it holds."""
    if not header:
        return False
    own = OWN_COLUMNS[kind]
    return any(normalized_header(column).replace(" ", "_") not in own for column in header)


def show(kind: str, slot: str, digest: str, header: Sequence[str]) -> dict[str, str] | None:
    """One choice per field; the mapping (file column -> field), or None until it is whole.

    None means a required field has no column yet, or one column is chosen twice: the
    step says which, and nothing is checked until it is put right.
    """
    required, optional = IMPORT_FIELDS[kind]
    suggested = {
        field: column
        for column, field in suggest_mapping(list(header), import_fields(kind)).items()
    }
    chosen: dict[str, str | None] = {}
    with st.container(border=True, key=f"{slot}_mapping"):
        st.markdown("**Match the file's columns**")
        st.caption(
            "This file's header is not the template's. Choose the column that holds each "
            "field; common spellings are filled in. The check and the import use exactly "
            "this choice."
        )
        cells = st.columns(len(required) + len(optional))
        for cell, field in zip(cells, required + optional, strict=True):
            chosen[field] = _choice(cell, field, field in required, header, suggested, slot, digest)
        left_out = _left_out(kind, header, chosen)
        if left_out:
            names = md(", ".join(left_out))  # the file's own words, shown as written
            st.caption(f"Columns not chosen above are not imported: {names}.")
    mapping = _whole_mapping(chosen, required)
    if mapping is None:
        return None
    return mapping | dict.fromkeys(left_out, LEFT_OUT)


def _left_out(kind: str, header: Sequence[str], chosen: dict[str, str | None]) -> list[str]:
    """Columns no field was given: the import skips them, as the user saw.

    A row filter of our own exports (a ledger's ``voided_at``) is never left out: it is
    what keeps voided flows out of an import.
    """
    used = set(chosen.values())
    filters = ROW_FILTERS[kind]
    return [
        column
        for column in header
        if column not in used and normalized_header(column).replace(" ", "_") not in filters
    ]


def _choice(
    cell: DeltaGenerator,
    field: str,
    is_required: bool,
    header: Sequence[str],
    suggested: dict[str, str],
    slot: str,
    digest: str,
) -> str | None:
    options = [*header] if is_required else [NOT_IN_FILE, *header]
    preset = suggested.get(field)
    index = options.index(preset) if preset in options else None if is_required else 0
    picked = cell.selectbox(
        f"{label(field)}{'' if is_required else ' (optional)'}",
        options,
        index=index,
        placeholder="Choose a column",
        key=f"{slot}_map_{digest[:16]}_{field}",
    )
    return None if picked == NOT_IN_FILE else picked


def _whole_mapping(chosen: dict[str, str | None], required: Sequence[str]) -> dict[str, str] | None:
    missing = [label(field) for field in required if chosen.get(field) is None]
    if missing:
        st.info(
            f"Choose a column for {', '.join(missing)} to check the file.",
            icon=":material/table_rows:",
        )
        return None
    twice = [column for column, n in Counter(c for c in chosen.values() if c).items() if n > 1]
    if twice:
        fields = [label(f) for f, c in chosen.items() if c == twice[0]]
        st.warning(
            f"One column is chosen for {' and '.join(fields)}: each field needs its own column.",
            icon=":material/warning:",
        )
        return None
    return {column: field for field, column in chosen.items() if column is not None}
