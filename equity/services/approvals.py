"""Four-eyes: a flow recorded or voided in the app waits for a second person's approval.

On a portfolio with ``four_eyes`` on, a signed-in person proposes (:func:`propose_cash_flow`,
:func:`propose_void`); the proposal is validated exactly as the write would be (the same use
case run as a preview inside the unit of work) and stored as a :class:`PendingFlow`, which
changes no equity. A different manager or admin approves it (:func:`approve_pending`: the
flow is applied and equity recomputed forward in the same transaction that marks it
approved) or rejects it with a reason (:func:`reject_pending`); the maker may withdraw their
own. The operator's channels (the CLI, local mode) record directly, but approving still
needs a person other than the maker.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from equity.domain.validation import check_text
from equity.errors import AccessDeniedError, NotFoundError, ValidationError
from equity.money import stated_money
from equity.services.access import open_portfolio, require_write
from equity.services.audit import record_audit
from equity.services.cash_flows import (
    FlowRequest,
    apply_flow,
    apply_void,
    flow_terms,
    void_reason,
    writable_flow,
    writable_portfolio,
)
from equity.services.views import FlowImpact, PendingView
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import CashFlow, PendingFlow, Portfolio

PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"


def needs_approval(db: Database, portfolio: str | uuid.UUID) -> bool:
    """True when ``db``'s actor is signed in and the portfolio has four-eyes on.

    The app then proposes instead of recording; the operator never needs to.
    """
    if not db.signed_in:
        return False
    with db.read() as session:
        return bool(open_portfolio(session, db, portfolio).four_eyes)


# --- proposing -------------------------------------------------------------------------


@retry_on_conflict
def propose_cash_flow(db: Database, request: FlowRequest) -> PendingView:
    """Propose a flow for approval: validated like :func:`record_cash_flow`, equity untouched.

    The same idempotency key with the same request answers the first proposal (a double
    click); with a different request it is refused, as ``record_cash_flow`` does.
    """
    try:
        return _propose_flow_unit(db, request)
    except IntegrityError:
        # Lost a race on the idempotency key to a concurrent proposal: answer as a repeat.
        return _propose_flow_unit(db, request)


def _propose_flow_unit(db: Database, request: FlowRequest) -> PendingView:
    with db.unit_of_work() as uow:
        session = uow.session
        portfolio = writable_portfolio(session, db, request.portfolio)
        terms = flow_terms(
            db, portfolio, request.flow_date, request.kind, request.amount, request.notes
        )
        key = check_text(request.idempotency_key, "idempotency_key", limit=200)
        row = PendingFlow(
            id=uuid.uuid4(),
            portfolio_id=portfolio.id,
            action="record",
            flow_date=terms.flow_date,
            kind=terms.kind,
            amount=terms.amount,
            notes=terms.notes,
            idempotency_key=key,
        )
        repeat = _repeated(session, row)
        if repeat is not None:
            return _view(repeat, portfolio)
        unkeyed = FlowRequest(portfolio.id, terms.flow_date, terms.kind, terms.amount, terms.notes)
        _validated_by_preview(session, lambda: apply_flow(session, db, unkeyed, preview=True))
        shown = f"{row.kind} of {stated_money(row.amount, portfolio.currency)}" + (
            f" ({row.notes})" if row.notes else ""
        )
        _store(session, db, row, portfolio, "flow.propose", f"proposed a {shown}")
        uow.commit()
        return _view(row, portfolio)


@retry_on_conflict
def propose_void(
    db: Database, flow_id: str | uuid.UUID, reason: str, *, idempotency_key: str | None = None
) -> PendingView:
    """Propose voiding a flow: the reason is required and the void is validated by a preview.

    Refused when the flow is unknown (or in a portfolio not open to the actor), already
    voided, or already has a void waiting for approval.
    """
    try:
        return _propose_void_unit(db, flow_id, reason, idempotency_key)
    except IntegrityError:
        return _propose_void_unit(db, flow_id, reason, idempotency_key)


def _propose_void_unit(
    db: Database, flow_id: str | uuid.UUID, reason: str, idempotency_key: str | None
) -> PendingView:
    why = void_reason(reason)
    with db.unit_of_work() as uow:
        session = uow.session
        flow, portfolio = writable_flow(session, db, flow_id)
        row = _void_row(flow, why, check_text(idempotency_key, "idempotency_key", limit=200))
        repeat = _repeated(session, row)
        if repeat is not None:
            return _view(repeat, portfolio)
        _refuse_second_void(session, flow)
        _validated_by_preview(session, lambda: apply_void(session, db, flow.id, why, preview=True))
        amount = stated_money(flow.amount, portfolio.currency)
        shown = f"voiding the {flow.kind} of {amount} on {flow.flow_date}: {why}"
        _store(session, db, row, portfolio, "flow.propose_void", f"proposed {shown}")
        uow.commit()
        return _view(row, portfolio)


def _void_row(flow: CashFlow, why: str, key: str | None) -> PendingFlow:
    return PendingFlow(
        id=uuid.uuid4(),
        portfolio_id=flow.portfolio_id,
        action="void",
        flow_date=flow.flow_date,
        kind=flow.kind,
        amount=flow.amount,
        notes=flow.notes,
        flow_id=flow.id,
        reason=why,
        idempotency_key=key,
    )


def _refuse_second_void(session: Session, flow: CashFlow) -> None:
    waiting = session.execute(
        select(PendingFlow.proposed_by).where(
            PendingFlow.flow_id == flow.id,
            PendingFlow.action == "void",
            PendingFlow.status == PENDING,
        )
    ).scalar()
    if waiting is not None:
        raise ValidationError(
            "flow", f"{flow.id} already has a void waiting for approval (proposed by {waiting})"
        )


def _validated_by_preview(session: Session, preview: Callable[[], FlowImpact]) -> None:
    """Run the write's own preview in a savepoint and undo it: its errors are the proposal's.

    The portfolio is locked before the savepoint, so undoing the preview keeps the lock.
    """
    savepoint = session.begin_nested()
    try:
        preview()
    finally:
        savepoint.rollback()


def _repeated(session: Session, row: PendingFlow) -> PendingFlow | None:
    """The proposal already stored under ``row``'s key, once it is the same request."""
    if row.idempotency_key is None:
        return None
    existing = session.execute(
        select(PendingFlow).where(
            PendingFlow.portfolio_id == row.portfolio_id,
            PendingFlow.idempotency_key == row.idempotency_key,
        )
    ).scalar_one_or_none()
    if existing is not None and _terms(existing) != _terms(row):
        raise ValidationError(
            "idempotency_key",
            f"{existing.idempotency_key!r} was already used for another proposal; "
            "this request differs, so nothing was proposed",
        )
    return existing


