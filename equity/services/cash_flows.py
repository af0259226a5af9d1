"""Use cases on the ledger: record, void (each also as a preview) and list flows.

A preview runs the same code path in a unit of work that is never committed. Rights are
checked inside the unit of work (:mod:`equity.services.access`); on a four-eyes portfolio a
signed-in person cannot write directly: the change is proposed (:mod:`equity.services.approvals`)
and applied by :func:`apply_flow` / :func:`apply_void` when a second person approves it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from equity.domain.rules import FlowTerms, check_flow, signed_amount, takes_capital_out
from equity.domain.validation import check_text
from equity.errors import AccessDeniedError, NotFoundError, ValidationError
from equity.money import stated_money
from equity.services.access import open_portfolio, require_write
from equity.services.audit import record_audit
from equity.services.guards import guard_after_change
from equity.services.views import FlowImpact, FlowView
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import CashFlow, Portfolio, PortfolioSnapshot
from equity.storage.recompute import (
    drop_empty_carry_forward,
    ensure_snapshot,
    refresh_day_flows,
    shift_equity_from,
)


@dataclass(frozen=True)
class FlowRequest:
    """A deposit or withdrawal as a face collected it; validated by the service."""

    portfolio: str | uuid.UUID
    flow_date: date
    kind: str
    amount: Decimal
    notes: str | None = None
    idempotency_key: str | None = None


@retry_on_conflict
def record_cash_flow(db: Database, request: FlowRequest, *, preview: bool = False) -> FlowImpact:
    """Record a flow by ``db.actor`` and roll equity forward from its date, in one transaction.

    ``preview`` runs the same steps and rolls them back: the impact a flow would have,
    with no audit entry. A repeated idempotency key records nothing and answers with the
    first flow's id and the current equity, so a double click or a retried command is
    harmless. A key belongs to one request: reused for a different flow it is refused.
    """
    try:
        return _flow_unit(db, request, preview)
    except IntegrityError:
        # Lost a race on the idempotency key to a concurrent writer: answer as a repeat.
        return _flow_unit(db, request, preview)


def _flow_unit(db: Database, request: FlowRequest, preview: bool) -> FlowImpact:
    with db.unit_of_work() as uow:
        impact = apply_flow(uow.session, db, request, preview=preview)
        if not preview:
            uow.commit()
        return impact


def writable_portfolio(session: Session, db: Database, ref: str | uuid.UUID) -> Portfolio:
    """The portfolio ``ref``, locked for a write, once ``db``'s actor may write to it."""
    portfolio = open_portfolio(session, db, ref, lock=True)
    require_write(session, db, portfolio)
    return portfolio


def refuse_unless_direct(db: Database, portfolio: Portfolio, what: str = "this change") -> None:
    """Four-eyes: a signed-in person proposes; only the operator writes such a portfolio."""
    if db.signed_in and portfolio.four_eyes:
        raise AccessDeniedError(
            f"{portfolio.name!r} requires a second person's approval: propose {what} "
            "for approval instead"
        )


def apply_flow(
    session: Session,
    db: Database,
    request: FlowRequest,
    *,
    preview: bool = False,
    maker: str | None = None,
) -> FlowImpact:
    """Record ``request`` inside the caller's unit of work (which commits, or not).

    ``maker`` is set when a checker applies an approved proposal: the ledger's
    ``created_by`` is the maker, the audit entry is the checker's and names the maker.
    Without a maker, a signed-in person's direct write to a four-eyes portfolio is refused.
    """
    portfolio = writable_portfolio(session, db, request.portfolio)
    if maker is None and not preview:
        refuse_unless_direct(db, portfolio, "the flow")
    flow = _validated_flow(db, portfolio, request, maker)
    if flow.idempotency_key:
        existing = _flow_by_key(session, portfolio.id, flow.idempotency_key)
        if existing is not None:
            _check_same_flow(existing, flow, portfolio.currency)
            return _repeat_answer(session, portfolio, existing)
    before_on_date = _equity_on(session, portfolio, flow.flow_date)
    current_before = portfolio.equity_balance
    session.add(flow)
    session.flush()
    ensure_snapshot(session, portfolio, flow.flow_date)
    refresh_day_flows(session, portfolio.id, flow.flow_date)
    days = shift_equity_from(session, portfolio, flow.flow_date, _signed(flow))
    shown = f"{flow.kind} of {stated_money(flow.amount, portfolio.currency)}"
    if not preview:
        details = shown + (f" ({flow.notes})" if flow.notes else "") + _approved_note(maker)
        record_audit(session, db, portfolio.id, "flow.record", details, flow.flow_date, flow.id)
    guard_after_change(
        session,
        portfolio.id,
        flow.flow_date,
        field="amount",
        shown=shown,
        forbid_negative=takes_capital_out(flow.kind),
        currency=portfolio.currency,
    )
    return _impact(session, portfolio, flow, before_on_date, current_before, days)


