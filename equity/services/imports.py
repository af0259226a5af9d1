"""CSV uploads of snapshots and cash flows: parse every row first, then one transaction."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from equity.domain.csv_rows import CsvLayout, parse_csv
from equity.domain.rules import FlowTerms, check_flow_kind, takes_capital_out
from equity.domain.validation import check_text, parse_date
from equity.errors import AccessDeniedError, ValidationError
from equity.money import parse_amount, parse_positive_amount, stated_money
from equity.services.access import open_portfolio, require_write
from equity.services.audit import record_audit
from equity.services.cash_flows import flow_terms, writable_portfolio
from equity.services.guards import guard_after_change
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.services.views import UpsertResult
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import CashFlow, Portfolio
from equity.storage.recompute import ensure_snapshot, recompute_from, refresh_day_flows

SNAPSHOT_LAYOUT = CsvLayout(required=("snapshot_date", "daily_pnl"), optional=("total_value",))
FLOW_LAYOUT = CsvLayout(required=("date", "kind", "amount"), optional=("notes",))


def parse_snapshot_csv(data: bytes | str) -> list[SnapshotInput]:
    """Rows of ``snapshot_date,daily_pnl[,total_value]``; every bad row is reported."""
    return parse_csv(data, SNAPSHOT_LAYOUT, _snapshot_row)


def _snapshot_row(number: int, record: dict[str, str]) -> SnapshotInput:
    total = record.get("total_value", "")
    return SnapshotInput(
        snapshot_date=parse_date(record["snapshot_date"], "snapshot_date"),
        daily_pnl=parse_amount(record["daily_pnl"], "daily_pnl", allow_negative=True),
        total_value=parse_amount(total, "total_value", allow_negative=True) if total else None,
        row=number,
    )


def import_snapshots_csv(
    db: Database, portfolio_ref: str | uuid.UUID, data: bytes | str
) -> UpsertResult:
    """Parse then upsert a whole file in one transaction: all rows or none.

    Rights are checked first, so a viewer hears "viewers cannot change it", not about
    row 7 of a file they may not import; ``upsert_snapshots`` checks them again in its
    own unit of work, which is the control.
    """
    with db.read() as session:
        require_write(session, db, open_portfolio(session, db, portfolio_ref))
    return upsert_snapshots(db, portfolio_ref, parse_snapshot_csv(data), "import")


@dataclass(frozen=True)
class FlowRow:
    flow_date: date
    kind: str
    amount: Decimal
    notes: str | None
    row: int | None = None


def parse_cash_flow_csv(data: bytes | str) -> list[FlowRow]:
    """Rows of ``date,kind,amount[,notes]``; kind is deposit or withdrawal."""
    return parse_csv(data, FLOW_LAYOUT, _flow_row)


def _flow_row(number: int, record: dict[str, str]) -> FlowRow:
    """One row's cells parsed; the portfolio's rules (amount, date) run at import."""
    return FlowRow(
        flow_date=parse_date(record["date"], "date"),
        kind=check_flow_kind(record["kind"]),
        amount=parse_positive_amount(record["amount"], "amount"),
        notes=check_text(record.get("notes"), "notes"),
        row=number,
    )


@dataclass(frozen=True)
class FlowImportResult:
    recorded: int
    first_date: date
    days_recomputed: int
    new_equity_balance: Decimal
    already_recorded: bool = False
    #: Voided flows of a ledger file: exported for the record, skipped on import.
    skipped_voided: int = 0


def file_key(data: bytes) -> str:
    """A short fingerprint of an uploaded file: the idempotency key prefix of its flows."""
    return "file-" + hashlib.sha256(data).hexdigest()[:32]


def _has_key(session: Session, portfolio_id: uuid.UUID, key: str) -> bool:
    query = select(CashFlow.id).where(
        CashFlow.portfolio_id == portfolio_id, CashFlow.idempotency_key == key
    )
    return session.execute(query).first() is not None


@retry_on_conflict
def import_cash_flows(
    db: Database,
    portfolio_ref: str | uuid.UUID,
    rows: list[FlowRow],
    key_prefix: str | None = None,
) -> FlowImportResult:
    """Record many flows in one transaction and roll equity forward once from the earliest.

    With ``key_prefix`` (see :func:`file_key`) each flow gets the idempotency key
    ``prefix:N``, so the same file imported again (a refresh, a second click) records
    nothing and answers ``already_recorded``.

    A four-eyes portfolio takes no file from a signed-in person: each flow waits for its
    own approval, so they are proposed one by one (or the operator imports with the CLI).
    """
    if not rows:
        raise ValidationError("file", "has no cash flows")
    with db.unit_of_work() as uow:
        session = uow.session
        portfolio = writable_portfolio(session, db, portfolio_ref)
        refuse_four_eyes_file(db, portfolio)
        keys = [f"{key_prefix}:{n}" for n in range(1, len(rows) + 1)] if key_prefix else None
        if keys and _has_key(session, portfolio.id, keys[0]):
            first = min(row.flow_date for row in rows)
            return FlowImportResult(0, first, 0, portfolio.equity_balance, already_recorded=True)
        created = db.clock.now()
        # One microsecond apart, in file order: the ledger lists flows of a day by the time
        # recorded, and the file's order (an exported ledger's order) is the order recorded.
        flows = [
            CashFlow(
                id=uuid.uuid4(),
                portfolio_id=portfolio.id,
                flow_date=terms.flow_date,
                kind=terms.kind,
                amount=terms.amount,
                notes=terms.notes,
                created_by=db.actor,
                created_at=created + timedelta(microseconds=index),
                idempotency_key=keys[index] if keys else None,
            )
            for index, terms in enumerate(_checked_rows(db, portfolio, rows))
        ]
        session.add_all(flows)
        for flow in flows:
            record_audit(
                session,
                db,
                portfolio.id,
                "flow.record",
                f"{flow.kind} of {stated_money(flow.amount, portfolio.currency)} (CSV import)",
                flow.flow_date,
                flow.id,
            )
        session.flush()
        for day in sorted({row.flow_date for row in rows}):
            ensure_snapshot(session, portfolio, day)
            refresh_day_flows(session, portfolio.id, day)
        first = min(row.flow_date for row in rows)
        recomputed = recompute_from(session, portfolio, first)
        guard_after_change(
            session,
            portfolio.id,
            first,
            field="amount",
            shown="these withdrawals",
            forbid_negative=any(takes_capital_out(row.kind) for row in rows),
            currency=portfolio.currency,
        )
        uow.commit()
        return FlowImportResult(len(rows), first, recomputed, portfolio.equity_balance)


def refuse_four_eyes_file(db: Database, portfolio: Portfolio) -> None:
    """A signed-in person's flow file is refused on a four-eyes portfolio (see above)."""
    if db.signed_in and portfolio.four_eyes:
        raise AccessDeniedError(
            f"{portfolio.name!r} requires a second person's approval for every flow: record "
            "them one by one for approval, or ask the operator to import the file with the "
            "command line"
        )


def _checked_rows(db: Database, portfolio: Portfolio, rows: list[FlowRow]) -> list[FlowTerms]:
    """Each row through the same flow rules as a form or the CLI; a failure names its row."""
    checked = []
    for number, row in enumerate(rows, start=1):
        try:
            checked.append(
                flow_terms(db, portfolio, row.flow_date, row.kind, row.amount, row.notes)
            )
        except ValidationError as error:
            raise ValidationError(error.field, error.message, row=row.row or number) from None
    return checked