def _terms(row: PendingFlow) -> tuple[object, ...]:
    return row.action, row.flow_date, row.kind, row.amount, row.notes, row.flow_id, row.reason


def _store(
    session: Session,
    db: Database,
    row: PendingFlow,
    portfolio: Portfolio,
    action: str,
    details: str,
) -> None:
    """Add the proposal (by ``db.actor``, now) and its audit entry to the unit of work."""
    row.proposed_by = db.actor
    row.proposed_at = db.clock.now()
    row.status = PENDING
    session.add(row)
    record_audit(session, db, portfolio.id, action, details, row.flow_date, row.flow_id)


# --- reading ---------------------------------------------------------------------------


def list_pending(db: Database, portfolio: str | uuid.UUID) -> list[PendingView]:
    """The proposals of a portfolio that wait for a decision, oldest first."""
    with db.read() as session:
        found = open_portfolio(session, db, portfolio)
        rows = session.execute(
            select(PendingFlow)
            .where(PendingFlow.portfolio_id == found.id, PendingFlow.status == PENDING)
            .order_by(PendingFlow.proposed_at, PendingFlow.id)
        ).scalars()
        return [_view(row, found) for row in rows]


def count_pending(db: Database, portfolio: str | uuid.UUID) -> int:
    """How many proposals of a portfolio wait for a decision (the dashboard's count)."""
    with db.read() as session:
        found = open_portfolio(session, db, portfolio)
        return session.execute(
            select(func.count())
            .select_from(PendingFlow)
            .where(PendingFlow.portfolio_id == found.id, PendingFlow.status == PENDING)
        ).scalar_one()


def pending_impact(db: Database, pending_id: str | uuid.UUID) -> FlowImpact:
    """What approving the proposal now would do: the write's preview, nothing kept.

    A read: anyone the portfolio is open to sees it (a viewer too), so the preview runs
    with the operator's rights after the read check; its unit of work is never committed.
    """
    with db.unit_of_work() as uow:
        row, _portfolio = _pending_row(uow.session, db, pending_id, lock=False)
        _check_undecided(row)
        return _apply(uow.session, db.acting_as(db.actor), row, preview=True)


# --- deciding --------------------------------------------------------------------------


@retry_on_conflict
def approve_pending(db: Database, pending_id: str | uuid.UUID) -> FlowImpact:
    """Apply a proposal by a person other than its maker, in one transaction.

    The flow is recorded (or voided) exactly as the direct write would do it, with the
    maker as its author and the checker as the audit entry's actor; the proposal is marked
    approved in the same transaction. Refused, with nothing changed, when it was already
    decided, when the actor is the maker, when the actor may not write the portfolio, or
    when applying it now fails (e.g. equity would go negative).
    """
    with db.unit_of_work() as uow:
        session = uow.session
        row, portfolio = _pending_row(session, db, pending_id, lock=True)
        require_write(session, db, portfolio)
        _check_undecided(row)
        if _same_person(db.actor, row.proposed_by):
            raise ValidationError(
                "approval", "you proposed this; a different person must approve it"
            )
        impact = _apply(session, db, row, preview=False)
        _decide(row, db, APPROVED)
        row.flow_id = impact.flow_id
        uow.commit()
        return impact


