"""Every export imports back unchanged: a history and a ledger moved into an empty portfolio.

The scenario carries what breaks naive CSV round trips: notes with commas, quotes, line
breaks, Markdown and a leading ``=``, ``-``, ``+``, ``@`` or apostrophe (which the export
neutralises with an apostrophe), a voided flow (exported, skipped on import), a weekend
deposit (a carried-forward day, which the flows re-create), two equal deposits on one day
(two real flows: their ids differ), and losses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from equity.reads.history import equity_history
from equity.services.cash_flows import (
    FlowRequest,
    list_cash_flows,
    record_cash_flow,
    void_cash_flow,
)
from equity.services.export import history_csv, ledger_csv
from equity.services.import_check import (
    check_flow_file,
    check_snapshot_file,
    import_flow_file,
    import_snapshot_file,
)
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.storage.models import CARRY_FORWARD
from tests.hostile_text import NOTE
from tests.support import D, add_days, day

NOTES = [
    'comma, "double quotes", and a line\nbreak',
    "=SUM(A1:A9)",
    "-5 fee, then +3",
    "@mention",
    "'already quoted",
    "''=two apostrophes",
    NOTE,
]


def _original(db) -> None:
    """Losses, a weekend deposit, a void, twin deposits and every hostile note."""
    create_portfolio(db, NewPortfolio("Source", D("250000.00"), day("2025-01-01"), "EUR"))
    add_days(
        db,
        "Source",
        ("2025-01-02", "1250.50"),
        ("2025-01-03", "-40000.25"),
        ("2025-01-06", "-10.01"),
        ("2025-01-07", "300"),
        ("2025-01-08", "-0.99"),
    )
    for number, note in enumerate(NOTES):
        flow_day = "2025-01-04" if number == 0 else "2025-01-07"  # a Saturday: carried forward
        _flow(db, flow_day, "deposit", f"{100 + number}.10", note)
    _flow(db, "2025-01-08", "withdrawal", "5000", None)
    _flow(db, "2025-01-08", "deposit", "20", None)
    _flow(db, "2025-01-08", "deposit", "20", None)
    voided = _flow(db, "2025-01-06", "deposit", "999.99", "typo, =wrong")
    void_cash_flow(db, voided, "entered twice")
    weekend_only = _flow(db, "2025-01-05", "deposit", "1", "voided Sunday")
    void_cash_flow(db, weekend_only, "wrong day")


def _flow(db, iso: str, kind: str, amount: str, notes: str | None):
    return record_cash_flow(db, FlowRequest("Source", day(iso), kind, D(amount), notes)).flow_id


def _copy(db) -> None:
    create_portfolio(db, NewPortfolio("Copy", D("250000.00"), day("2025-01-01"), "EUR"))


def _history(db, cli, name: str) -> dict:
    document = json.loads(cli(db, "history", name, "--json").stdout)
    assert document.pop("portfolio") == name
    return document


def _live_ledger(db, cli, name: str) -> list[dict]:
    flows = json.loads(cli(db, "flow", "list", name, "--json").stdout)
    return [{k: v for k, v in flow.items() if k != "id"} for flow in flows if not flow["voided"]]


def test_cli_exports_import_back_into_an_empty_portfolio(db, cli, tmp_path: Path):
    _original(db)
    history_file, ledger_file = tmp_path / "history.csv", tmp_path / "ledger.csv"
    history_file.write_text(cli(db, "history", "Source", "--csv").stdout)
    ledger_file.write_text(cli(db, "flow", "list", "Source", "--csv").stdout)
    _copy(db)

    snapshots = cli(db, "snapshot", "import", "Copy", str(history_file))
    flows = cli(db, "flow", "import", "Copy", str(ledger_file))

    assert "imported 5 new and 0 replaced day(s); skipped 1 carried-forward day(s)" in (
        snapshots.stdout
    )
    assert "recorded 10 flows from 2025-01-04; skipped 2 voided flows" in flows.stdout
    assert _history(db, cli, "Copy") == _history(db, cli, "Source")
    assert _live_ledger(db, cli, "Copy") == _live_ledger(db, cli, "Source")
    assert len(_live_ledger(db, cli, "Copy")) == 10
    notes = [flow["notes"] for flow in _live_ledger(db, cli, "Copy")]
    assert "=SUM(A1:A9)" in notes and "'already quoted" in notes and NOTE in notes
    assert 'comma, "double quotes", and a line break' in notes  # stored one line, as typed
    check = cli(db, "check")
    assert "all invariants hold" in check.stdout


def test_importing_the_same_ledger_file_twice_records_it_once(db, cli, tmp_path: Path):
    _original(db)
    ledger_file = tmp_path / "ledger.csv"
    ledger_file.write_text(cli(db, "flow", "list", "Source", "--csv").stdout)
    _copy(db)
    cli(db, "flow", "import", "Copy", str(ledger_file))
    again = cli(db, "flow", "import", "Copy", str(ledger_file))
    assert again.stdout.startswith("already recorded")
    assert len(_live_ledger(db, cli, "Copy")) == 10


def test_the_apps_downloads_import_back_through_the_services(db):
    """The bytes the app offers (the engine's writers) are what the checked imports read."""
    _original(db)
    history = history_csv(equity_history(db, "Source").frame)
    ledger = ledger_csv(list_cash_flows(db, "Source"))
    _copy(db)

    snapshot_check = check_snapshot_file(db, "Copy", history)
    flow_check = check_flow_file(db, "Copy", ledger)
    assert (snapshot_check.errors, flow_check.errors) == ([], [])
    assert (snapshot_check.skipped_carried, flow_check.skipped_voided) == (1, 2)
    import_snapshot_file(db, "Copy", history)
    result = import_flow_file(db, "Copy", ledger)

    assert result.skipped_voided == 2
    assert _figures(db, "Copy").equals(_figures(db, "Source"))
    live = [
        (f.flow_date, f.kind, f.amount, f.notes)
        for f in list_cash_flows(db, "Source")
        if not f.voided
    ]
    assert [(f.flow_date, f.kind, f.amount, f.notes) for f in list_cash_flows(db, "Copy")] == live


def _figures(db, name: str):
    """The history frame with its source read as carried forward or not (an import's days
    are ``import`` where the original's were ``batch``; the carried days must match)."""
    frame = equity_history(db, name).frame
    return frame.assign(source=frame["source"] == CARRY_FORWARD)


@pytest.mark.parametrize("note", NOTES)
def test_a_note_survives_the_spreadsheet_safety_apostrophe(db, note):
    create_portfolio(db, NewPortfolio("Source", D("1000"), day("2025-01-01")))
    record_cash_flow(db, FlowRequest("Source", day("2025-01-02"), "deposit", D("1"), note))
    ledger = ledger_csv(list_cash_flows(db, "Source"))
    _copy(db)
    import_flow_file(db, "Copy", ledger)
    assert [f.notes for f in list_cash_flows(db, "Copy")] == [
        f.notes for f in list_cash_flows(db, "Source")
    ]
