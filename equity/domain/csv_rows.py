"""Parsing CSV uploads into validated rows, with row-level errors a person can act on.

Rows are numbered as a spreadsheet shows them: the header is row 1, data starts at row 2.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from equity.errors import ValidationError
from equity.money import THOUSANDS

T = TypeVar("T")
MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_ERRORS_SHOWN = 20


class CsvRowsError(ValidationError):
    """Every bad row of an upload at once, so a user fixes the file in one pass."""

    def __init__(self, errors: list[ValidationError]) -> None:
        self.errors = errors
        shown = "; ".join(str(error) for error in errors[:MAX_ERRORS_SHOWN])
        more = (
            f" (and {len(errors) - MAX_ERRORS_SHOWN} more)"
            if len(errors) > MAX_ERRORS_SHOWN
            else ""
        )
        super().__init__("file", f"{len(errors)} problem(s): {shown}{more}")


@dataclass(frozen=True)
class CsvLayout:
    """Which columns an upload must and may have."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


def read_csv_records(data: bytes | str, layout: CsvLayout) -> list[tuple[int, dict[str, str]]]:
    """Decode, sniff the delimiter, check the header; returns (row number, record) pairs."""
    text = _decode(data)
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise ValidationError("file", "is empty; expected a header row and at least one data row")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0]))
    header = [name.strip().lower() for name in next(reader)]
    _check_header(header, layout)
    records = []
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            raise CsvRowsError(
                [
                    ValidationError(
                        "columns", f"has {len(values)} values, expected {len(header)}", number
                    )
                ]
            )
        records.append((number, dict(zip(header, (v.strip() for v in values), strict=True))))
    if not records:
        raise ValidationError("file", "has a header but no data rows")
    return records


def parse_records(
    records: list[tuple[int, dict[str, str]]], parse_one: Callable[[int, dict[str, str]], T]
) -> list[T]:
    """Apply ``parse_one(row number, record)`` to every record, collecting errors by row."""
    parsed: list[T] = []
    errors: list[ValidationError] = []
    for number, record in records:
        try:
            parsed.append(parse_one(number, record))
        except ValidationError as error:
            errors.append(ValidationError(error.field, error.message, row=number))
    if errors:
        raise CsvRowsError(errors)
    return parsed


def plain_number(text: str) -> str:
    """Accept ``1,234.50`` as a spreadsheet writes it; anything else is left to the parser."""
    return text.replace(",", "") if THOUSANDS.match(text) else text


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > MAX_CSV_BYTES:
        raise ValidationError("file", f"is {len(data) // (1024 * 1024)} MB; the limit is 20 MB")
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
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise ValidationError("header", f"column(s) {', '.join(duplicated)} appear more than once")