@retry_on_conflict
def reject_pending(db: Database, pending_id: str | uuid.UUID, reason: str) -> PendingView:
    """Reject a proposal with a reason (the maker's own rejection withdraws it).

    Equity and the ledger are untouched; the row stays, with who decided, when and why.
    """
    why = check_text(reason, "reason", limit=500)
    if not why:
        raise ValidationError("reason", "is required: say why the proposal is rejected")
    with db.unit_of_work() as uow:
        session = uow.session
        row, portfolio = _pending_row(session, db, pending_id, lock=True)
        require_write(session, db, portfolio)
        _check_undecided(row)
        withdrawn = _same_person(db.actor, row.proposed_by)
        _decide(row, db, REJECTED, note=why)
        verb = "withdrew" if withdrawn else f"rejected {row.proposed_by}'s"
        record_audit(
            session,
            db,
            portfolio.id,
            "flow.withdraw_proposal" if withdrawn else "flow.reject",
            f"{verb} proposal ({_described(row, portfolio.currency)}): {why}",
            row.flow_date,
            row.flow_id,
        )
        uow.commit()
        return _view(row, portfolio)


def _pending_row(
    session: Session, db: Database, pending_id: str | uuid.UUID, *, lock: bool
) -> tuple[PendingFlow, Portfolio]:
    """The proposal and its portfolio; one outside the actor's grant reads as unknown.

    With ``lock`` the portfolio row is locked first (every writer of a portfolio queues
    there), then the proposal row is re-read FOR UPDATE, so two approvals of one
    proposal run one after the other and the second sees it decided.
    """
    row = session.get(PendingFlow, _pending_uuid(pending_id))
    if row is None:
        raise _no_pending(pending_id)
    try:
        portfolio = open_portfolio(session, db, row.portfolio_id, lock=lock)
    except AccessDeniedError:
        raise _no_pending(pending_id) from None
    if lock:
        session.refresh(row, with_for_update=True)
    return row, portfolio


def _pending_uuid(pending_id: str | uuid.UUID) -> uuid.UUID:
    if isinstance(pending_id, uuid.UUID):
        return pending_id
    try:
        return uuid.UUID(str(pending_id).strip())
    except ValueError:
        raise ValidationError("id", f"{str(pending_id)[:80]!r} is not a proposal id") from None


def _no_pending(pending_id: str | uuid.UUID) -> NotFoundError:
    return NotFoundError(f"id: no proposal waiting for approval with id {pending_id}")


def _check_undecided(row: PendingFlow) -> None:
    if row.status == PENDING:
        return
    when = f"{_utc(row.decided_at):%Y-%m-%d %H:%M} UTC" if row.decided_at else "earlier"
    if row.status == APPROVED:
        raise ValidationError("approval", f"already approved by {row.decided_by} at {when}")
    raise ValidationError(
        "approval", f"already rejected by {row.decided_by} at {when}: {row.decision_note}"
    )


def _same_person(actor: str, maker: str) -> bool:
    """Emails compare case-insensitively: ``Ann@Firm.com`` is ``ann@firm.com``."""
    return actor.strip().casefold() == maker.strip().casefold()


def _apply(session: Session, db: Database, row: PendingFlow, *, preview: bool) -> FlowImpact:
    """The proposal written (or previewed) as the direct write would, authored by the maker.

    A recorded flow carries the key ``approval:<proposal id>``: the ledger's own unique
    key makes a second application impossible even if the locks were bypassed.
    """
    maker = None if preview else row.proposed_by
    if row.action == "void":
        flow_id, why = str(row.flow_id), row.reason or ""
        return apply_void(session, db, flow_id, why, preview=preview, maker=maker)
    request = FlowRequest(
        row.portfolio_id,
        row.flow_date,
        row.kind,
        row.amount,
        row.notes,
        idempotency_key=f"approval:{row.id}",
    )
    return apply_flow(session, db, request, preview=preview, maker=maker)


def _decide(row: PendingFlow, db: Database, status: str, note: str | None = None) -> None:
    row.status = status
    row.decided_by = db.actor
    row.decided_at = db.clock.now()
    row.decision_note = note


def _described(row: PendingFlow, currency: str) -> str:
    what = f"{row.kind} of {stated_money(row.amount, currency)} on {row.flow_date}"
    return f"void the {what}" if row.action == "void" else f"record a {what}"


def _view(row: PendingFlow, portfolio: Portfolio) -> PendingView:
    return PendingView(
        id=row.id,
        portfolio_id=row.portfolio_id,
        portfolio_name=portfolio.name,
        action=row.action,
        flow_date=row.flow_date,
        kind=row.kind,
        amount=row.amount,
        notes=row.notes,
        flow_id=row.flow_id,
        reason=row.reason,
        proposed_by=row.proposed_by,
        proposed_at=_utc(row.proposed_at),
        status=row.status,
        decided_by=row.decided_by,
        decided_at=_utc(row.decided_at) if row.decided_at else None,
        decision_note=row.decision_note,
    )


def _utc(moment: datetime) -> datetime:
    """In UTC and aware on both backends (SQLite hands back naive UTC timestamps)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
