"""Use cases on daily snapshots: upsert one day or import many, all or nothing."""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    MetaData,
    Numeric,
    Table,
    delete,
    false,
    literal,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from equity.domain.rules import check_day_amount
from equity.domain.validation import check_in_life
from equity.errors import PortfolioArchivedError, ValidationError
from equity.money import ZERO, fmt2, stated_money
from equity.services.access import open_portfolio, require_write
from equity.services.audit import record_audit, with_replaced
from equity.services.guards import guard_after_change
from equity.services.views import UpsertResult
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import (
    CARRY_FORWARD,
    EXPOSURE_FIELDS,
    SNAPSHOT_SOURCES,
    Portfolio,
    PortfolioSnapshot,
)
from equity.storage.recompute import (
    ensure_snapshot,
    recompute_from,
    refresh_carried_market_values,
    refresh_day_flows,
)
from equity.storage.types import Money

S = PortfolioSnapshot


@dataclass(frozen=True)
class SnapshotInput:
    """One day as the batch, an import or a person reports it.

    ``total_value`` None means "unchanged": carried from the nearest earlier snapshot.
    """

    snapshot_date: date
    daily_pnl: Decimal
    total_value: Decimal | None = None
    long_value: Decimal | None = None
    short_value: Decimal | None = None
    gross_exposure: Decimal | None = None
    net_exposure: Decimal | None = None
    #: Where the day came from in an upload (spreadsheet row number), for error messages.
    row: int | None = None


@dataclass(frozen=True)
class ReplacedDay:
    """A stored day an import would overwrite: old and new figures, so the page can show them."""

    snapshot_date: date
    old_daily_pnl: Decimal
    new_daily_pnl: Decimal
    old_total_value: Decimal
    new_total_value: Decimal
    old_source: str


def preview_replaced_days(
    db: Database, portfolio_ref: str | uuid.UUID, days: Sequence[SnapshotInput]
) -> list[ReplacedDay]:
    """The stored days that upserting ``days`` would replace, in date order; writes nothing.

    For the upload page to show old -> new before anything is overwritten. A carry-forward
    day the import fills is listed too (its ``old_source`` says so), and the new total
    value is the one the import will store, an omitted one carried as the import carries
    it. Bad rows raise the ValidationError the import would raise.
    """
    if not days:
        return []
    with db.read() as session:
        portfolio = open_portfolio(session, db, portfolio_ref)
        rows = _validated_rows(portfolio, days, db.clock.today())
        rows = _fill_total_values(session, portfolio.id, rows)
        return _replaced_days(session, portfolio.id, rows)


def _replaced_days(
    session: Session, portfolio_id: uuid.UUID, rows: list[SnapshotInput]
) -> list[ReplacedDay]:
    """The stored days among ``rows`` (sorted, totals filled), old figures beside the new."""
    incoming = {row.snapshot_date: row for row in rows}
    stored = session.execute(
        select(S.snapshot_date, S.daily_pnl, S.total_value, S.source)
        .where(
            S.portfolio_id == portfolio_id,
            S.snapshot_date.between(rows[0].snapshot_date, rows[-1].snapshot_date),
        )
        .order_by(S.snapshot_date)
    ).all()
    return [
        ReplacedDay(
            snapshot_date=day,
            old_daily_pnl=pnl,
            new_daily_pnl=incoming[day].daily_pnl,
            old_total_value=total,
            new_total_value=incoming[day].total_value,
            old_source=source,
        )
        for day, pnl, total, source in stored
        if day in incoming
    ]


def _audited(day: ReplacedDay) -> dict[str, str]:
    """One replaced day as the audit keeps it: enough to put the old figures back."""
    return {
        "date": day.snapshot_date.isoformat(),
        "old_daily_pnl": fmt2(day.old_daily_pnl),
        "old_total_value": fmt2(day.old_total_value),
        "old_source": day.old_source,
        "new_daily_pnl": fmt2(day.new_daily_pnl),
        "new_total_value": fmt2(day.new_total_value),
    }


