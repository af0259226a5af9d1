"""Issuing freezes a statement: figures, PDF, SHA-256, who and when; reissue is a new version.

On SQLite and PostgreSQL. The PDF stored is the one drawn at the issuing moment (the
same bytes again for the same books and moment), its SHA-256 is the stored bytes'
hash, and nothing about an issued row changes when the books later move.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from equity.errors import AccessDeniedError, PortfolioArchivedError, ValidationError
from equity.reads.statement import statement_for
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.portfolios import archive_portfolio
from equity.services.statements import (
    issue_all,
    issue_statement,
    list_statements,
    statement_pdf,
)
from equity.services.users import set_user
from equity.statements.pdf import statement_pdf as draw_pdf
from equity.statements.render import branding
from equity.storage.models import AuditEntry, IssuedStatementRow
from tests.engine.access_support import clear_users, table_contents
from tests.engine.issued_support import CLIENT, JANUARY, seed_client
from tests.support import TEST_ACTOR, TEST_NOW, new_portfolio


@pytest.fixture
def client(db):
    seed_client(db)
    return db


def _stored(db, statement_id) -> tuple:
    with db.read() as session:
        row = session.get(IssuedStatementRow, statement_id)
        return (row.figures, row.pdf, row.sha256, row.issued_at, row.issued_by, row.version)


def test_issuing_freezes_figures_pdf_hash_who_and_when(client):
    issued = issue_statement(client, CLIENT, *JANUARY)
    today = statement_for(client, CLIENT, *JANUARY)
    assert (issued.version, issued.previous_id, issued.status) == (1, None, "current")
    assert (issued.issued_by, issued.issued_at) == (TEST_ACTOR, TEST_NOW)
    assert issued.figures == today.figures()
    assert issued.differences == ()
    pdf = statement_pdf(client, issued.id)
    assert pdf.startswith(b"%PDF")
    assert issued.sha256 == hashlib.sha256(pdf).hexdigest()
    # Deterministic: the same books drawn at the same moment are the same bytes.
    assert draw_pdf(today, branding(client), TEST_NOW) == pdf
    stored = json.loads(_stored(client, issued.id)[0])
    assert stored["closing_equity"] == f"{today.closing_equity:.2f}"
    assert stored["flows"] == []


def test_issuing_is_audited_with_the_hash(client):
    issued = issue_statement(client, CLIENT, *JANUARY)
    with client.read() as session:
        entries = session.execute(
            select(AuditEntry.details, AuditEntry.actor, AuditEntry.effective_date).where(
                AuditEntry.action == "statement.issue"
            )
        ).all()
    assert len(entries) == 1
    details, actor, effective = entries[0]
    assert issued.sha256 in details
    assert (actor, effective) == (TEST_ACTOR, JANUARY[1])


def test_reissue_is_version_two_pointing_to_one_and_both_stay(client):
    first = issue_statement(client, CLIENT, *JANUARY)
    second = issue_statement(client, CLIENT, *JANUARY)
    assert (second.version, second.previous_id) == (2, first.id)
    listed = list_statements(client, CLIENT)
    assert [(s.id, s.version) for s in listed] == [(second.id, 2), (first.id, 1)]
    other = issue_statement(client, CLIENT, date(2025, 2, 1), date(2025, 2, 28))
    assert (other.version, other.previous_id) == (1, None)
    assert list_statements(client, CLIENT)[0].id == other.id  # newest period first


def test_an_issued_statement_never_changes_when_the_books_move(client):
    issued = issue_statement(client, CLIENT, *JANUARY)
    before = _stored(client, issued.id)
    record_cash_flow(client, FlowRequest(CLIENT, date(2025, 1, 15), "deposit", Decimal("5000")))
    assert _stored(client, issued.id) == before
    restated = list_statements(client, CLIENT)[0]
    assert restated.status == "restated"
    assert restated.figures == issued.figures  # still the issued figures
    assert hashlib.sha256(statement_pdf(client, issued.id)).hexdigest() == issued.sha256


def test_viewers_cannot_issue_and_nothing_is_written(client):
    clear_users(client)
    try:
        set_user(client, "admin@example.com", "admin", None)
        set_user(client, "viewer@example.com", "viewer", [CLIENT])
        set_user(client, "manager@example.com", "manager", [CLIENT])
        before = table_contents(client)
        viewer = client.as_signed_in("viewer@example.com")
        with pytest.raises(AccessDeniedError, match="viewer"):
            issue_statement(viewer, CLIENT, *JANUARY)
        assert table_contents(client) == before
        issued = issue_statement(client.as_signed_in("manager@example.com"), CLIENT, *JANUARY)
        assert issued.issued_by == "manager@example.com"
        # Viewers may read the list and download the PDF.
        assert [s.id for s in list_statements(viewer, CLIENT)] == [issued.id]
        assert statement_pdf(viewer, issued.id).startswith(b"%PDF")
    finally:
        clear_users(client)


def test_an_archived_portfolio_refuses_issuing(client):
    archive_portfolio(client, CLIENT)
    with pytest.raises(PortfolioArchivedError):
        issue_statement(client, CLIENT, *JANUARY)
    assert list_statements(client, CLIENT) == []


def test_a_period_before_inception_is_refused_with_nothing_written(client):
    before = table_contents(client)
    with pytest.raises(ValidationError, match="before the portfolio's inception"):
        issue_statement(client, CLIENT, date(2024, 12, 1), date(2024, 12, 31))
    assert table_contents(client) == before


def test_issue_all_covers_each_active_portfolio_with_progress(client):
    seed_client(client, "Second Fund")
    new_portfolio(client, "Closed Fund", "1000", "2025-01-01")
    archive_portfolio(client, "Closed Fund")
    new_portfolio(client, "Late Fund", "1000", "2025-03-01")
    seen = []
    run = issue_all(client, *JANUARY, progress=lambda *step: seen.append(step))
    assert [name for name, _ in run.issued] == [CLIENT, "Second Fund"]
    assert [name for name, _ in run.skipped] == ["Late Fund"]
    assert run.refused == ()
    assert [(done, total, name) for done, total, name, _ in seen] == [
        (1, 3, CLIENT),
        (2, 3, "Late Fund"),
        (3, 3, "Second Fund"),
    ]
    assert list_statements(client, "Closed Fund") == []
