"""Restatement: an issued statement whose figures today's books no longer give is marked.

Called by ``UnitOfWork.commit`` (storage/database.py) in the transaction of the change,
before it commits, with the earliest date each portfolio's figures changed from
(``storage.recompute.note_history_change``). Only the latest version of each issued
period that ends on or after that date is recomputed, so a change after every issued
period costs one indexed query and no statement. Each is compared with its issued
figures: money to the cent, ratios after rounding to :data:`RATIO_PLACES` places (the
float noise of a recomputation is not a restatement). A statement whose figures differ
becomes ``restated`` with the differences; one that matches again (a void that undoes a
backdated deposit) goes back to ``current``. Every such change is audited.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from equity.errors import EquityError
from equity.reads.statement import StatementPeriod, statement_in
from equity.services.audit import record_audit
from equity.storage.database import Database
from equity.storage.models import IssuedStatementRow, Portfolio

R = IssuedStatementRow
#: Ratios (TWR, MWR) are equal when equal to this many decimal places.
RATIO_PLACES = 10
CURRENT, RESTATED = "current", "restated"
#: The figure named when today's books cannot give the statement at all.
WHOLE_STATEMENT = "statement"

_NEWER = aliased(R)
#: An issued statement no reissue has replaced: the only kind that can be restated.
NOT_REPLACED = ~exists().where(
    and_(
        _NEWER.portfolio_id == R.portfolio_id,
        _NEWER.period_from == R.period_from,
        _NEWER.period_to == R.period_to,
        _NEWER.version > R.version,
    )
)
_LATEST_FROM = select(R).where(NOT_REPLACED).order_by(R.period_to, R.period_from)


def check_restatements(session: Session, db: Database, changed: Mapping[uuid.UUID, date]) -> int:
    """Mark or clear every affected issued statement; returns how many changed status."""
    moved = 0
    for portfolio_id, day in changed.items():
        issued = (
            session.execute(_LATEST_FROM.where(R.portfolio_id == portfolio_id, R.period_to >= day))
            .scalars()
            .all()
        )
        if not issued:
            continue
        portfolio = session.get(Portfolio, portfolio_id)
        if portfolio is None:
            continue
        for row in issued:
            moved += _recheck(session, db, portfolio, row)
    return moved


def _recheck(session: Session, db: Database, portfolio: Portfolio, row: IssuedStatementRow) -> int:
    found = differences(issued_figures(row), _figures_now(session, portfolio, row))
    status = RESTATED if found else CURRENT
    if status == row.status and found == json.loads(row.differences):
        return 0
    was = row.status
    row.status = status
    row.differences = json.dumps(found)
    row.status_changed_at = db.clock.now()
    record_audit(
        session, db, portfolio.id, f"statement.{status}", _sentence(row, found), row.period_to
    )
    return int(was != status)


def issued_figures(row: IssuedStatementRow) -> dict[str, object]:
    """The figures as issued (the stored document less its flows)."""
    document = json.loads(row.figures)
    return {key: value for key, value in document.items() if key != "flows"}


def _figures_now(
    session: Session, portfolio: Portfolio, row: IssuedStatementRow
) -> dict[str, object] | str:
    """Today's figures of the period, or why the books no longer give a statement."""
    try:
        period = StatementPeriod(row.period_from, row.period_to)
        return statement_in(session, portfolio, period).figures()
    except EquityError as error:
        return f"no longer drawn: {error}"


def differences(issued: Mapping[str, object], now: Mapping[str, object] | str) -> list[dict]:
    """``[{figure, issued, now}]`` for each figure that moved, in the issued order."""
    if isinstance(now, str):
        return [{"figure": WHOLE_STATEMENT, "issued": "issued", "now": now}]
    return [
        {"figure": name, "issued": was, "now": now.get(name)}
        for name, was in issued.items()
        if not same_figure(was, now.get(name))
    ]


def same_figure(issued: object, now: object) -> bool:
    """Money strings to the cent; ratios to RATIO_PLACES; None only equals None."""
    if issued is None or now is None:
        return issued is None and now is None
    if isinstance(issued, str) or isinstance(now, str):
        try:
            return Decimal(str(issued)) == Decimal(str(now))
        except InvalidOperation:
            return issued == now
    return round(float(issued), RATIO_PLACES) == round(float(now), RATIO_PLACES)


def _sentence(row: IssuedStatementRow, found: list[dict]) -> str:
    head = f"statement {row.period_from} to {row.period_to} version {row.version}"
    if not found:
        return f"{head} is current again: today's figures match the issued ones"
    moved = "; ".join(f"{d['figure']} {d['issued']} -> {d['now']}" for d in found)
    return f"{head} restated: {moved}"
