"""Parsing CSV uploads into validated rows, with row-level errors a person can act on.

Rows are numbered as a spreadsheet shows them: the header is row 1, data starts at row 2.

One upload must not tie up the server, so a file is held to stated limits (below) and
every check is linear in its size: the file size is checked before decoding, the column
count before the header is examined, each cell's length as its row is read, and at most
``MAX_ERRORS_LISTED`` errors are kept, however many rows are bad (the rest are counted).
Line endings may be LF, CRLF or a lone CR (old Mac exports): each ends a row.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from equity.errors import ValidationError
from equity.money import THOUSANDS

T = TypeVar("T")
#: The largest upload, in bytes (also the app's uploader limit).
MAX_CSV_BYTES = 20 * 1024 * 1024
#: Columns in the header; every layout has at most four.
MAX_CSV_COLUMNS = 50
#: Data rows in one file: 200,000 days is over 500 years of daily snapshots.
MAX_CSV_ROWS = 200_000
#: Characters in one cell; a note may hold 2,000, a number far fewer.
MAX_CELL_CHARS = 10_000
#: Characters in one column name (the longest a layout knows is 13).
MAX_HEADER_CHARS = 100
#: Row errors kept and listed; the rest are only counted (``CsvRowsError.total``).
MAX_ERRORS_LISTED = 100
#: Row errors quoted in the one-line message (the CLI's stderr, a page's summary).
MAX_ERRORS_SHOWN = 20

# The csv module refuses a field over 131,072 characters with a bare ``_csv.Error``. A cell
# can never be longer than the file, so lift that limit to the file limit (the limit only
# ever rises) and apply MAX_CELL_CHARS ourselves, with the cell's row and column.
csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_BYTES + 1))

_FIRST_LINE = re.compile(r"[^\r\n]*")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class CsvRowsError(ValidationError):
    """Every bad row of an upload at once, so a user fixes the file in one pass.

    ``errors`` holds the first ``MAX_ERRORS_LISTED``; ``total`` counts them all.
    """

    def __init__(self, errors: list[ValidationError], total: int | None = None) -> None:
        self.total = max(total if total is not None else 0, len(errors))
        self.errors = errors[:MAX_ERRORS_LISTED]
        shown = "; ".join(str(error) for error in self.errors[:MAX_ERRORS_SHOWN])
        hidden = self.total - min(len(self.errors), MAX_ERRORS_SHOWN)
        more = f" (and {hidden} more)" if hidden > 0 else ""
        super().__init__("file", f"{self.total} problem(s): {shown}{more}")


@dataclass
class RowProblems:
    """Collects row errors: keeps the first ``MAX_ERRORS_LISTED``, counts every one."""

    kept: list[ValidationError] = field(default_factory=list)
    total: int = 0

    def add(self, field_name: str, message: str, row: int) -> None:
        self.total += 1
        if len(self.kept) < MAX_ERRORS_LISTED:  # beyond that, nothing more is allocated
            self.kept.append(ValidationError(field_name, message, row=row))

    def raise_if_any(self) -> None:
        if self.total:
            raise CsvRowsError(self.kept, self.total)


@dataclass(frozen=True)
class CsvLayout:
    """Which columns an upload must and may have."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


def read_csv_records(data: bytes | str, layout: CsvLayout) -> list[tuple[int, dict[str, str]]]:
    """Decode, sniff the delimiter, check the header; returns (row number, record) pairs.

    Rows of the wrong width or with an over-long cell are all reported in one CsvRowsError.
    """
    problems = RowProblems()
    records = list(_records(data, layout, problems))
    problems.raise_if_any()
    _require_rows(len(records))
    return records


def parse_records(
    records: Iterable[tuple[int, dict[str, str]]], parse_one: Callable[[int, dict[str, str]], T]
) -> list[T]:
    """Apply ``parse_one(row number, record)`` to every record, collecting errors by row."""
    problems = RowProblems()
    parsed = _parse_each(records, parse_one, problems)
    problems.raise_if_any()
    return parsed


def parse_csv(
    data: bytes | str, layout: CsvLayout, parse_one: Callable[[int, dict[str, str]], T]
) -> list[T]:
    """``parse_records(read_csv_records(...))`` in one pass, holding no raw records.

    Each row is parsed as it is read, so memory holds the parsed rows and at most
    ``MAX_ERRORS_LISTED`` errors; shape errors and value errors are listed together.
    """
    problems = RowProblems()
    counted = _Counted(_records(data, layout, problems))
    parsed = _parse_each(counted, parse_one, problems)
    problems.raise_if_any()
    _require_rows(counted.count)
    return parsed


def plain_number(text: str) -> str:
    """Accept ``1,234.50`` as a spreadsheet writes it; anything else is left to the parser."""
    return text.replace(",", "") if THOUSANDS.match(text) else text


def _parse_each(
    records: Iterable[tuple[int, dict[str, str]]],
    parse_one: Callable[[int, dict[str, str]], T],
    problems: RowProblems,
) -> list[T]:
    parsed: list[T] = []
    for number, record in records:
        try:
            parsed.append(parse_one(number, record))
        except ValidationError as error:
            problems.add(error.field, error.message, number)
    return parsed


class _Counted:
    """Passes records through, counting them (to tell "no data rows" from "all bad")."""

    def __init__(self, records: Iterator[tuple[int, dict[str, str]]]) -> None:
        self._records = records
        self.count = 0

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        for record in self._records:
            self.count += 1
            yield record


