"""Issuing client statements: figures, PDF and SHA-256 frozen, who and when (issue 14).

An issued statement is what the client received, so its row never changes after the
issuing transaction except for its status (``services.restatement``). The PDF is drawn
at the issuing moment (``db.clock.now()``), which is also ``issued_at``: the same books
issued at the same moment give the same bytes. Reissuing a period adds the next version,
pointing at the one it replaces; the old one stays, as sent.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from equity.errors import EquityError, NotFoundError
from equity.money import fmt2
from equity.reads.statement import Statement, StatementPeriod, statement_in
from equity.services.access import (
    grant_of,
    open_portfolio,
    require_write,
    visible_portfolio_ids,
)
from equity.services.audit import record_audit
from equity.services.restatement import NOT_REPLACED, RESTATED, issued_figures
from equity.statements.pdf import statement_pdf as draw_pdf
from equity.statements.wording import Branding
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import IssuedStatementRow, Portfolio

R = IssuedStatementRow


@dataclass(frozen=True)
class Difference:
    """One figure that moved since issuing: as issued, and what the books say now."""

    figure: str
    issued: object
    now: object


@dataclass(frozen=True)
class IssuedStatement:
    """An issued statement as listed (without its PDF's bytes)."""

    id: uuid.UUID
    portfolio_id: uuid.UUID
    start: date
    end: date
    version: int
    previous_id: uuid.UUID | None
    issued_at: datetime
    issued_by: str
    sha256: str
    status: str
    differences: tuple[Difference, ...]
    figures: dict[str, object]
    status_changed_at: datetime | None

    @property
    def restated(self) -> bool:
        return self.status == RESTATED


def _listed(row: IssuedStatementRow) -> IssuedStatement:
    return IssuedStatement(
        id=row.id,
        portfolio_id=row.portfolio_id,
        start=row.period_from,
        end=row.period_to,
        version=row.version,
        previous_id=row.previous_id,
        issued_at=row.issued_at,
        issued_by=row.issued_by,
        sha256=row.sha256,
        status=row.status,
        differences=tuple(Difference(**d) for d in json.loads(row.differences)),
        figures=issued_figures(row),
        status_changed_at=row.status_changed_at,
    )


def _branding(db: Database) -> Branding:
    from equity.statements.render import branding

    return branding(db)


@retry_on_conflict
def issue_statement(
    db: Database,
    portfolio_ref: str | uuid.UUID,
    start: date,
    end: date,
    *,
    brand: Branding | None = None,
) -> IssuedStatement:
    """Freeze the period's statement (managers and admins; not an archived portfolio)."""
    period = StatementPeriod(start, end)
    brand = brand if brand is not None else _branding(db)
    with db.unit_of_work() as uow:
        session = uow.session
        portfolio = open_portfolio(session, db, portfolio_ref, lock=True)
        require_write(session, db, portfolio)
        row = _issued_row(session, db, portfolio, statement_in(session, portfolio, period), brand)
        uow.commit()
        return _listed(row)


def _issued_row(
    session: Session, db: Database, portfolio: Portfolio, statement: Statement, brand: Branding
) -> IssuedStatementRow:
    moment = db.clock.now()
    pdf = draw_pdf(statement, brand, moment)
    previous = session.execute(
        select(R.id, R.version)
        .where(
            R.portfolio_id == portfolio.id,
            R.period_from == statement.start,
            R.period_to == statement.end,
        )
        .order_by(R.version.desc())
        .limit(1)
    ).first()
    row = IssuedStatementRow(
        id=uuid.uuid4(),
        portfolio_id=portfolio.id,
        period_from=statement.start,
        period_to=statement.end,
        version=previous.version + 1 if previous else 1,
        previous_id=previous.id if previous else None,
        issued_at=moment,
        issued_by=db.actor,
        figures=json.dumps(frozen_document(statement)),
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        status="current",
        differences="[]",
        status_changed_at=None,
    )
    session.add(row)
    record_audit(
        session,
        db,
        portfolio.id,
        "statement.issue",
        f"issued statement {statement.start} to {statement.end} version {row.version} "
        f"(closing equity {fmt2(statement.closing_equity)}, sha256 {row.sha256})",
        statement.end,
    )
    session.flush()
    return row


def frozen_document(statement: Statement) -> dict[str, object]:
    """What is stored as issued: the figures a restatement compares, plus the flows."""
    return {
        **statement.figures(),
        "flows": [flow.document() for flow in statement.flows],
    }


@dataclass(frozen=True)
class IssueRun:
    """A month-end run: what was issued, and each portfolio refused with its reason."""

    issued: tuple[tuple[str, IssuedStatement], ...]
    refused: tuple[tuple[str, str], ...]
    skipped: tuple[tuple[str, str], ...]


Progress = Callable[[int, int, str, str], None]


def issue_all(db: Database, start: date, end: date, progress: Progress | None = None) -> IssueRun:
    """Issue the period for every active portfolio the actor may write, one transaction each.

    A portfolio refused (its books do not add up, a lost race) does not stop the run; it
    is reported with its reason. One that starts after the period has nothing to state
    and is skipped. ``progress(done, total, name, outcome)`` follows each portfolio.
    """
    StatementPeriod(start, end)
    brand = _branding(db)
    targets = writable_portfolios(db)
    issued, refused, skipped = [], [], []
    for done, (portfolio_id, name, inception) in enumerate(targets, start=1):
        if inception > end:
            skipped.append((name, f"starts on {inception}, after the period"))
            outcome = "skipped"
        else:
            try:
                issued.append((name, issue_statement(db, portfolio_id, start, end, brand=brand)))
                outcome = "issued"
            except EquityError as error:
                refused.append((name, str(error)))
                outcome = f"refused: {error}"
        if progress is not None:
            progress(done, len(targets), name, outcome)
    return IssueRun(tuple(issued), tuple(refused), tuple(skipped))


def writable_portfolios(db: Database) -> list[tuple[uuid.UUID, str, date]]:
    """(id, name, inception) of each live portfolio the actor may write, by name."""
    with db.read() as session:
        found = session.execute(
            select(Portfolio.id, Portfolio.name, Portfolio.inception_date)
            .where(Portfolio.archived_at.is_(None))
            .order_by(Portfolio.name_key)
        ).all()
        if not db.signed_in:
            return [tuple(row) for row in found]
        grant = grant_of(session, db.actor)
        if grant is None:
            return []
        return [tuple(row) for row in found if grant.can_write(row.id)]


def list_statements(db: Database, portfolio_ref: str | uuid.UUID) -> list[IssuedStatement]:
    """Every issued statement of a portfolio (anyone who may read it): newest period first,
    each period's versions newest first."""
    with db.read() as session:
        portfolio = open_portfolio(session, db, portfolio_ref)
        rows = session.execute(
            select(R)
            .where(R.portfolio_id == portfolio.id)
            .order_by(R.period_to.desc(), R.period_from.desc(), R.version.desc())
        ).scalars()
        return [_listed(row) for row in rows]


def statement_pdf(db: Database, statement_id: uuid.UUID | str) -> bytes:
    """The issued PDF's bytes, exactly as stored (anyone who may read its portfolio)."""
    with db.read() as session:
        row = session.get(R, _as_id(statement_id))
        if row is None:
            raise NotFoundError(f"statement: no issued statement with id {statement_id}")
        open_portfolio(session, db, row.portfolio_id)
        return row.pdf


def restated_count(db: Database) -> int:
    """Issued statements (latest versions) the books no longer match, of portfolios in view."""
    with db.read() as session:
        visible = visible_portfolio_ids(session, db)
        query = select(func.count(R.id)).where(R.status == RESTATED, NOT_REPLACED)
        if visible is not None:
            if not visible:
                return 0
            query = query.where(R.portfolio_id.in_(visible))
        return session.execute(query).scalar_one()


def _as_id(value: uuid.UUID | str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFoundError(f"statement: no issued statement with id {value}") from None
