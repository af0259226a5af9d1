"""The check that finds everything wrong with an import file before anything is written.

A preview that says "7 rows ready" and then fails on row 3, then on row 5, costs a user
one round trip per mistake. :func:`check_snapshot_file` and :func:`check_flow_file` read
the whole file once and list every problem, each with its spreadsheet row (header = row
1), the user's column name and the value: unreadable dates and amounts, duplicates,
dates before inception or in the future, unknown flow types, more decimals than the
currency has. Warnings (rows on a weekend or a holiday of the currency's market, business
days missing between the first and the last day) are said but do not stop the import.

The same check guards the writes: :func:`import_snapshot_file` and
:func:`import_flow_file` refuse a file with any error, so the CLI, the app and a script
see the same list.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from equity.domain.column_mapping import flow_kind
from equity.domain.import_findings import (
    AS_THE_PORTFOLIO_SAYS,
    WARNINGS_NAMED,
    Cells,
    Findings,
    ImportCheck,
    ImportOptions,
    ImportRefused,
    Progress,
    RowIssue,
    parsed_cell,
    progress_reporter,
    read_cells,
    refusal_text,
)
from equity.domain.market_calendar import MarketCalendar, market_calendar
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

#: The check's results and options, importable from here as the faces always have.
__all__ = [
    "ImportCheck",
    "ImportOptions",
    "ImportRefused",
    "Progress",
    "RowIssue",
    "check_flow_file",
    "check_snapshot_file",
    "import_checked_flows",
    "import_checked_snapshots",
    "import_flow_file",
    "import_snapshot_file",
    "refusal_text",
]


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

    def amount_reader(self, name: str, *, positive: bool = False) -> Callable[[str], Decimal]:
        """The parser of one amount column under this portfolio's rules, made once a file.

        Built per row, the closure alone was a tenth of a 100,000-row check.
        """
        comma = self.decimal_comma

        def read(value: str) -> Decimal:
            if positive:
                parsed = read_positive_amount(value, name, decimal_comma=comma)
            else:
                parsed = read_amount(value, name, decimal_comma=comma, allow_negative=True)
            return self.in_units(parsed, name)

        return read


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


def _check_life(
    findings: Findings, cells: Cells, name: str, day: date | None, rules: _Rules
) -> None:
    if day is None or rules.inception <= day <= rules.today:
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
    options: ImportOptions = AS_THE_PORTFOLIO_SAYS,
    progress: Progress | None = None,
) -> ImportCheck:
    """Every problem of a snapshot file (``snapshot_date,daily_pnl[,total_value]``, or a
    history export, or the user's columns mapped), found in one pass; writes nothing."""
    rules = _portfolio_rules(db, portfolio_ref, options, "snapshots")
    findings = Findings()
    table = read_cells("snapshots", data, options, findings)
    if table is None:
        return ImportCheck([], findings.errors, [], more_errors=findings.hidden)
    report = progress_reporter(progress, len(table))
    rows: list[SnapshotInput] = []
    carried: set[date] = set()
    seen: dict[date, int] = {}
    readers = {name: rules.amount_reader(name) for name in ("daily_pnl", "total_value")}
    for done, cells in enumerate(table, start=1):
        day = parsed_cell(findings, cells, "snapshot_date", _snapshot_date)
        if restored_text(cells.text("source")) == CARRY_FORWARD:
            if day is not None:
                carried.add(day)
            report(done)
            continue
        failures_before = findings.count
        row = _snapshot_row(findings, cells, day, readers)
        _check_life(findings, cells, "snapshot_date", day, rules)
        if day is not None:
            _check_repeat(findings, cells, day, seen)
        if row is not None and findings.count == failures_before:
            rows.append(row)
        report(done)
    _calendar_warnings(findings, rows, carried, rules.currency)
    return ImportCheck(
        rows,
        findings.by_row(),
        findings.warnings,
        skipped_carried=len(carried),
        more_errors=findings.hidden,
    )


def _snapshot_date(value: str) -> date:
    return parse_date(value, "snapshot_date")


def _snapshot_row(
    findings: Findings,
    cells: Cells,
    day: date | None,
    readers: dict[str, Callable[[str], Decimal]],
) -> SnapshotInput | None:
    pnl = parsed_cell(findings, cells, "daily_pnl", readers["daily_pnl"])
    total = None
    if cells.text("total_value"):
        total = parsed_cell(findings, cells, "total_value", readers["total_value"])
        if total is None:
            return None
    if day is None or pnl is None:
        return None
    return SnapshotInput(snapshot_date=day, daily_pnl=pnl, total_value=total, row=cells.number)


def _check_repeat(findings: Findings, cells: Cells, day: date, seen: dict[date, int]) -> None:
    if day in seen:
        column, value = cells.get("snapshot_date") or ("snapshot_date", "")
        findings.error(
            cells.number,
            column,
            value,
            f"{day} appears twice (rows {seen[day]} and {cells.number})",
        )
    else:
        seen[day] = cells.number


def _calendar_warnings(
    findings: Findings, rows: list[SnapshotInput], carried: set[date], currency: str
) -> None:
    """Rows on days the market is shut, and business days missing inside the file's span.

    A feed rarely has a row on a weekend or a market holiday, and has one on every other
    day; either may be right (a fund valued on Saturdays), so these are warnings.
    """
    present = {row.snapshot_date for row in rows} | carried
    if not rows:
        return
    first, last = min(present), max(present)
    calendar = market_calendar(currency, first, last)
    _off_day_warnings(findings, ((row.row, row.snapshot_date) for row in rows), calendar)
    missing = list(_missing_business_days(first, last, present, calendar))
    if missing:
        named = ", ".join(day.isoformat() for day in missing[:WARNINGS_NAMED])
        more = (
            f" and {len(missing) - WARNINGS_NAMED:,} more" if len(missing) > WARNINGS_NAMED else ""
        )
        days = (
            "Mon-Fri" if calendar.market is None else f"Mon-Fri, {calendar.market} holidays skipped"
        )
        findings.warnings.append(
            RowIssue(
                None,
                None,
                None,
                f"{len(missing):,} business day(s) ({days}) between the first and last day "
                f"have no row: {named}{more}",
            )
        )


def _off_day_warnings(
    findings: Findings, dated: Iterable[tuple[int, date]], calendar: MarketCalendar
) -> None:
    """Each row dated on a weekend or a market holiday, the holiday named.

    A few are named; the rest are counted, so a file of years of calendar days gives a
    handful of lines, not thousands (and only the named ones are worded: formatting a
    weekday name for each of 30,000 weekend rows was most of this function's time).
    """
    off = [(number, day) for number, day in dated if not calendar.is_business_day(day)]
    for number, day in off[:WARNINGS_NAMED]:
        findings.warnings.append(RowIssue(number, None, day.isoformat(), _closed(day, calendar)))
    rest = off[WARNINGS_NAMED:]
    weekend = sum(1 for _, day in rest if day.weekday() >= 5)
    counts = [(weekend, "weekend day(s)"), (len(rest) - weekend, "market holiday(s)")]
    if rest:
        said = " and ".join(f"{count:,} more {what}" for count, what in counts if count)
        findings.warnings.append(RowIssue(None, None, None, f"and {said}"))


def _closed(day: date, calendar: MarketCalendar) -> str:
    """Why the market is shut on ``day``: its weekday, or the holiday by name."""
    name = calendar.holiday(day)
    return f"{day} is a market holiday ({name})" if name else f"{day} is a {day:%A}"


def _missing_business_days(
    first: date, last: date, present: set[date], calendar: MarketCalendar
) -> Iterator[date]:
    day = first
    while day <= last:
        if day not in present and calendar.is_business_day(day):
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
    options: ImportOptions = AS_THE_PORTFOLIO_SAYS,
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
    options: ImportOptions = AS_THE_PORTFOLIO_SAYS,
    progress: Progress | None = None,
) -> ImportCheck:
    """Every problem of a flow file (``date,kind,amount[,notes]``, or a ledger export, or
    the user's columns mapped), found in one pass; voided flows are counted, not read."""
    rules = _portfolio_rules(db, portfolio_ref, options, "flows")
    findings = Findings()
    table = read_cells("flows", data, options, findings)
    if table is None:
        return ImportCheck([], findings.errors, [], more_errors=findings.hidden)
    report = progress_reporter(progress, len(table))
    rows: list[FlowRow] = []
    seen: dict[tuple, tuple[int, str]] = {}
    voided = 0
    money = rules.amount_reader("amount", positive=True)
    for done, cells in enumerate(table, start=1):
        report(done)
        if cells.text("voided_at"):
            voided += 1
            continue
        row = _flow_row(findings, cells, rules, money)
        if row is not None:
            _check_same_flow(findings, cells, row, seen)
            rows.append(row)
    if rows:
        days = [(row.row, row.flow_date) for row in rows]
        first, last = min(day for _, day in days), max(day for _, day in days)
        _off_day_warnings(findings, days, market_calendar(rules.currency, first, last))
    return ImportCheck(
        rows,
        findings.by_row(),
        findings.warnings,
        skipped_voided=voided,
        more_errors=findings.hidden,
    )