@retry_on_conflict
def upsert_snapshots(
    db: Database,
    portfolio_ref: str | uuid.UUID,
    days: Sequence[SnapshotInput],
    source: str = "manual",
) -> UpsertResult:
    """Insert or replace many days in one transaction, then roll equity forward once.

    A day that already has a snapshot (a carry-forward one included) gets the new market
    fields and P&L and keeps its flows. Any bad row rejects the whole batch.
    """
    if source not in SNAPSHOT_SOURCES or source == CARRY_FORWARD:
        raise ValidationError("source", f"{source!r} is not one of batch, import, manual")
    if not days:
        raise ValidationError("snapshots", "there are no rows to record")
    with db.unit_of_work() as uow:
        session = uow.session
        portfolio = open_portfolio(session, db, portfolio_ref, lock=True)
        require_write(session, db, portfolio)
        rows = _validated_rows(portfolio, days, db.clock.today())
        carried = {row.snapshot_date for row in rows if row.total_value is None}
        rows = _fill_total_values(session, portfolio.id, rows)
        replaced = _replaced_days(session, portfolio.id, rows)
        _upsert(session, portfolio.id, rows, source, carried)
        first = rows[0].snapshot_date
        recomputed = _roll_from(session, portfolio, first, "daily_pnl", "these snapshots")
        updated = len(replaced)
        span = f"{first}" if len(rows) == 1 else f"{first} to {rows[-1].snapshot_date}"
        record_audit(
            session,
            db,
            portfolio.id,
            f"snapshot.{source}",
            with_replaced(
                f"{len(rows) - updated} new, {updated} replaced day(s): {span}",
                [_audited(day) for day in replaced],
            ),
            first,
        )
        uow.commit()
        return UpsertResult(
            inserted=len(rows) - updated,
            updated=updated,
            first_date=first,
            days_recomputed=recomputed,
            new_equity_balance=portfolio.equity_balance,
        )


def _roll_from(session: Session, portfolio: Portfolio, first: date, field: str, shown: str) -> int:
    """After days changed from ``first``: re-copy carried values, roll equity, guard bounds.

    A snapshot is a P&L fact, so only the beyond-NUMERIC part of the guard applies (DESIGN.md:
    P&L is never rejected for making equity negative). Returns the days recomputed.
    """
    refresh_carried_market_values(session, portfolio.id, first)
    recomputed = recompute_from(session, portfolio, first)
    guard_after_change(
        session,
        portfolio.id,
        first,
        field=field,
        shown=shown,
        forbid_negative=False,
        currency=portfolio.currency,
    )
    return recomputed


def _validated_rows(
    portfolio: Portfolio, days: Sequence[SnapshotInput], now: date
) -> list[SnapshotInput]:
    seen: dict[date, int] = {}
    for index, day in enumerate(days, start=1):
        number = day.row or index
        where = number if day.row or len(days) > 1 else None
        try:
            check_in_life(day.snapshot_date, portfolio.inception_date, now, "snapshot_date")
            check_day_amount(day.daily_pnl, portfolio.currency, "daily_pnl")
            for name in (
                "total_value",
                "long_value",
                "short_value",
                "gross_exposure",
                "net_exposure",
            ):
                value = getattr(day, name)
                if value is not None:
                    check_day_amount(value, portfolio.currency, name)
        except ValidationError as error:
            raise ValidationError(error.field, error.message, row=where) from None
        if day.snapshot_date in seen:
            raise ValidationError(
                "snapshot_date",
                f"{day.snapshot_date} appears twice (rows {seen[day.snapshot_date]} and {number})",
                row=where,
            )
        seen[day.snapshot_date] = number
    return sorted(days, key=lambda d: d.snapshot_date)


def _fill_total_values(
    session: Session, portfolio_id: uuid.UUID, rows: list[SnapshotInput]
) -> list[SnapshotInput]:
    """Give each omitted total value the nearest earlier given one, in the batch or stored.

    Only anchors count: days whose total was given. Carry-forward rows and days whose
    total was omitted hold copies, refreshed only after this batch
    (``refresh_carried_market_values``), so a batch that brings an earlier day of its own
    would otherwise carry a stale copy. Taking anchors only gives what the same days added
    one by one, in any order, give.
    """
    if all(row.total_value is not None for row in rows):
        return rows
    stored = session.execute(
        select(S.snapshot_date, S.total_value)
        .where(
            S.portfolio_id == portfolio_id,
            S.snapshot_date <= rows[-1].snapshot_date,
            S.source != CARRY_FORWARD,
            S.total_value_carried.is_(false()),
        )
        .order_by(S.snapshot_date)
    ).all()
    batch_dates = {row.snapshot_date for row in rows}
    timeline: list[tuple[date, Decimal | SnapshotInput]] = [
        (day, value) for day, value in stored if day not in batch_dates
    ]
    timeline += [(row.snapshot_date, row) for row in rows]
    timeline.sort(key=lambda item: item[0])
    last_value, filled = ZERO, []
    for _day, item in timeline:
        if not isinstance(item, SnapshotInput):
            last_value = item
        elif item.total_value is None:
            filled.append(replace(item, total_value=last_value))
        else:
            filled.append(item)
            last_value = item.total_value
    return filled


