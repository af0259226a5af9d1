"""An issued statement's PDF never drops a name: read back with poppler's pdftotext.

A Cyrillic (and Greek) name prints as typed with DejaVu Sans, which .ci/run installs; a
Chinese name, which no embedded typeface covers, prints as visible replacement
characters with a note saying so, never as a blank.
"""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

import pytest

from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.statements import issue_statement, statement_pdf
from equity.statements.pdf import DEJAVU, MISSING_GLYPH
from tests.engine.issued_support import JANUARY, seed_client


def pdf_text(tmp_path, pdf: bytes) -> str:
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_dejavu_is_installed_where_statements_are_drawn():
    # .ci/run and the README's set-up install fonts-dejavu-core: without it Cyrillic and
    # Greek would fall back to replacement characters.
    assert (DEJAVU / "DejaVuSans.ttf").is_file()


def test_a_cyrillic_and_greek_name_and_note_print_as_typed(db, tmp_path):
    name = seed_client(db, "Фонд Альфа Ωμέγα")
    record_cash_flow(db, FlowRequest(name, date(2025, 1, 8), "deposit", Decimal("10"), "Взнос"))
    issued = issue_statement(db, name, *JANUARY)
    text = pdf_text(tmp_path, statement_pdf(db, issued.id))
    assert "Фонд Альфа Ωμέγα" in text
    assert "Взнос" in text
    assert MISSING_GLYPH not in text


@pytest.mark.parametrize("name", ["中国基金", "Fund 日本"])
def test_a_name_without_glyphs_prints_visible_replacements_and_says_why(db, tmp_path, name):
    seed_client(db, name)
    issued = issue_statement(db, name, *JANUARY)
    text = pdf_text(tmp_path, statement_pdf(db, issued.id))
    replaced = "".join(MISSING_GLYPH if ord(ch) > 0x2E80 else ch for ch in name)
    assert f"Statement for {replaced}" in text
    assert "cannot draw are shown as" in " ".join(text.split())