def _impact(
    session: Session,
    portfolio: Portfolio,
    flow: CashFlow,
    before_on_date: Decimal,
    current_before: Decimal,
    days: int,
) -> FlowImpact:
    """What a recorded or voided flow did: equity on its date and today, before and after."""
    return FlowImpact(
        flow_id=flow.id,
        flow_date=flow.flow_date,
        equity_on_date_before=before_on_date,
        equity_on_date_after=_equity_on(session, portfolio, flow.flow_date),
        days_recomputed=days,
        current_equity_before=current_before,
        new_equity_balance=portfolio.equity_balance,
    )


def _approved_note(maker: str | None) -> str:
    """The audit's mention of the maker when a checker applies their approved proposal."""
    return f"; proposed by {maker}, approved" if maker else ""


def _signed(flow: CashFlow) -> Decimal:
    return signed_amount(flow.kind, flow.amount)


def flow_terms(
    db: Database,
    portfolio: Portfolio,
    flow_date: date,
    kind: str,
    amount: Decimal,
    notes: str | None,
) -> FlowTerms:
    """The flow rules applied with this portfolio's currency and life, and the clock's today."""
    return check_flow(
        flow_date,
        kind,
        amount,
        notes,
        currency=portfolio.currency,
        inception=portfolio.inception_date,
        today=db.clock.today(),
    )


def _validated_flow(
    db: Database, portfolio: Portfolio, request: FlowRequest, maker: str | None = None
) -> CashFlow:
    """The request as a ledger row (by ``maker`` or ``db.actor``), once it passes the rules."""
    terms = flow_terms(
        db, portfolio, request.flow_date, request.kind, request.amount, request.notes
    )
    return CashFlow(
        id=uuid.uuid4(),
        portfolio_id=portfolio.id,
        flow_date=terms.flow_date,
        kind=terms.kind,
        amount=terms.amount,
        notes=terms.notes,
        created_by=maker or db.actor,
        created_at=db.clock.now(),
        idempotency_key=check_text(request.idempotency_key, "idempotency_key", limit=200),
    )


def _flow_by_key(session: Session, portfolio_id: uuid.UUID, key: str) -> CashFlow | None:
    return session.execute(
        select(CashFlow).where(
            CashFlow.portfolio_id == portfolio_id, CashFlow.idempotency_key == key
        )
    ).scalar_one_or_none()


def _check_same_flow(existing: CashFlow, requested: CashFlow, currency: str) -> None:
    """A repeated key must repeat the request: anything else would report a write that never was.

    (A form that lost its first answer previews and confirms the same request again; a
    different amount, date, type or note under the same key is a bug or a replay.)
    """
    if _flow_terms(existing) != _flow_terms(requested):
        notes = f" ({existing.notes})" if existing.notes else ""
        raise ValidationError(
            "idempotency_key",
            f"{existing.idempotency_key!r} was already used for the {existing.kind} of "
            f"{stated_money(existing.amount, currency)} on {existing.flow_date}{notes}; "
            "this request differs, "
            "so nothing was recorded",
        )


def _flow_terms(flow: CashFlow) -> tuple[date, str, Decimal, str | None]:
    return flow.flow_date, flow.kind, flow.amount, flow.notes


def _repeat_answer(session: Session, portfolio: Portfolio, flow: CashFlow) -> FlowImpact:
    on_date = _equity_on(session, portfolio, flow.flow_date)
    return FlowImpact(
        flow_id=flow.id,
        flow_date=flow.flow_date,
        equity_on_date_before=on_date,
        equity_on_date_after=on_date,
        days_recomputed=0,
        current_equity_before=portfolio.equity_balance,
        new_equity_balance=portfolio.equity_balance,
        already_recorded=True,
    )


def _equity_on(session: Session, portfolio: Portfolio, day: date) -> Decimal:
    """Equity at the end of ``day``: its snapshot, else the last one before, else opening."""
    value = session.execute(
        select(PortfolioSnapshot.equity_balance)
        .where(
            PortfolioSnapshot.portfolio_id == portfolio.id,
            PortfolioSnapshot.snapshot_date <= day,
        )
        .order_by(PortfolioSnapshot.snapshot_date.desc())
        .limit(1)
    ).scalar()
    return portfolio.opening_equity if value is None else value


