"""Benchmark price series: import from CSV (date, close), list, read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from equity.domain.column_mapping import read_mapped_records
from equity.domain.csv_rows import CsvLayout, parse_csv, parse_records, plain_number
from equity.domain.import_findings import Findings, ImportCheck, parsed_cell, read_cells
from equity.domain.number_format import plain_decimal_text
from equity.domain.validation import check_name, parse_date
from equity.errors import NotFoundError, ValidationError
from equity.services.access import require_admin
from equity.services.audit import record_audit
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import Benchmark, BenchmarkPrice

if TYPE_CHECKING:
    from equity.domain.import_findings import ImportOptions

PRICE_LAYOUT = CsvLayout(required=("date", "close"))
MAX_CLOSE = Decimal("99999999999999")


@dataclass(frozen=True)
class BenchmarkView:
    name: str
    first_date: date | None
    last_date: date | None
    prices: int


def _close(text: str, decimal_comma: bool = False) -> Decimal:
    plain = plain_decimal_text(text, decimal_comma=True, field="close") if decimal_comma else text
    try:
        value = Decimal(plain_number(plain))
    except ArithmeticError:
        raise ValidationError("close", f"{text!r} is not a number") from None
    if not value.is_finite() or value <= 0 or value > MAX_CLOSE:
        raise ValidationError("close", f"{text!r} must be a positive finite price")
    if value != value.quantize(Decimal("0.000001")):
        raise ValidationError("close", f"{text!r} has more than 6 decimal places")
    return value


def parse_benchmark_csv(
    data: bytes | str, options: ImportOptions | None = None
) -> list[tuple[date, Decimal]]:
    """Rows of ``date,close``; every bad row is reported with its number.

    ``options`` as for the other imports: a column mapping (known spellings such as
    ``Date``, ``Price`` are recognised with one) and a decimal comma (default: point).
    """
    comma = bool(options and options.decimal_comma)

    def parse_one(number: int, record: dict[str, str]) -> tuple[int, date, Decimal]:
        return number, parse_date(record["date"], "date"), _close(record["close"], comma)

    if options is not None and options.mapping:
        rows = parse_records(read_mapped_records("benchmark", data, options.mapping), parse_one)
    else:
        rows = parse_csv(data, PRICE_LAYOUT, parse_one)
    seen: dict[date, int] = {}
    for number, day, _ in rows:
        if day in seen:
            raise ValidationError(
                "date", f"{day} appears twice (rows {seen[day]} and {number})", number
            )
        seen[day] = number
    return [(day, close) for _, day, close in rows]


def check_benchmark_file(data: bytes | str, options: ImportOptions) -> ImportCheck:
    """Every problem of a closes file at once (row, the user's column, value); writes nothing.

    The Data page lists them all before its Import button, as it does for snapshots, so a
    file is fixed in one pass; the import itself still parses the file again and refuses
    it whole (:func:`parse_benchmark_csv`).
    """
    findings = Findings()
    cells = read_cells("benchmark", data, options, findings) or []
    comma = bool(options.decimal_comma)
    seen: dict[date, int] = {}
    rows: list[tuple[date, Decimal]] = []
    for row in cells:
        day = parsed_cell(findings, row, "date", lambda text: parse_date(text, "date"))
        close = parsed_cell(findings, row, "close", lambda text: _close(text, comma))
        if day is not None and day in seen:
            column, value = row.get("date") or ("date", "")
            findings.error(
                row.number,
                column,
                value,
                f"{day} appears twice (rows {seen[day]} and {row.number})",
            )
        elif day is not None:
            seen[day] = row.number
        if day is not None and close is not None:
            rows.append((day, close))
    errors = findings.by_row()
    return ImportCheck(
        rows=[] if errors else rows, errors=errors, warnings=[], more_errors=findings.hidden
    )


@retry_on_conflict
def import_benchmark_csv(
    db: Database, name: str, data: bytes | str, options: ImportOptions | None = None
) -> BenchmarkView:
    """Create the benchmark if new and upsert its closes, all in one transaction."""
    cleaned = check_name(name)
    rows = parse_benchmark_csv(data, options)
    with db.unit_of_work() as uow:
        session = uow.session
        require_admin(session, db, "import benchmarks")
        benchmark = session.execute(
            select(Benchmark).where(Benchmark.name == cleaned)
        ).scalar_one_or_none()
        if benchmark is None:
            benchmark = Benchmark(id=uuid.uuid4(), name=cleaned)
            session.add(benchmark)
            session.flush()
        insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
        statement = insert(BenchmarkPrice)
        statement = statement.on_conflict_do_update(
            index_elements=[BenchmarkPrice.benchmark_id, BenchmarkPrice.price_date],
            set_={"close": statement.excluded.close},
        )
        session.execute(
            statement,
            [{"benchmark_id": benchmark.id, "price_date": d, "close": c} for d, c in rows],
        )
        first, last = min(d for d, _ in rows), max(d for d, _ in rows)
        record_audit(
            session,
            db,
            None,
            "benchmark.import",
            f"benchmark {cleaned!r}: {len(rows)} close(s) from {first} to {last} added or replaced",
            effective_date=first,
        )
        uow.commit()
    return next(view for view in list_benchmarks(db) if view.name == cleaned)


def list_benchmarks(db: Database) -> list[BenchmarkView]:
    """Every benchmark with its date range, by name."""
    query = (
        select(
            Benchmark.name,
            func.min(BenchmarkPrice.price_date),
            func.max(BenchmarkPrice.price_date),
            func.count(BenchmarkPrice.price_date),
        )
        .outerjoin(BenchmarkPrice, BenchmarkPrice.benchmark_id == Benchmark.id)
        .group_by(Benchmark.name)
        .order_by(Benchmark.name)
    )
    with db.read() as session:
        return [BenchmarkView(*row) for row in session.execute(query).all()]


def benchmark_closes(db: Database, name: str) -> pd.Series:
    """Date-indexed closes (float: prices feed ratios, not money)."""
    with db.read() as session:
        benchmark = session.execute(select(Benchmark).where(Benchmark.name == name)).scalar()
        if benchmark is None:
            raise NotFoundError(f"benchmark: no benchmark named {name!r}")
        rows = session.execute(
            select(BenchmarkPrice.price_date, BenchmarkPrice.close)
            .where(BenchmarkPrice.benchmark_id == benchmark.id)
            .order_by(BenchmarkPrice.price_date)
        ).all()
    return pd.Series([float(c) for _, c in rows], index=[d for d, _ in rows], dtype=float)
