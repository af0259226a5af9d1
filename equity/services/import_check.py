"""The check that finds everything wrong with an import file before anything is written.

A preview that says "7 rows ready" and then fails on row 3, then on row 5, costs a user
one round trip per mistake. :func:`check_snapshot_file` and :func:`check_flow_file` read
the whole file once and list every problem, each with its spreadsheet row (header = row
1), the user's column name and the value: unreadable dates and amounts, duplicates,
dates before inception or in the future, unknown flow types, more decimals than the
currency has. Warnings (weekend days, business days missing between the first and the
last day) are said but do not stop the import.

The same check guards the writes: :func:`import_snapshot_file` and
:func:`import_flow_file` refuse a file with any error, so the CLI, the app and a script
see the same list.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from equity.domain.column_mapping import ResolvedHeader, apply_mapping, flow_kind
from equity.domain.csv_rows import MAX_ERRORS_LISTED, RowProblems, read_table
from equity.domain.number_format import read_amount, read_positive_amount
from equity.domain.rules import FLOW_KINDS
from equity.domain.validation import check_in_life, check_text, parse_date
from equity.errors import ValidationError
from equity.money import check_minor_units, minor_units, shown_value
from equity.services.access import open_portfolio, require_write
from equity.services.export import restored_text
from equity.services.imports import (
    FlowImportResult,
    FlowRow,
    import_cash_flows,
    refuse_four_eyes_file,
)
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.services.views import UpsertResult
from equity.storage.database import Database
from equity.storage.models import CARRY_FORWARD

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
class _Findings:
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
class _Rules:
    """What the portfolio says about a file's values: its currency, life and separator."""

    currency: str
    inception: date
    today: date
    decimal_comma: bool
    #: The currency's decimal places, read once: most have 2, which every amount keeps.
    digits: int

    def in_units(self, amount: Decimal, field: str) -> Decimal:
        """An amount already parsed (bounded, two decimals) in the currency's own units.

        The same rule as ``check_day_amount`` / ``check_flow_amount``, without repeating
        the checks the parser made: a check of years of rows stays close to a plain parse.
        """
        return check_minor_units(amount, self.currency, field) if self.digits < 2 else amount


def _portfolio_rules(
    db: Database, portfolio_ref: str | uuid.UUID, options: ImportOptions, kind: str
) -> _Rules:
    """Rights first: a viewer hears that they may not import, not about row 7; nor does a
    signed-in person with a flow file for a four-eyes portfolio (each flow needs approval)."""
    with db.read() as session:
        portfolio = open_portfolio(session, db, portfolio_ref)
        require_write(session, db, portfolio)
        if kind == "flows":
            refuse_four_eyes_file(db, portfolio)
        stated = options.decimal_comma
        return _Rules(
            currency=portfolio.currency,
            digits=minor_units(portfolio.currency),
            inception=portfolio.inception_date,
            today=db.clock.today(),
            decimal_comma=bool(getattr(portfolio, "decimal_comma", False))
            if stated is None
            else stated,
        )


@dataclass(frozen=True)
class _Cells:
    """One data row: each field's (file column, cell) pair."""

    number: int
    by_field: dict[str, tuple[str, str]]

    def get(self, name: str) -> tuple[str, str] | None:
        return self.by_field.get(name)

    def text(self, name: str) -> str:
        found = self.by_field.get(name)
        return found[1] if found else ""


def _read_file(
    kind: str, data: bytes | str, options: ImportOptions, findings: _Findings
) -> list[_Cells] | None:
    """Every row of the file by field, or None when the file or header cannot be read."""
    shape = RowProblems()
    try:
        header, rows = read_table(data, shape)
        resolved = apply_mapping(kind, header, options.mapping)
        cells = list(_by_field(header, resolved, rows))
    except ValidationError as error:  # the file or its header: nothing further can be read
        findings.error(error.row, None, None, f"{error.field}: {error.message}")
        return None
    for problem in shape.kept:
        findings.error(problem.row, problem.field, None, problem.message)
    findings.hidden += shape.total - len(shape.kept)
    if not cells and not shape.total:
        findings.error(None, None, None, "the file has a header but no data rows")
    return cells


def _by_field(
    header: Sequence[str], resolved: ResolvedHeader, rows: Iterator[tuple[int, list[str]]]
) -> Iterator[_Cells]:
    placed = [
        (i, column, target)
        for i, (column, target) in enumerate(zip(header, resolved.targets, strict=True))
        if target
    ]
    for number, values in rows:
        yield _Cells(number, {target: (column, values[i].strip()) for i, column, target in placed})


