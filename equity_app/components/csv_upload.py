"""One parse per uploaded CSV file, its limits in words, and the table of its bad rows.

Streamlit reruns the page on every click, and an uploaded file stays in its widget; parsing it
again on each rerun let one 20 MB file of bad rows keep the server busy and its memory high.
The outcome of a parse is kept in the session under the file's SHA-256, for the current file
only (a new file replaces it), and it holds the parsed rows or the first bad rows with their
count, never the file's bytes, which the uploader already keeps.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st

from equity.domain.csv_rows import (
    MAX_CELL_CHARS,
    MAX_CSV_BYTES,
    MAX_CSV_COLUMNS,
    MAX_CSV_ROWS,
    MAX_ERRORS_LISTED,
    CsvRowsError,
)
from equity.errors import ValidationError
from equity_app.literal import md
from equity_app.messages import in_words, label

T = TypeVar("T")
#: A cell longer than this is cut in the error table: the table is for finding the row.
MAX_VALUE_SHOWN = 120
UPLOAD_MEGABYTES = MAX_CSV_BYTES // (1024 * 1024)


@dataclass(frozen=True)
class RowProblem:
    """One bad cell as the error table shows it: row, column, what it held, what is wrong."""

    row: int | None
    column: str
    value: str
    problem: str


@dataclass(frozen=True)
class ParsedUpload:
    """What one file turned out to be: its rows, or why it cannot be imported."""

    digest: str
    rows: Sequence = ()
    #: The first MAX_ERRORS_LISTED bad rows, in file order.
    problems: tuple[RowProblem, ...] = ()
    #: Every bad row, listed or not.
    bad_rows: int = 0
    #: The file as a whole cannot be read (size, encoding, header), in words.
    refusal: str | None = None

    @property
    def importable(self) -> bool:
        return self.refusal is None and self.bad_rows == 0 and bool(self.rows)


def limits_caption() -> str:
    """The limits an upload must keep, stated beside the uploader so a refusal makes sense.

    Streamlit's uploader refuses a file over the size or of another type by itself, and
    says why only in a tooltip on the file's chip: this caption is what the user reads.
    """
    listed = (
        f"{UPLOAD_MEGABYTES} MB, {MAX_CSV_ROWS:,} rows, {MAX_CSV_COLUMNS:,} columns and "
        f"{MAX_CELL_CHARS:,} characters in a cell"
    )
    return (
        f"Limits: a .csv or .txt file of at most {listed}. A file with bad rows imports "
        f"nothing; the first {MAX_ERRORS_LISTED} bad rows are listed and the rest counted."
    )


def parse_once(slot: str, raw: bytes, parse: Callable[[bytes], Sequence]) -> ParsedUpload:
    """Parse ``raw`` unless this session already did: the outcome is kept by content hash.

    ``slot`` names the uploader; it holds one entry, ``{sha256: outcome}``, so a second file
    replaces the first and memory holds at most one outcome per uploader.
    """
    digest = hashlib.sha256(raw).hexdigest()
    kept = st.session_state.get(_slot(slot))
    if isinstance(kept, dict) and digest in kept:
        return kept[digest]
    st.session_state.pop(_slot(slot), None)  # let the old outcome go before parsing the new
    outcome = parse_upload(raw, parse, digest)
    st.session_state[_slot(slot)] = {digest: outcome}
    return outcome


def check_once(slot: str, key: Hashable, run: Callable[[], T]) -> T:
    """``run()`` unless this session already did for ``key`` (the file's digest and options).

    Like :func:`parse_once`, ``slot`` holds one entry: a new file or a new choice of options
    replaces the old outcome, so memory holds at most one check per uploader.
    """
    kept = st.session_state.get(_slot(slot))
    if isinstance(kept, dict) and key in kept:
        return kept[key]
    st.session_state.pop(_slot(slot), None)  # let the old outcome go before checking anew
    outcome = run()
    st.session_state[_slot(slot)] = {key: outcome}
    return outcome


def forget(slot: str) -> None:
    """The uploader ``slot`` was emptied: let its file's outcome (its rows) go too."""
    st.session_state.pop(_slot(slot), None)


def parse_upload(raw: bytes, parse: Callable[[bytes], Sequence], digest: str) -> ParsedUpload:
    """Run the engine's parser once and keep only what the page shows."""
    try:
        return ParsedUpload(digest, rows=parse(raw))
    except CsvRowsError as error:
        return _bad_rows(raw, digest, error.errors, error.total)
    except ValidationError as error:
        if error.row is not None:
            return _bad_rows(raw, digest, [error], 1)
        return ParsedUpload(digest, refusal=in_words(error))


def show_problems(parsed: ParsedUpload, key: str) -> None:
    """Why nothing can be imported: a whole-file reason, or a table to fix the rows from."""
    if parsed.refusal is not None:
        st.error(md(f"Nothing was imported: {parsed.refusal}"), icon=":material/error:")
        return
    listed = len(parsed.problems)
    st.error(
        f"Nothing was imported: {parsed.bad_rows:,} row(s) need fixing first."
        + (f" The first {listed:,} are listed." if listed < parsed.bad_rows else ""),
        icon=":material/error:",
    )
    st.dataframe(
        pd.DataFrame(
            [vars(problem) for problem in parsed.problems],
            columns=["row", "column", "value", "problem"],
        ).rename(columns=str.capitalize),
        hide_index=True,
        width="stretch",
        key=key,
    )
    if listed < parsed.bad_rows:
        st.caption(f"… and {parsed.bad_rows - listed:,} more.")


def _slot(name: str) -> str:
    return f"{name}_parsed"


def _bad_rows(
    raw: bytes, digest: str, errors: Sequence[ValidationError], total: int
) -> ParsedUpload:
    listed = list(errors[:MAX_ERRORS_LISTED])
    cells = _cells_of(raw, {error.row for error in listed if error.row is not None})
    problems = tuple(
        RowProblem(
            row=error.row,
            column=error.field,
            value=_cut(cells.get(error.row, {}).get(error.field, "")),
            problem=f"{label(error.field)}: {error.message}",
        )
        for error in listed
    )
    return ParsedUpload(digest, problems=problems, bad_rows=max(total, len(listed)))


def _cells_of(raw: bytes, wanted: set[int]) -> dict[int, dict[str, str]]:
    """The cells of a few rows, streamed from the file rather than holding all of its rows.

    Rows are numbered as the importer numbers them (header 1, then one per CSV record) and
    split by its rule (the most frequent of comma, semicolon and tab in the header line). A
    file too broken to read here still has its reasons listed, only without the values.
    """
    cells: dict[int, dict[str, str]] = {}
    if not wanted:
        return cells
    # Decoded a chunk at a time (newline="" keeps line endings for the csv module, as the
    # importer does): reading stops at the last wanted row and holds no copy of the file.
    lines = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="")
    try:
        first = next(lines, "")
        header_line = first.rstrip("\r\n")
        reader = csv.reader(itertools.chain([first], lines), delimiter=_delimiter(header_line))
        header = [name.strip().lower() for name in next(reader)]
        for number, values in enumerate(reader, start=2):
            if number in wanted:
                # strict=False: a row with too few values still shows the ones it has
                cells[number] = dict(zip(header, map(str.strip, values), strict=False))
                if len(cells) == len(wanted):
                    break
    except (UnicodeDecodeError, csv.Error, StopIteration):
        pass
    return cells


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def _cut(value: str) -> str:
    return value if len(value) <= MAX_VALUE_SHOWN else value[: MAX_VALUE_SHOWN - 1] + "…"
