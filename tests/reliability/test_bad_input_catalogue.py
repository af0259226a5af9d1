"""Every row of the bad-input catalogue, on both backends: accepted as meant, or rejected
with a message naming the row, column and value and the database left exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from equity import output
from equity.cli import main
from equity.errors import ValidationError
from equity.services.benchmarks import import_benchmark_csv
from equity.services.cash_flows import FlowRequest, list_cash_flows, record_cash_flow
from equity.services.export import safe_text
from equity.services.imports import import_cash_flows, import_snapshots_csv, parse_cash_flow_csv
from equity.services.portfolios import get_portfolio
from tests.reliability.catalogue import CASES, CLI, CSV, Case
from tests.support import D, add_days, day, full_dump, new_portfolio

DOC = Path(__file__).resolve().parents[2] / "docs" / "RELIABILITY.md"


@pytest.fixture
def fund(db):
    name = new_portfolio(db, "Fund")
    add_days(db, name, ("2025-01-02", "50000"), ("2025-01-03", "-20000"))
    return db


def _cli(db, case: Case, capsys) -> tuple[int, str, str]:
    args = list(case.payload)
    if "FLOW" in args:
        flow = record_cash_flow(db, FlowRequest("Fund", day("2025-01-03"), "deposit", D("1")))
        args[args.index("FLOW")] = str(flow.flow_id)
    prefix = [] if args[0] == "--db" else ["--db", db.url]
    try:
        code = main([*prefix, *args])
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", CLI, ids=[c.id for c in CLI])
def test_cli_catalogue(fund, case, capsys):
    before = full_dump(fund)
    code, out, err = _cli(fund, case, capsys)
    if case.accept:
        assert code == 0, err
        shown = out + json.dumps(output.flow_list(list_cash_flows(fund, "Fund")))
        shown += str(get_portfolio(fund, "Fund").equity_balance)
        shown += " ".join(safe_text(f.notes) for f in list_cash_flows(fund, "Fund"))
        assert case.words in shown
        return
    assert code in (2, 3), (code, out, err)
    assert err.startswith("error: ")
    assert case.words in err
    assert "S3cretPW" not in err + out, "a password never appears in an error"
    if case.id != "cli-void-no-reason":  # that case records the flow it then fails to void
        assert full_dump(fund) == before


def _import(db, case: Case) -> None:
    if case.face == "csv-snapshots":
        import_snapshots_csv(db, "Fund", case.payload)
    elif case.face == "csv-flows":
        import_cash_flows(db, "Fund", parse_cash_flow_csv(case.payload))
    else:
        import_benchmark_csv(db, "Index", case.payload)


@pytest.mark.parametrize("case", CSV, ids=[c.id for c in CSV])
def test_csv_catalogue(fund, case):
    before = full_dump(fund)
    if case.accept:
        _import(fund, case)
        notes = [f.notes for f in list_cash_flows(fund, "Fund")]
        assert case.words in f"{get_portfolio(fund, 'Fund').equity_balance} {notes}"
        return
    with pytest.raises(ValidationError) as raised:
        _import(fund, case)
    assert case.words in str(raised.value)
    assert full_dump(fund) == before


def test_the_document_lists_every_case():
    text = DOC.read_text()
    missing = [case.id for case in CASES if f"`{case.id}`" not in text]
    assert not missing, f"docs/RELIABILITY.md lacks {missing}"
    assert len(CASES) >= 40


def test_exports_neutralise_formulas():
    assert safe_text("=1+2") == "'=1+2"
    assert safe_text("@SUM(A1)") == "'@SUM(A1)"
    assert safe_text("-5 fee") == "'-5 fee"
    assert safe_text("net of fees") == "net of fees"