def _upsert(
    session: Session,
    portfolio_id: uuid.UUID,
    rows: list[SnapshotInput],
    source: str,
    carried: set[date],
) -> None:
    """INSERT ... ON CONFLICT (portfolio, date) DO UPDATE: market fields and P&L only.

    ``carried`` holds the dates whose total value was omitted: their rows are marked, so
    later writes refresh the copy instead of taking it as a given value.

    On PostgreSQL a large batch is COPY'd into a temporary table first and upserted from
    there in one statement: psycopg2's executemany would cost one round trip per row.
    """
    on_postgres = session.bind.dialect.name == "postgresql"
    statement = (postgresql.insert if on_postgres else sqlite.insert)(S)
    if on_postgres and len(rows) >= COPY_THRESHOLD:
        upload = _copy_to_upload(session, rows, carried)
        statement = statement.from_select(
            [*UPLOAD_COLUMNS, "portfolio_id", "source", *ROLLED_COLUMNS],
            select(
                *(upload.c[name] for name in UPLOAD_COLUMNS),
                literal(portfolio_id, S.portfolio_id.type),
                literal(source, S.source.type),
                *(literal(ZERO, Money()) for _ in ROLLED_COLUMNS),
            ),
        )
        parameters = None
    else:
        parameters = [_row_values(portfolio_id, row, source, carried) for row in rows]
    statement = statement.on_conflict_do_update(
        index_elements=[S.portfolio_id, S.snapshot_date],
        set_={
            "total_value": statement.excluded.total_value,
            "daily_pnl": statement.excluded.daily_pnl,
            "long_value": statement.excluded.long_value,
            "short_value": statement.excluded.short_value,
            "gross_exposure": statement.excluded.gross_exposure,
            "net_exposure": statement.excluded.net_exposure,
            "source": statement.excluded.source,
            "total_value_carried": statement.excluded.total_value_carried,
        },
    )
    session.execute(statement, parameters)


#: From this many rows on, PostgreSQL upserts go through COPY (bench/ measures both).
COPY_THRESHOLD = 200
#: The amounts a batch brings for each day, in COPY order after the date.
UPLOAD_AMOUNTS = (
    "total_value",
    "daily_pnl",
    "long_value",
    "short_value",
    "gross_exposure",
    "net_exposure",
)
#: What a batch brings for each day, in COPY order; the rolled figures start at zero.
UPLOAD_COLUMNS = ("snapshot_date", *UPLOAD_AMOUNTS, "total_value_carried")
ROLLED_COLUMNS = ("cumulative_pnl", "equity_inflow", "equity_outflow", "equity_balance")
#: A fixed statement (the columns above, in order): no SQL is built from values.
COPY_UPLOAD = (
    "COPY snapshot_upload (snapshot_date, total_value, daily_pnl, long_value, short_value,"
    " gross_exposure, net_exposure, total_value_carried) FROM STDIN"
)


def _copy_to_upload(session: Session, rows: list[SnapshotInput], carried: set[date]) -> Table:
    """The batch in a temporary table (dropped at commit), loaded with one COPY."""
    upload = Table(
        "snapshot_upload",
        MetaData(),
        Column("snapshot_date", Date, nullable=False),
        *(Column(name, Numeric(16, 2)) for name in UPLOAD_AMOUNTS),
        Column("total_value_carried", Boolean, nullable=False),
        prefixes=["TEMPORARY"],
        postgresql_on_commit="DROP",
    )
    connection = session.connection()
    upload.drop(connection, checkfirst=True)
    upload.create(connection)
    text = io.StringIO()
    for row in rows:
        amounts = (getattr(row, name) for name in UPLOAD_AMOUNTS)
        text.write(
            "\t".join(
                [row.snapshot_date.isoformat()]
                + [r"\N" if amount is None else f"{amount:.2f}" for amount in amounts]
                + ["t" if row.snapshot_date in carried else "f"]
            )
            + "\n"
        )
    text.seek(0)
    with connection.connection.dbapi_connection.cursor() as cursor:
        cursor.copy_expert(COPY_UPLOAD, text)
    return upload


def _row_values(
    portfolio_id: uuid.UUID, row: SnapshotInput, source: str, carried: set[date]
) -> dict[str, object]:
    return {
        "portfolio_id": portfolio_id,
        "snapshot_date": row.snapshot_date,
        "total_value": row.total_value,
        "daily_pnl": row.daily_pnl,
        "cumulative_pnl": ZERO,
        "equity_inflow": ZERO,
        "equity_outflow": ZERO,
        "equity_balance": ZERO,
        "source": source,
        "long_value": row.long_value,
        "short_value": row.short_value,
        "gross_exposure": row.gross_exposure,
        "net_exposure": row.net_exposure,
        "total_value_carried": row.snapshot_date in carried,
    }


