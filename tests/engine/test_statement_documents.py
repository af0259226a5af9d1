"""The statement's PDF and HTML: the figures in the text a client reads, user text literal.

The PDF is read back with poppler's ``pdftotext`` (what a client's viewer extracts), so
the test sees the document, not the code that drew it.
"""

from __future__ import annotations

import base64
import html
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from equity.clock import FrozenClock
from equity.errors import ValidationError
from equity.money import format_money
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.settings import set_setting
from equity.statements.render import branding, prepare_documents
from equity.statements.wording import percent
from tests.engine.statement_support import NAME, seed_statement_fund

HOSTILE_NAME = "<script>alert(1)</script> **bold** =SUM(A1)"
HOSTILE_NOTE = '=SUM(1+1) <script>x()</script> **b** <img src=x onerror=alert(1)> & "q"'
#: A 1x1 PNG, for the logo setting.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def pdf_text(data: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    path = tmp_path / "statement.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def fund(db):
    seed_statement_fund(db)
    return db


def test_pdf_text_holds_the_name_and_every_figure(fund, tmp_path):
    documents = prepare_documents(fund, NAME, date(2025, 3, 1), date(2025, 3, 31))
    s = documents.statement
    text = pdf_text(documents.pdf, tmp_path)
    assert NAME in text and "2025-03-01 to 2025-03-31" in text
    for amount in (s.opening_equity, s.deposits, -s.withdrawals, s.pnl, s.closing_equity):
        assert format_money(amount, "USD") in text
    for figure in (s.twr, s.mwr, s.twr_since_inception, s.mwr_since_inception):
        assert figure.value is not None and percent(figure) in text
    assert "first day of March" in text and "last day of March" in text
    assert "$250,000.50" in text and "$100,000.25" in text


def test_html_holds_the_same_figures(fund):
    documents = prepare_documents(fund, NAME, date(2025, 3, 1), date(2025, 3, 31))
    s, page = documents.statement, documents.html
    for amount in (s.opening_equity, s.deposits, -s.withdrawals, s.pnl, s.closing_equity):
        assert html.escape(format_money(amount, "USD")) in page
    assert percent(s.twr) in page and "<svg" in page and "@media print" in page
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # fetches nothing


def test_hostile_name_and_notes_are_literal(db, tmp_path):
    seed_statement_fund(db, HOSTILE_NAME)
    record_cash_flow(
        db, FlowRequest(HOSTILE_NAME, date(2025, 3, 5), "deposit", Decimal("10"), HOSTILE_NOTE)
    )
    set_setting(db, "firm_name", "<b>Firm</b> & Co **x**")
    documents = prepare_documents(db, HOSTILE_NAME, date(2025, 3, 1), date(2025, 3, 31))
    page = documents.html
    assert "<script" not in page and "<img src=x" not in page and "<b>Firm" not in page
    assert html.escape(HOSTILE_NAME) in page and html.escape(HOSTILE_NOTE) in page
    assert "&lt;b&gt;Firm&lt;/b&gt; &amp; Co **x**" in page
    text = re.sub(r"\s+", " ", pdf_text(documents.pdf, tmp_path))  # wrapped lines joined
    assert HOSTILE_NAME in text and "<b>Firm</b> & Co **x**" in text
    assert "=SUM(1+1) <script>x()</script> **b**" in text


def test_same_statement_same_moment_same_bytes(fund):
    first = prepare_documents(fund, NAME, date(2025, 1, 1), date(2025, 12, 31))
    again = prepare_documents(fund, NAME, date(2025, 1, 1), date(2025, 12, 31))
    assert first.pdf == again.pdf and first.html == again.html
    later = replace(fund, clock=FrozenClock(datetime(2026, 7, 1, 9, 0, tzinfo=UTC)))
    other = prepare_documents(later, NAME, date(2025, 1, 1), date(2025, 12, 31))
    assert other.pdf != first.pdf  # the creation date is the clock's, not a constant
    assert b"D:20260701090000+00'00'" in other.pdf


def test_firm_name_and_logo_come_from_settings(fund, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    set_setting(fund, "firm_name", "Harbour Capital")
    set_setting(fund, "logo_path", str(logo))
    assert branding(fund).firm_name == "Harbour Capital"
    documents = prepare_documents(fund, NAME, date(2025, 3, 1), date(2025, 3, 31))
    assert "Harbour Capital" in pdf_text(documents.pdf, tmp_path)
    assert b"/Subtype /Image" in documents.pdf
    assert "data:image/png;base64," in documents.html


def test_a_logo_that_is_not_an_image_is_refused(fund, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("not an image")
    with pytest.raises(ValidationError, match="not a PNG or JPEG"):
        set_setting(fund, "logo_path", str(fake))
    with pytest.raises(ValidationError, match="not a file"):
        set_setting(fund, "logo_path", str(tmp_path / "missing.png"))
    assert branding(fund).logo_path == ""