def _records(
    data: bytes | str, layout: CsvLayout, problems: RowProblems
) -> Iterator[tuple[int, dict[str, str]]]:
    """Well-formed records, one at a time; rows of the wrong shape go to ``problems``.

    The header is read and checked before the first record is asked for, because the
    caller's ``list()`` or loop starts the generator at once.
    """
    raw_header, rows = read_table(data, problems)
    header = [name.lower() for name in raw_header]
    _check_header(header, layout)
    for number, values in rows:
        yield number, dict(zip(header, (v.strip() for v in values), strict=True))


def read_table(
    data: bytes | str, problems: RowProblems
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header as written (trimmed) and the data rows, read lazily, under the limits.

    Blank rows are skipped; a row of the wrong width or with an over-long cell goes to
    ``problems`` instead of the rows. An import that maps columns by name (its user's
    spelling, not ours) starts here; the header is read before this returns.
    """
    text = _decode(data)
    if not text.strip():
        raise ValidationError("file", "is empty; expected a header row and at least one data row")
    first_line = _FIRST_LINE.match(text)
    delimiter = _delimiter(first_line.group() if first_line else "")
    reader = csv.reader(_lines(text), delimiter=delimiter)
    header = _read_header(reader)
    return header, _table_rows(reader, header, problems)


def _table_rows(
    reader: Iterator[list[str]], header: list[str], problems: RowProblems
) -> Iterator[tuple[int, list[str]]]:
    width = len(header)
    rows = 0
    for number, values in enumerate(_rows(reader), start=2):
        if not any(value.strip() for value in values):
            continue
        rows += 1
        if rows > MAX_CSV_ROWS:
            raise ValidationError(
                "file", f"has more than {MAX_CSV_ROWS:,} data rows; split it into smaller files"
            )
        if len(values) != width:
            problems.add("columns", f"has {len(values)} values, expected {width}", number)
            continue
        if _long_cells(header, values, number, problems):
            continue
        yield number, values


def _lines(text: str) -> Iterator[str]:
    """The text's lines, each with its ending (LF, CRLF or a lone CR), one at a time.

    The csv module wants line endings untouched (its docs' ``newline=""``): it then ends
    a row at any of them and keeps a line break inside quotes. Slicing lazily, rather
    than through ``io.StringIO`` (a second, four-bytes-a-character copy of the file),
    keeps a 20 MB upload from costing another 80 MB.
    """
    return (match.group() for match in _LINE.finditer(text))


def _rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The reader's rows, its own errors (a stray quote) in words with the line."""
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            line = getattr(reader, "line_num", "?")
            raise ValidationError("file", f"line {line} is not valid CSV: {error}") from None
        yield values


def _read_header(reader: Iterator[list[str]]) -> list[str]:
    try:
        raw = next(_rows(reader))
    except StopIteration:
        raise ValidationError("file", "is empty; expected a header row") from None
    if len(raw) > MAX_CSV_COLUMNS:
        raise ValidationError("header", f"has {len(raw):,} columns; the limit is {MAX_CSV_COLUMNS}")
    too_long = next((name for name in raw if len(name) > MAX_HEADER_CHARS), None)
    if too_long is not None:
        raise ValidationError(
            "header",
            f"a column name is {len(too_long):,} characters; the limit is {MAX_HEADER_CHARS}",
        )
    return [name.strip() for name in raw]


def _long_cells(header: list[str], values: list[str], number: int, problems: RowProblems) -> bool:
    """Report every cell of this row over MAX_CELL_CHARS; True when there was one."""
    found = False
    for name, value in zip(header, values, strict=True):
        if len(value) > MAX_CELL_CHARS:
            problems.add(
                name, f"is {len(value):,} characters; the limit is {MAX_CELL_CHARS:,}", number
            )
            found = True
    return found


def _require_rows(count: int) -> None:
    if count == 0:
        raise ValidationError("file", "has a header but no data rows")


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        # A character takes at least one byte, so text this long cannot fit the limit.
        if len(data) > MAX_CSV_BYTES:
            raise ValidationError("file", "is over 20 MB; the limit is 20 MB")
        return data.removeprefix("\ufeff")
    if len(data) > MAX_CSV_BYTES:
        raise ValidationError("file", f"is {len(data) / 2**20:.1f} MB; the limit is 20 MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            "file", f"is not UTF-8 text (byte {error.start}); save it as CSV UTF-8"
        ) from None


def _delimiter(header_line: str) -> str:
    """Comma unless the header plainly uses semicolons or tabs (European spreadsheets)."""
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def _check_header(header: list[str], layout: CsvLayout) -> None:
    """Required columns present, no unknown ones, none twice: one pass with a Counter."""
    missing = [name for name in layout.required if name not in header]
    if missing:
        raise ValidationError(
            "header", f"missing column(s) {', '.join(missing)}; found {', '.join(header)}"
        )
    allowed = set(layout.required) | set(layout.optional)
    extra = [name for name in header if name not in allowed]
    if extra:
        raise ValidationError(
            "header", f"unknown column(s) {', '.join(extra)}; allowed: {', '.join(sorted(allowed))}"
        )
    repeated = sorted((name, count) for name, count in Counter(header).items() if count > 1)
    if repeated:
        raise ValidationError(
            "header",
            "; ".join(f"column {name} appears {count:,} times" for name, count in repeated),
        )