@dataclass(frozen=True)
class SnapshotDeletePreview:
    """What deleting one day's snapshot would do, for the confirm step (nothing written).

    ``keeps_carry_forward``: the day holds live flows, so a carried-forward row (market
    figures of the day before, P&L 0) stays to hold them. ``refusal`` says why the delete
    would be refused (the after figures then equal the before ones).
    """

    snapshot_date: date
    old_daily_pnl: Decimal
    old_total_value: Decimal
    old_source: str
    keeps_carry_forward: bool
    days_recomputed: int
    current_equity_before: Decimal
    current_equity_after: Decimal
    refusal: str | None = None


def preview_snapshot_delete(
    db: Database, portfolio_ref: str | uuid.UUID, day: date
) -> SnapshotDeletePreview:
    """The delete run in a transaction that is rolled back: the same code, the same checks.

    A day without a snapshot (or an unknown portfolio, or one not open to the actor)
    raises as the delete would; a delete the guards or an archive would refuse comes back
    with ``refusal`` set, so the page can show it instead of a Delete button.
    """
    with db.unit_of_work() as uow:  # never committed
        session = uow.session
        portfolio = open_portfolio(session, db, portfolio_ref, lock=True)
        row = _stored_day(session, portfolio, day)
        before = portfolio.equity_balance
        shown = SnapshotDeletePreview(
            snapshot_date=day,
            old_daily_pnl=row.daily_pnl,
            old_total_value=row.total_value,
            old_source=row.source,
            keeps_carry_forward=bool(row.equity_inflow or row.equity_outflow),
            days_recomputed=0,
            current_equity_before=before,
            current_equity_after=before,
        )
        try:
            require_write(session, db, portfolio)
            recomputed = _delete_day(session, portfolio, row)
        except (ValidationError, PortfolioArchivedError) as refused:
            return replace(shown, refusal=str(refused))
        return replace(
            shown, days_recomputed=recomputed, current_equity_after=portfolio.equity_balance
        )


@retry_on_conflict
def delete_snapshot(db: Database, portfolio_ref: str | uuid.UUID, day: date) -> UpsertResult:
    """Remove one day's snapshot, its deleted figures kept in the audit; recompute forward.

    A day that holds live flows keeps a carried-forward row for them (market figures of
    the nearest earlier day, P&L 0), as a flow on a day without a snapshot gets one.
    Deleting a day removes a P&L fact, and by DESIGN.md's rule P&L is never rejected for
    making equity negative: so only the beyond-NUMERIC(16,2) part of the equity guard
    runs (removing a large loss can push later figures past it).
    """
    with db.unit_of_work() as uow:
        session = uow.session
        portfolio = open_portfolio(session, db, portfolio_ref, lock=True)
        require_write(session, db, portfolio)
        row = _stored_day(session, portfolio, day)
        old = {
            "date": day.isoformat(),
            "old_daily_pnl": fmt2(row.daily_pnl),
            "old_total_value": fmt2(row.total_value),
            "old_source": row.source,
        }
        for name in EXPOSURE_FIELDS:
            value = getattr(row, name)
            if value is not None:
                old[f"old_{name}"] = fmt2(value)
        kept = bool(row.equity_inflow or row.equity_outflow)
        pnl = stated_money(row.daily_pnl, portfolio.currency)
        recomputed = _delete_day(session, portfolio, row)
        record_audit(
            session,
            db,
            portfolio.id,
            "snapshot.delete",
            with_replaced(
                f"removed {day} (P&L {pnl})"
                + ("; a carried-forward row keeps its flows" if kept else ""),
                [old],
            ),
            day,
        )
        uow.commit()
        return UpsertResult(0, 0, day, recomputed, portfolio.equity_balance)


def _stored_day(session: Session, portfolio: Portfolio, day: date) -> PortfolioSnapshot:
    row = session.execute(
        select(S).where(S.portfolio_id == portfolio.id, S.snapshot_date == day)
    ).scalar_one_or_none()
    if row is None:
        raise ValidationError("snapshot_date", f"{day} has no snapshot")
    return row


def _delete_day(session: Session, portfolio: Portfolio, row: PortfolioSnapshot) -> int:
    """Delete ``row``; a day with live flows gets a carried-forward row; roll forward.

    A carried-forward row that holds flows is all there is to such a day: refused.
    Returns the days recomputed.
    """
    day = row.snapshot_date
    has_flows = bool(row.equity_inflow or row.equity_outflow)
    if has_flows and row.source == CARRY_FORWARD:
        raise ValidationError(
            "snapshot_date",
            f"{day} holds only a carried-forward row for its deposits or withdrawals: "
            "there is no snapshot to delete (void the flows to remove the day)",
        )
    session.execute(delete(S).where(S.id == row.id))
    if has_flows:
        ensure_snapshot(session, portfolio, day)
        refresh_day_flows(session, portfolio.id, day)
    return _roll_from(session, portfolio, day, "snapshot_date", f"removing {day}")