def _flow_row(
    findings: Findings, cells: Cells, rules: _Rules, read_money: Callable[[str], Decimal]
) -> FlowRow | None:
    """The row as a flow, or None when any of its cells failed (each failure recorded)."""
    failures_before = findings.count
    day = parsed_cell(findings, cells, "date", _flow_date)
    _check_life(findings, cells, "date", day, rules)
    kind = parsed_cell(findings, cells, "kind", _kind)
    money = parsed_cell(findings, cells, "amount", read_money)
    notes = parsed_cell(findings, cells, "notes", _notes)
    if findings.count > failures_before:
        return None
    return FlowRow(flow_date=day, kind=kind, amount=money, notes=notes, row=cells.number)


def _flow_date(value: str) -> date:
    return parse_date(value, "date")


def _notes(value: str) -> str | None:
    return check_text(restored_text(value), "notes")


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
    findings: Findings, cells: Cells, row: FlowRow, seen: dict[tuple, tuple[int, str]]
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
    options: ImportOptions = AS_THE_PORTFOLIO_SAYS,
    key_prefix: str | None = None,
) -> FlowImportResult:
    """Check the whole file, then record its live flows in one transaction: all or none."""
    check = check_flow_file(db, portfolio_ref, data, options)
    return import_checked_flows(db, portfolio_ref, check, key_prefix)
