"""``statement PORTFOLIO --from --to [--json] [--pdf] [--html]``: the contract's edges.

Bad input exits 2 with ``error: `` first and writes nothing (no database row, no file);
a portfolio named like a future action (``issue``, ``list``) still gets its statement.
"""

from __future__ import annotations

import json

import pytest

from tests.engine.access_support import table_contents
from tests.engine.statement_support import NAME, seed_statement_fund

KEYS = [
    "portfolio",
    "currency",
    "from",
    "to",
    "opening_equity",
    "deposits",
    "withdrawals",
    "pnl",
    "closing_equity",
    "twr",
    "mwr",
    "flows",
]


@pytest.fixture
def fund(db):
    seed_statement_fund(db)
    return db


@pytest.fixture
def folder(tmp_path):
    """An empty folder of its own (the SQLite database lives in tmp_path)."""
    path = tmp_path / "documents"
    path.mkdir()
    return path


def test_json_keys_are_exactly_the_contract(fund, cli):
    out = cli(fund, "statement", NAME, "--from", "2025-03-01", "--to", "2025-03-31", "--json")
    document = json.loads(out.stdout)
    assert list(document) == KEYS
    assert document["portfolio"] == NAME and document["currency"] == "USD"
    assert (document["from"], document["to"]) == ("2025-03-01", "2025-03-31")
    assert all(isinstance(document[k], str) for k in KEYS[4:9])
    assert all(len(document[k].split(".")[1]) == 2 for k in KEYS[4:9])
    assert isinstance(document["twr"], float) and isinstance(document["mwr"], float)
    assert [list(flow) for flow in document["flows"]] == [["date", "kind", "amount", "notes"]] * 2


def test_undefined_returns_are_null(fund, cli):
    out = cli(fund, "statement", NAME, "--from", "2025-05-03", "--to", "2025-05-04", "--json")
    document = json.loads(out.stdout)
    assert document["twr"] is None and document["mwr"] is None and document["flows"] == []


def test_plain_text_reads_the_reconciliation(fund, cli):
    out = cli(fund, "statement", NAME, "--from", "2025-03-01", "--to", "2025-03-31").stdout
    assert "Opening equity" in out and "Closing equity" in out
    assert "$250,000.50" in out and "last day of March" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-13-01", "--to", "2025-12-31"], "from"),
        (["--from", "2025-03-01", "--to", "31/03/2025"], "to"),
        (["--from", "2025-04-01", "--to", "2025-03-31"], "before"),
        (["--to", "2025-03-31"], "--from"),
        (["--from", "2024-01-01", "--to", "2024-12-31"], "inception"),
    ],
)
def test_bad_periods_exit_2_and_write_nothing(fund, cli, folder, args, message):
    before = table_contents(fund)
    pdf = folder / "out.pdf"
    out = cli(fund, "statement", NAME, *args, "--pdf", str(pdf), expect=2)
    assert out.stderr.startswith("error: ") and message in out.stderr.splitlines()[0]
    assert "Traceback" not in out.stderr
    assert not pdf.exists() and list(folder.iterdir()) == []
    assert table_contents(fund) == before


def test_unknown_portfolio_exits_2(fund, cli, folder):
    out = cli(
        fund,
        "statement",
        "Nobody",
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
        "--html",
        str(folder / "s.html"),
        expect=2,
    )
    assert out.stderr.startswith("error: ") and not (folder / "s.html").exists()


def test_unwritable_file_exits_2_and_leaves_nothing(fund, cli, folder):
    missing = folder / "no such folder" / "s.pdf"
    out = cli(
        fund,
        "statement",
        NAME,
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
        "--pdf",
        str(missing),
        expect=2,
    )
    assert out.stderr.startswith("error: ") and list(folder.iterdir()) == []


def test_pdf_and_html_files_are_written(fund, cli, folder):
    pdf, page = folder / "s.pdf", folder / "s.html"
    cli(
        fund,
        "statement",
        NAME,
        "--from",
        "2025-03-01",
        "--to",
        "2025-03-31",
        "--pdf",
        str(pdf),
        "--html",
        str(page),
    )
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "<!DOCTYPE html>" in page.read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["s.html", "s.pdf"]  # no temp left


@pytest.mark.parametrize("name", ["issue", "list", "Income"])
def test_a_portfolio_named_like_an_action_still_gets_its_statement(db, cli, name):
    seed_statement_fund(db, name)
    out = cli(db, "statement", name, "--from", "2025-03-01", "--to", "2025-03-31", "--json")
    assert json.loads(out.stdout)["portfolio"] == name


def test_a_stray_word_after_the_portfolio_is_refused(fund, cli):
    out = cli(
        fund, "statement", NAME, "extra", "--from", "2025-01-01", "--to", "2025-01-31", expect=2
    )
    assert out.stderr.startswith("error: ") and "extra" in out.stderr
