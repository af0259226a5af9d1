"""Prepare a statement's documents: the figures, the firm's branding, both files."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from equity.reads.statement import Statement, statement_for
from equity.statements.html import statement_html
from equity.statements.pdf import statement_pdf
from equity.statements.wording import Branding
from equity.storage.database import Database


def branding(db: Database) -> Branding:
    """The firm's name and logo from settings (empty until an admin sets them)."""
    from equity.services.settings import FIRM_NAME, LOGO_PATH, get_setting

    return Branding(get_setting(db, FIRM_NAME).value, get_setting(db, LOGO_PATH).value)


@dataclass(frozen=True)
class StatementDocuments:
    """One statement with its PDF and HTML, prepared at one moment of db.clock."""

    statement: Statement
    pdf: bytes
    html: str


def prepare_documents(
    db: Database, portfolio_ref: str | uuid.UUID, start: date, end: date
) -> StatementDocuments:
    """Figures first (a bad period or portfolio fails before anything is drawn)."""
    statement = statement_for(db, portfolio_ref, start, end)
    return documents_of(statement, branding(db), db)


def documents_of(statement: Statement, brand: Branding, db: Database) -> StatementDocuments:
    moment = db.clock.now()
    return StatementDocuments(
        statement, statement_pdf(statement, brand, moment), statement_html(statement, brand, moment)
    )
