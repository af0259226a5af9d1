"""The audit trail: every write says who, when, what and from which date.

Entries are written in the same transaction as the change they describe, so a change
that rolls back leaves no entry and an entry never describes a change that did not happen.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from equity.services.access import open_portfolio, require_admin
from equity.storage.database import Database
from equity.storage.models import AuditEntry


def record_audit(
    session: Session,
    db: Database,
    portfolio_id: uuid.UUID | None,
    action: str,
    details: str,
    effective_date: date | None = None,
    flow_id: uuid.UUID | None = None,
) -> None:
    """Append one entry inside the caller's transaction: ``db``'s actor, at its clock's now.

    A preview never calls this: it commits nothing, so it must not describe a change.
    """
    session.add(
        AuditEntry(
            portfolio_id=portfolio_id,
            recorded_at=db.clock.now(),
            actor=db.actor,
            action=action,
            effective_date=effective_date,
            flow_id=flow_id,
            details=details,
        )
    )


#: Between an entry's sentence and the JSON list of the figures a change overwrote.
REPLACED_MARK = "; replaced: "


def with_replaced(summary: str, replaced: Sequence[Mapping[str, str]]) -> str:
    """An entry's details: the sentence, then the overwritten figures as a JSON list.

    The audit table has one text column; keeping the old figures there as JSON (one line,
    after :data:`REPLACED_MARK`) lets anyone recover a replaced day from ``audit --json``
    without a schema change. No replaced days, no JSON.
    """
    if not replaced:
        return summary
    return summary + REPLACED_MARK + json.dumps(list(replaced), separators=(", ", ": "))


def replaced_days_in(details: str) -> list[dict[str, str]]:
    """The overwritten figures an entry's details carry (see :func:`with_replaced`), or []."""
    _summary, mark, listed = details.partition(REPLACED_MARK)
    return json.loads(listed) if mark else []


@dataclass(frozen=True)
class AuditView:
    recorded_at: datetime
    actor: str
    action: str
    effective_date: date | None
    flow_id: uuid.UUID | None
    details: str


def audit_trail(db: Database, portfolio_ref: str | uuid.UUID) -> list[AuditView]:
    """Every change to one portfolio, newest first."""
    with db.read() as session:
        portfolio = open_portfolio(session, db, portfolio_ref)
        entries = session.execute(
            select(AuditEntry)
            .where(AuditEntry.portfolio_id == portfolio.id)
            .order_by(AuditEntry.recorded_at.desc(), AuditEntry.id.desc())
        ).scalars()
        return _views(entries)


def people_trail(db: Database) -> list[AuditView]:
    """Changes to who may sign in and with which role, newest first: for admins only.

    They belong to no portfolio (``portfolio_id`` is NULL), so no portfolio's trail shows them.
    """
    with db.read() as session:
        require_admin(session, db, "see the changes to people")
        entries = session.execute(
            select(AuditEntry)
            .where(AuditEntry.portfolio_id.is_(None), AuditEntry.action.in_(PEOPLE_ACTIONS))
            .order_by(AuditEntry.recorded_at.desc(), AuditEntry.id.desc())
        ).scalars()
        return _views(entries)


#: The audit actions of the users service.
PEOPLE_ACTIONS = ("user.set", "user.remove")


def firm_trail(db: Database) -> list[AuditView]:
    """Firm-wide changes (FX rates imported, settings such as the base currency), newest
    first: for admins only.

    Like the changes to people they belong to no portfolio, yet they move every
    portfolio's converted figures, so an administrator needs to see who made them.
    """
    with db.read() as session:
        require_admin(session, db, "see the firm-wide changes")
        entries = session.execute(
            select(AuditEntry)
            .where(AuditEntry.portfolio_id.is_(None), AuditEntry.action.in_(FIRM_ACTIONS))
            .order_by(AuditEntry.recorded_at.desc(), AuditEntry.id.desc())
        ).scalars()
        return _views(entries)


#: The audit actions of firm-wide changes: FX imports, settings and benchmark imports.
FIRM_ACTIONS = ("fx.import", "setting.set", "benchmark.import")


def _views(entries: Iterable[AuditEntry]) -> list[AuditView]:
    return [
        AuditView(e.recorded_at, e.actor, e.action, e.effective_date, e.flow_id, e.details)
        for e in entries
    ]