@retry_on_conflict
def void_cash_flow(
    db: Database, flow_id: str | uuid.UUID, reason: str, *, preview: bool = False
) -> FlowImpact:
    """Void a flow (the row stays, with who, when and why) and roll equity forward.

    ``preview`` runs the same steps and rolls them back, with no audit entry.
    """
    with db.unit_of_work() as uow:
        impact = apply_void(uow.session, db, flow_id, reason, preview=preview)
        if not preview:
            uow.commit()
        return impact


def void_reason(reason: str) -> str:
    """The reason a flow is (to be) voided: required, one rule for voids and their proposals."""
    why = check_text(reason, "reason", limit=500)
    if not why:
        raise ValidationError("reason", "is required: say why the flow is voided")
    return why


def writable_flow(
    session: Session, db: Database, flow_id: str | uuid.UUID
) -> tuple[CashFlow, Portfolio]:
    """The flow and its portfolio (locked) for a void by ``db``'s actor.

    A flow of a portfolio outside the actor's grant reads as an unknown flow.
    """
    flow = _find_flow(session, flow_id)
    try:
        portfolio = open_portfolio(session, db, flow.portfolio_id, lock=True)
    except AccessDeniedError:
        raise _no_flow(flow_id) from None
    require_write(session, db, portfolio)
    session.refresh(flow, with_for_update=True)
    return flow, portfolio


def apply_void(
    session: Session,
    db: Database,
    flow_id: str | uuid.UUID,
    reason: str,
    *,
    preview: bool = False,
    maker: str | None = None,
) -> FlowImpact:
    """Void a flow inside the caller's unit of work; ``maker`` as in :func:`apply_flow`."""
    why = void_reason(reason)
    flow, portfolio = writable_flow(session, db, flow_id)
    if maker is None and not preview:
        refuse_unless_direct(db, portfolio, "the void")
    if flow.voided_at is not None:
        raise ValidationError("flow", f"{flow.id} was already voided on {flow.voided_at:%Y-%m-%d}")
    before_on_date = _equity_on(session, portfolio, flow.flow_date)
    current_before = portfolio.equity_balance
    flow.voided_at = db.clock.now()
    flow.void_reason = why
    flow.voided_by = maker or db.actor
    session.flush()
    refresh_day_flows(session, portfolio.id, flow.flow_date)
    drop_empty_carry_forward(session, portfolio.id, flow.flow_date)
    days = shift_equity_from(session, portfolio, flow.flow_date, -_signed(flow))
    if not preview:
        record_audit(
            session,
            db,
            portfolio.id,
            "flow.void",
            f"voided the {flow.kind} of {stated_money(flow.amount, portfolio.currency)}: "
            f"{why}{_approved_note(maker)}",
            flow.flow_date,
            flow.id,
        )
    guard_after_change(
        session,
        portfolio.id,
        flow.flow_date,
        field="flow",
        shown=f"voiding the {flow.kind} of {stated_money(flow.amount, portfolio.currency)}",
        forbid_negative=takes_capital_out(flow.kind, voiding=True),
        currency=portfolio.currency,
    )
    return _impact(session, portfolio, flow, before_on_date, current_before, days)


def _find_flow(session: Session, flow_id: str | uuid.UUID) -> CashFlow:
    try:
        as_uuid = flow_id if isinstance(flow_id, uuid.UUID) else uuid.UUID(str(flow_id))
    except ValueError:
        raise ValidationError("flow_id", f"{flow_id!r} is not a flow id") from None
    flow = session.get(CashFlow, as_uuid)
    if flow is None:
        raise _no_flow(flow_id)
    return flow


def _no_flow(flow_id: str | uuid.UUID) -> NotFoundError:
    return NotFoundError(f"flow: no cash flow with id {flow_id}")


def list_cash_flows(db: Database, portfolio: str | uuid.UUID) -> list[FlowView]:
    """The whole ledger of a portfolio, by date then by time recorded, voided ones included.

    The id breaks ties (two flows recorded in the same microsecond, or under a frozen
    clock): the same ledger always lists in the same order, run after run, on both backends.
    """
    with db.read() as session:
        found = open_portfolio(session, db, portfolio)
        flows = session.execute(
            select(CashFlow)
            .where(CashFlow.portfolio_id == found.id)
            .order_by(CashFlow.flow_date, CashFlow.created_at, CashFlow.id)
        ).scalars()
        return [_flow_view(flow) for flow in flows]


def _flow_view(flow: CashFlow) -> FlowView:
    return FlowView(
        id=flow.id,
        portfolio_id=flow.portfolio_id,
        flow_date=flow.flow_date,
        kind=flow.kind,
        amount=flow.amount,
        notes=flow.notes,
        created_at=flow.created_at,
        created_by=flow.created_by,
        voided_at=flow.voided_at,
        void_reason=flow.void_reason,
        voided_by=flow.voided_by,
    )
