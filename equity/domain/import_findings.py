"""What an import check finds in a file, and the reading that finds it: no database here.

The services (:mod:`equity.services.import_check`) add what the portfolio says (its
currency, life, separator) and the cross-row rules; this module holds the results they
hand to the faces (:class:`ImportCheck`, :class:`RowIssue`), the options a face passes in
(:class:`ImportOptions`), and the file's rows as cells keyed by field, each failure kept
with its spreadsheet row (header = row 1), the user's column name and the value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from equity.domain.column_mapping import ResolvedHeader, apply_mapping
from equity.domain.csv_rows import MAX_ERRORS_LISTED, RowProblems, read_table
from equity.errors import ValidationError

#: Progress is reported about this many times over a file (and once at its end).
PROGRESS_STEPS = 100
#: Weekend rows, and missing business days, named in the warnings; the rest are counted.
WARNINGS_NAMED = 5

Progress = Callable[[int, int], None]
T = TypeVar("T")


@dataclass(frozen=True)
class ImportOptions:
    """How to read a file: which column feeds which field, and its decimal separator."""

    #: file column -> field; None: the headers as they are (and their known spellings).
    mapping: Mapping[str, str] | None = None
    #: None: the portfolio's setting (``decimal_comma``, False where there is none).
    decimal_comma: bool | None = None


#: The default: the file's headers as they are (and known spellings), the portfolio's separator.
AS_THE_PORTFOLIO_SAYS = ImportOptions()


@dataclass(frozen=True)
class RowIssue:
    """One problem (or warning) of a file: where it is, what was there, what is wrong."""

    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        if self.column:
            where.append(self.column)
        place = ", ".join(where)
        return f"{place}: {self.message}" if place else self.message


@dataclass(frozen=True)
class ImportCheck:
    """What a file would import, and every reason it cannot (or should be looked at)."""

    #: The parsed rows (SnapshotInput / FlowRow): all of them when there are no errors.
    rows: list
    errors: list[RowIssue]
    warnings: list[RowIssue]
    #: Voided flows of a ledger file: exported for the record, not imported.
    skipped_voided: int = 0
    #: Carried-forward days of a history file: the flows import re-creates them.
    skipped_carried: int = 0
    #: Errors beyond the MAX_ERRORS_LISTED in ``errors``: counted, not kept.
    more_errors: int = 0

    @property
    def importable(self) -> bool:
        return not self.errors and bool(self.rows)


class ImportRefused(ValidationError):
    """A file with errors: every one listed, one a line, after ``N problem(s) ...``."""

    def __init__(self, check: ImportCheck) -> None:
        text = refusal_text(check)
        super().__init__("file", text)
        self.check = check
        self.args = (text,)  # no "file: " before it: the first line is "N problem(s) ..."


def refusal_text(check: ImportCheck) -> str:
    """The errors of ``check`` as the CLI prints them: a count and the first, then one a line.

    The first line reads whole (``3 problem(s), nothing imported: row 2, daily_pnl: ...``)
    for a reader who sees only it; every further problem follows on its own line.
    """
    lines = [str(issue) for issue in check.errors] or ["the file has no rows to import"]
    if check.more_errors:
        lines.append(f"and {check.more_errors:,} more problem(s)")
    count = max(1, len(check.errors) + check.more_errors)
    head = f"{count} problem(s), nothing imported: {lines[0]}"
    return "\n".join([head, *(f"  {line}" for line in lines[1:])])


@dataclass
class Findings:
    """Errors and warnings as they are found; errors kept up to the listing limit."""

    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    hidden: int = 0

    def error(self, row: int | None, column: str | None, value: str | None, message: str) -> None:
        if len(self.errors) < MAX_ERRORS_LISTED:
            self.errors.append(RowIssue(row, column, value, message))
        else:
            self.hidden += 1

    @property
    def count(self) -> int:
        """Errors found so far, listed or not."""
        return len(self.errors) + self.hidden

    def by_row(self) -> list[RowIssue]:
        """The errors in the file's order (the file's own problems first), as a user fixes them."""
        return sorted(self.errors, key=lambda issue: issue.row or 0)

    def failed(self, row: int, column: str, value: str, error: ValidationError) -> None:
        self.error(row, column, value, error.message)


@dataclass(frozen=True)
class Cells:
    """One data row: each field's (file column, cell) pair."""

    number: int
    by_field: dict[str, tuple[str, str]]

    def get(self, name: str) -> tuple[str, str] | None:
        return self.by_field.get(name)

    def text(self, name: str) -> str:
        found = self.by_field.get(name)
        return found[1] if found else ""


def read_cells(
    kind: str, data: bytes | str, options: ImportOptions, findings: Findings
) -> list[Cells] | None:
    """Every row of the file by field, or None when the file or header cannot be read."""
    shape = RowProblems()
    try:
        header, rows = read_table(data, shape)
        resolved = apply_mapping(kind, header, options.mapping)
        cells = list(by_field(header, resolved, rows))
    except ValidationError as error:  # the file or its header: nothing further can be read
        findings.error(error.row, None, None, f"{error.field}: {error.message}")
        return None
    for problem in shape.kept:
        findings.error(problem.row, problem.field, None, problem.message)
    findings.hidden += shape.total - len(shape.kept)
    if not cells and not shape.total:
        findings.error(None, None, None, "the file has a header but no data rows")
    return cells


def by_field(
    header: Sequence[str], resolved: ResolvedHeader, rows: Iterator[tuple[int, list[str]]]
) -> Iterator[Cells]:
    placed = [
        (i, column, target)
        for i, (column, target) in enumerate(zip(header, resolved.targets, strict=True))
        if target
    ]
    for number, values in rows:
        yield Cells(number, {target: (column, values[i].strip()) for i, column, target in placed})


def progress_reporter(progress: Progress | None, total: int) -> Callable[[int], None]:
    """A per-row progress callback that calls ``progress`` about PROGRESS_STEPS times."""
    if progress is None:
        return lambda done: None
    step = max(1, total // PROGRESS_STEPS)
    progress(0, total)

    def report(done: int) -> None:
        if done % step == 0 or done == total:
            progress(done, total)

    return report


def parsed_cell(findings: Findings, cells: Cells, name: str, parse: Callable[[str], T]) -> T | None:
    """``parse`` of the field's cell; a failure is recorded with its column and value."""
    column, value = cells.get(name) or (name, "")
    try:
        return parse(value)
    except ValidationError as error:
        findings.failed(cells.number, column, value, error)
        return None