def _report(progress: Progress | None, total: int) -> Callable[[int], None]:
    """A per-row progress callback that calls ``progress`` about PROGRESS_STEPS times."""
    if progress is None:
        return lambda done: None
    step = max(1, total // PROGRESS_STEPS)
    progress(0, total)

    def report(done: int) -> None:
        if done % step == 0 or done == total:
            progress(done, total)

    return report


def _checked(findings: _Findings, cells: _Cells, name: str, parse: Callable[[str], T]) -> T | None:
    """``parse`` of the field's cell; a failure is recorded with its column and value."""
    column, value = cells.get(name) or (name, "")
    try:
        return parse(value)
    except ValidationError as error:
        findings.failed(cells.number, column, value, error)
        return None


def _check_life(
    findings: _Findings, cells: _Cells, name: str, day: date | None, rules: _Rules
) -> None:
    if day is None:
        return
    column, value = cells.get(name) or (name, "")
    try:
        check_in_life(day, rules.inception, rules.today, name)
    except ValidationError as error:
        findings.failed(cells.number, column, value, error)


# --- snapshots -------------------------------------------------------------------------


def check_snapshot_file(
    db: Database,
    portfolio_ref: str | uuid.UUID,
    data: bytes | str,
    options: ImportOptions = ImportOptions(),
    progress: Progress | None = None,
) -> ImportCheck:
    """Every problem of a snapshot file (``snapshot_date,daily_pnl[,total_value]``, or a
    history export, or the user's columns mapped), found in one pass; writes nothing."""
    rules = _portfolio_rules(db, portfolio_ref, options, "snapshots")
    findings = _Findings()
    table = _read_file("snapshots", data, options, findings)
    if table is None:
        return ImportCheck([], findings.errors, [], more_errors=findings.hidden)
    report = _report(progress, len(table))
    rows: list[SnapshotInput] = []
    carried: set[date] = set()
    seen: dict[date, int] = {}
    for done, cells in enumerate(table, start=1):
        day = _checked(findings, cells, "snapshot_date", lambda v: parse_date(v, "snapshot_date"))
        if restored_text(cells.text("source")) == CARRY_FORWARD:
            if day is not None:
                carried.add(day)
            report(done)
            continue
        failures_before = findings.count
        row = _snapshot_row(findings, cells, day, rules)
        _check_life(findings, cells, "snapshot_date", day, rules)
        if day is not None:
            _check_repeat(findings, cells, day, seen)
        if row is not None and findings.count == failures_before:
            rows.append(row)
        report(done)
    _calendar_warnings(findings, rows, carried)
    return ImportCheck(
        rows,
        findings.by_row(),
        findings.warnings,
        skipped_carried=len(carried),
        more_errors=findings.hidden,
    )


def _snapshot_row(
    findings: _Findings, cells: _Cells, day: date | None, rules: _Rules
) -> SnapshotInput | None:
    def amount(name: str) -> Callable[[str], Decimal]:
        def parse(value: str) -> Decimal:
            parsed = read_amount(
                value, name, decimal_comma=rules.decimal_comma, allow_negative=True
            )
            return rules.in_units(parsed, name)

        return parse

    pnl = _checked(findings, cells, "daily_pnl", amount("daily_pnl"))
    total = None
    if cells.text("total_value"):
        total = _checked(findings, cells, "total_value", amount("total_value"))
        if total is None:
            return None
    if day is None or pnl is None:
        return None
    return SnapshotInput(snapshot_date=day, daily_pnl=pnl, total_value=total, row=cells.number)


def _check_repeat(findings: _Findings, cells: _Cells, day: date, seen: dict[date, int]) -> None:
    column, value = cells.get("snapshot_date") or ("snapshot_date", "")
    if day in seen:
        findings.error(
            cells.number,
            column,
            value,
            f"{day} appears twice (rows {seen[day]} and {cells.number})",
        )
    else:
        seen[day] = cells.number


def _calendar_warnings(findings: _Findings, rows: list[SnapshotInput], carried: set[date]) -> None:
    """Weekend days (a feed rarely has them) and business days missing inside the file's span.

    A few of each are named; the rest are counted, so a file of years of calendar days
    gives a handful of lines, not thousands.
    """
    weekend = [row for row in rows if row.snapshot_date.weekday() >= 5]
    for row in weekend[:WARNINGS_NAMED]:
        day = row.snapshot_date
        findings.warnings.append(RowIssue(row.row, None, day.isoformat(), f"{day} is a {day:%A}"))
    if len(weekend) > WARNINGS_NAMED:
        findings.warnings.append(
            RowIssue(None, None, None, f"and {len(weekend) - WARNINGS_NAMED:,} more weekend day(s)")
        )
    present = {row.snapshot_date for row in rows} | carried
    if not rows:
        return
    missing = list(_missing_business_days(min(present), max(present), present))
    if missing:
        named = ", ".join(day.isoformat() for day in missing[:WARNINGS_NAMED])
        more = (
            f" and {len(missing) - WARNINGS_NAMED:,} more" if len(missing) > WARNINGS_NAMED else ""
        )
        findings.warnings.append(
            RowIssue(
                None,
                None,
                None,
                f"{len(missing):,} business day(s) (Mon-Fri) between the first and last day "
                f"have no row: {named}{more}",
            )
        )


def _missing_business_days(first: date, last: date, present: set[date]) -> Iterator[date]:
    day = first
    while day <= last:
        if day.weekday() < 5 and day not in present:
            yield day
        day += timedelta(days=1)


def import_checked_snapshots(
    db: Database, portfolio_ref: str | uuid.UUID, check: ImportCheck
) -> UpsertResult:
    """Write the rows of a clean check (source ``import``); a check with errors is refused.

    ``upsert_snapshots`` applies every rule again in its own transaction, so a portfolio
    changed since the check cannot slip a bad row through.
    """
    if not check.importable:
        raise ImportRefused(check)
    return upsert_snapshots(db, portfolio_ref, check.rows, "import")


def import_snapshot_file(
    db: Database,
    portfolio_ref: str | uuid.UUID,
    data: bytes | str,
    options: ImportOptions = ImportOptions(),
) -> UpsertResult:
    """Check the whole file, then import it in one transaction: all rows or none."""
    return import_checked_snapshots(
        db, portfolio_ref, check_snapshot_file(db, portfolio_ref, data, options)
    )


# --- flows -----------------------------------------------------------------------------


def check_flow_file(
    db: Database,
    portfolio_ref: str | uuid.UUID,
    data: bytes | str,
    options: ImportOptions = ImportOptions(),
    progress: Progress | None = None,
) -> ImportCheck:
    """Every problem of a flow file (``date,kind,amount[,notes]``, or a ledger export, or
    the user's columns mapped), found in one pass; voided flows are counted, not read."""
    rules = _portfolio_rules(db, portfolio_ref, options, "flows")
    findings = _Findings()
    table = _read_file("flows", data, options, findings)
    if table is None:
        return ImportCheck([], findings.errors, [], more_errors=findings.hidden)
    report = _report(progress, len(table))
    rows: list[FlowRow] = []
    seen: dict[tuple, tuple[int, str]] = {}
    voided = 0
    for done, cells in enumerate(table, start=1):
        report(done)
        if cells.text("voided_at"):
            voided += 1
            continue
        row = _flow_row(findings, cells, rules)
        if row is not None:
            _check_same_flow(findings, cells, row, seen)
            rows.append(row)
    return ImportCheck(
        rows,
        findings.by_row(),
        findings.warnings,
        skipped_voided=voided,
        more_errors=findings.hidden,
    )


def _flow_row(findings: _Findings, cells: _Cells, rules: _Rules) -> FlowRow | None:
    """The row as a flow, or None when any of its cells failed (each failure recorded)."""
    failures_before = findings.count
    day = _checked(findings, cells, "date", lambda v: parse_date(v, "date"))
    _check_life(findings, cells, "date", day, rules)
    kind = _checked(findings, cells, "kind", _kind)

    def amount(value: str) -> Decimal:
        parsed = read_positive_amount(value, "amount", decimal_comma=rules.decimal_comma)
        return rules.in_units(parsed, "amount")

    money = _checked(findings, cells, "amount", amount)
    notes = _checked(findings, cells, "notes", lambda v: check_text(restored_text(v), "notes"))
    if findings.count > failures_before:
        return None
    return FlowRow(flow_date=day, kind=kind, amount=money, notes=notes, row=cells.number)


def _kind(value: str) -> str:
    kind = flow_kind(value)
    if kind is None:
        raise ValidationError(
            "kind",
            f"{shown_value(value)} is not a flow type: use {' or '.join(FLOW_KINDS)} "
            "(or Subscription, Contribution, Redemption, Distribution)",
        )
    return kind


def _check_same_flow(
    findings: _Findings, cells: _Cells, row: FlowRow, seen: dict[tuple, tuple[int, str]]
) -> None:
    """The same date, type, amount and notes twice is almost always a pasted row twice.

    Two rows of our own ledger export with different ids are two real flows, not one.
    """
    key = (row.flow_date, row.kind, row.amount, row.notes)
    flow_id = cells.text("id")
    earlier = seen.get(key)
    if earlier is not None and not (flow_id and earlier[1] and flow_id != earlier[1]):
        column, value = cells.get("date") or ("date", "")
        findings.error(
            cells.number,
            column,
            value,
            f"repeats row {earlier[0]} exactly (same date, type, amount and notes); "
            "remove one, or change its notes if both are real",
        )
    elif earlier is None:
        seen[key] = (cells.number, flow_id)


def import_checked_flows(
    db: Database, portfolio_ref: str | uuid.UUID, check: ImportCheck, key_prefix: str | None = None
) -> FlowImportResult:
    """Record the flows of a clean check in one transaction; a check with errors is refused."""
    if not check.importable:
        raise ImportRefused(check)
    result = import_cash_flows(db, portfolio_ref, check.rows, key_prefix=key_prefix)
    return replace(result, skipped_voided=check.skipped_voided)


def import_flow_file(
    db: Database,
    portfolio_ref: str | uuid.UUID,
    data: bytes | str,
    options: ImportOptions = ImportOptions(),
    key_prefix: str | None = None,
) -> FlowImportResult:
    """Check the whole file, then record its live flows in one transaction: all or none."""
    check = check_flow_file(db, portfolio_ref, data, options)
    return import_checked_flows(db, portfolio_ref, check, key_prefix)
