"""FX rates: imported from CSV like benchmark closes, read by the firm view.

A row ``date,currency,rate`` says one unit of ``currency`` was worth ``rate`` units of the
firm's base currency on ``date``. Each rate is stored with that base: after the base
changes, rates quoted in the old one are not used (the total says which are missing).
Rates are exact Decimals (10 places). The whole file is checked before anything is
written, and a file with any bad row writes nothing: the database is then exactly as it
was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from equity.domain.column_mapping import read_mapped_records
from equity.domain.csv_rows import CsvLayout, RowProblems, parse_csv, parse_records, plain_number
from equity.domain.import_findings import Findings, ImportCheck, parsed_cell, read_cells
from equity.domain.number_format import plain_decimal_text
from equity.domain.validation import check_currency, parse_date
from equity.errors import ValidationError
from equity.money import shown_value
from equity.services.access import require_admin
from equity.services.audit import record_audit, with_replaced
from equity.services.settings import base_currency_in
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import FX_RATE_PLACES, FxRate

if TYPE_CHECKING:
    from equity.domain.import_findings import ImportOptions

FX_LAYOUT = CsvLayout(required=("date", "currency", "rate"))
#: The largest rate accepted: one unit of any currency is worth far less than 10^9 of another.
MAX_RATE = Decimal("999999999")
RATE_QUANTUM = Decimal(1).scaleb(-FX_RATE_PLACES)
#: The base currency converts to itself at exactly this.
ONE = Decimal(1)


@dataclass(frozen=True)
class FxRateRow:
    """One parsed row, with its number as a spreadsheet shows it (header is row 1)."""

    row: int
    rate_date: date
    currency: str
    rate: Decimal


@dataclass(frozen=True)
class FxImport:
    """What an import did: rates written, how many of them replaced stored ones."""

    base_currency: str
    rates: int
    replaced: int
    currencies: tuple[str, ...]
    first_date: date
    last_date: date


def parse_rate(text: str, decimal_comma: bool = False) -> Decimal:
    """A positive, finite rate with at most 10 decimal places, never rounded silently."""
    if not text:
        raise ValidationError("rate", "is empty; give a number such as 1.0850")
    stated = plain_decimal_text(text, decimal_comma=True, field="rate") if decimal_comma else text
    cleaned = plain_number(stated)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError("rate", f"{shown_value(text)} is not a number") from None
    if not value.is_finite() or "e" in cleaned.lower():
        raise ValidationError("rate", f"{shown_value(text)} is not a plain finite number")
    if value <= 0:
        raise ValidationError("rate", f"{shown_value(text)} must be greater than zero")
    if value > MAX_RATE:
        raise ValidationError("rate", f"{shown_value(text)} is beyond the largest rate, {MAX_RATE}")
    if value != value.quantize(RATE_QUANTUM):
        raise ValidationError(
            "rate", f"{shown_value(text)} has more than {FX_RATE_PLACES} decimal places"
        )
    return value


def parse_fx_csv(data: bytes | str, options: ImportOptions | None = None) -> list[FxRateRow]:
    """Rows of ``date,currency,rate``; every bad row is reported with its number.

    ``options`` as for the other imports: a column mapping and a decimal comma.
    """
    comma = bool(options and options.decimal_comma)

    def parse_one(number: int, record: dict[str, str]) -> FxRateRow:
        return FxRateRow(
            number,
            parse_date(record["date"], "date"),
            check_currency(record["currency"]),
            parse_rate(record["rate"], comma),
        )

    if options is not None and options.mapping:
        rows = parse_records(read_mapped_records("fx", data, options.mapping), parse_one)
    else:
        rows = parse_csv(data, FX_LAYOUT, parse_one)
    _refuse_repeats(rows)
    return rows


def _refuse_repeats(rows: list[FxRateRow]) -> None:
    """One rate per currency and date: a file giving two would leave the choice to chance."""
    problems = RowProblems()
    seen: dict[tuple[str, date], int] = {}
    for row in rows:
        key = (row.currency, row.rate_date)
        if key in seen:
            problems.add(
                "date",
                f"{row.currency} on {row.rate_date} appears twice (rows {seen[key]} and {row.row})",
                row.row,
            )
        else:
            seen[key] = row.row
    problems.raise_if_any()


def _refuse_base_other_than_one(rows: Iterable[FxRateRow], base: str) -> None:
    """The base currency is worth exactly 1 of itself; any other rate for it is a mistake."""
    problems = RowProblems()
    for row in rows:
        if row.currency == base and row.rate != ONE:
            problems.add(
                "rate",
                f"{row.currency} is the base currency, so its rate must be 1, not {row.rate}",
                row.row,
            )
    problems.raise_if_any()


def check_fx_file(db: Database, data: bytes | str, options: ImportOptions) -> ImportCheck:
    """Every problem of a rates file at once (row, the user's column, value); writes nothing.

    Admins only, as the import: anyone else hears that first, not about row 7. The rules
    are the import's (a rate per currency and date, the base currency at exactly 1), so a
    file this check passes is one :func:`import_fx_rates` takes.
    """
    with db.read() as session:
        require_admin(session, db, "import FX rates")
        base = base_currency_in(session)
    findings = Findings()
    cells = read_cells("fx", data, options, findings) or []
    comma = bool(options.decimal_comma)
    seen: dict[tuple[str, date], int] = {}
    rows: list[FxRateRow] = []
    for cell in cells:
        day = parsed_cell(findings, cell, "date", lambda text: parse_date(text, "date"))
        currency = parsed_cell(findings, cell, "currency", check_currency)
        rate = parsed_cell(findings, cell, "rate", lambda text: parse_rate(text, comma))
        if day is None or currency is None or rate is None:
            continue
        row = FxRateRow(cell.number, day, currency, rate)
        _check_row_against(findings, cell.get("date"), cell.get("rate"), row, seen, base)
        rows.append(row)
    errors = findings.by_row()
    return ImportCheck(
        rows=[] if errors else rows, errors=errors, warnings=[], more_errors=findings.hidden
    )


def _check_row_against(
    findings: Findings,
    date_cell: tuple[str, str] | None,
    rate_cell: tuple[str, str] | None,
    row: FxRateRow,
    seen: dict[tuple[str, date], int],
    base: str,
) -> None:
    """The cross-row rules of the import, said at the cell that breaks them."""
    key = (row.currency, row.rate_date)
    if key in seen:
        column, value = date_cell or ("date", "")
        message = (
            f"{row.currency} on {row.rate_date} appears twice (rows {seen[key]} and {row.row})"
        )
        findings.error(row.row, column, value, message)
    else:
        seen[key] = row.row
    if row.currency == base and row.rate != ONE:
        column, value = rate_cell or ("rate", "")
        message = f"{row.currency} is the base currency, so its rate must be 1, not {row.rate}"
        findings.error(row.row, column, value, message)


def rates_replaced(db: Database, rows: list[FxRateRow]) -> list[dict[str, str]]:
    """The stored rates (in today's base) a checked file would overwrite: the preview's list.

    The same read the import makes for its audit entry, so the page says what the entry
    will keep.
    """
    if not rows:
        return []
    with db.read() as session:
        return _stored_rates(session, base_currency_in(session), rows)


@retry_on_conflict
def import_fx_rates(
    db: Database, data: bytes | str, options: ImportOptions | None = None
) -> FxImport:
    """Check the whole file, then upsert every rate in one transaction (admins only).

    A (currency, date) already stored is replaced; the audit entry keeps the rates it
    overwrote, so a wrong file can be undone by hand.
    """
    rows = parse_fx_csv(data, options)
    with db.unit_of_work() as uow:
        session = uow.session
        require_admin(session, db, "import FX rates")
        base = base_currency_in(session)
        _refuse_base_other_than_one(rows, base)
        replaced = _stored_rates(session, base, rows)
        _upsert(session, db, base, rows)
        summary = _summary(base, rows, replaced)
        record_audit(
            session,
            db,
            None,
            "fx.import",
            with_replaced(_audit_sentence(summary), replaced),
            effective_date=summary.first_date,
        )
        uow.commit()
    return summary


def _stored_rates(session: Session, base: str, rows: list[FxRateRow]) -> list[dict[str, str]]:
    """The stored rates the file will overwrite, as the audit trail keeps them."""
    keys = {(row.currency, row.rate_date) for row in rows}
    dates = [row.rate_date for row in rows]
    stored = session.execute(
        select(FxRate.currency, FxRate.rate_date, FxRate.rate)
        .where(
            FxRate.base_currency == base,
            FxRate.currency.in_({currency for currency, _ in keys}),
            FxRate.rate_date.between(min(dates), max(dates)),
        )
        .order_by(FxRate.rate_date, FxRate.currency)
    ).all()
    return [
        {"date": day.isoformat(), "currency": currency, "rate": rate_text(rate)}
        for currency, day, rate in stored
        if (currency, day) in keys
    ]


def _upsert(session: Session, db: Database, base: str, rows: list[FxRateRow]) -> None:
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = insert(FxRate)
    statement = statement.on_conflict_do_update(
        index_elements=[FxRate.base_currency, FxRate.currency, FxRate.rate_date],
        set_={
            "rate": statement.excluded.rate,
            "imported_at": statement.excluded.imported_at,
            "imported_by": statement.excluded.imported_by,
        },
    )
    now = db.clock.now()
    session.execute(
        statement,
        [
            {
                "base_currency": base,
                "currency": row.currency,
                "rate_date": row.rate_date,
                "rate": row.rate,
                "imported_at": now,
                "imported_by": db.actor,
            }
            for row in rows
        ],
    )


def _summary(base: str, rows: list[FxRateRow], replaced: list[dict[str, str]]) -> FxImport:
    dates = [row.rate_date for row in rows]
    return FxImport(
        base_currency=base,
        rates=len(rows),
        replaced=len(replaced),
        currencies=tuple(sorted({row.currency for row in rows})),
        first_date=min(dates),
        last_date=max(dates),
    )


def _audit_sentence(summary: FxImport) -> str:
    return (
        f"imported {summary.rates} FX rate(s) in {summary.base_currency} for "
        f"{', '.join(summary.currencies)} from {summary.first_date} to {summary.last_date}; "
        f"{summary.replaced} replaced"
    )


def import_sentence(summary: FxImport) -> str:
    """What the CLI (and a page) says after an import."""
    rates = "1 rate" if summary.rates == 1 else f"{summary.rates:,} rates"
    replaced = "1 replaced" if summary.replaced == 1 else f"{summary.replaced:,} replaced"
    return (
        f"imported {rates} in {summary.base_currency} for {', '.join(summary.currencies)} "
        f"from {summary.first_date} to {summary.last_date} ({replaced})"
    )


@dataclass(frozen=True)
class RateOn:
    """The rate a conversion used and the day it is from (None for the base currency)."""

    rate_date: date | None
    rate: Decimal


def latest_rates(session: Session, base: str, as_of: date) -> dict[str, RateOn]:
    """Each currency's latest rate in ``base`` on or before ``as_of``, in the caller's session.

    One query: the newest date per currency (the primary key's order), joined back.
    """
    newest = (
        select(FxRate.currency, func.max(FxRate.rate_date).label("rate_date"))
        .where(FxRate.base_currency == base, FxRate.rate_date <= as_of)
        .group_by(FxRate.currency)
        .subquery()
    )
    rows = session.execute(
        select(FxRate.currency, FxRate.rate_date, FxRate.rate)
        .join(
            newest,
            and_(FxRate.currency == newest.c.currency, FxRate.rate_date == newest.c.rate_date),
        )
        .where(FxRate.base_currency == base)
    ).all()
    return {currency: RateOn(day, rate) for currency, day, rate in rows}


def rate_text(rate: Decimal) -> str:
    """A rate as plain text without trailing zeros: ``1.1`` for 1.1000000000, ``1`` for one."""
    return format(rate.normalize(), "f")
