"""The command-line contract on both backends.

Most cases run in-process through ``equity.cli.main(argv)`` (stdout and stderr from capsys,
the exit status from the return value): a subprocess costs an interpreter start and the
engine's imports per command, which made this file the slowest in the suite. A few tests at
the end keep the contract honest through a real ``python -m equity`` subprocess: exit codes,
the stdout/stderr split and start-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.engine.conftest import Cli
from tests.support import full_dump

ROOT = Path(__file__).resolve().parents[2]


def run(db, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
    """``python -m equity --db URL ...`` in a real subprocess (the start-up contract)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "equity", "--db", db.url, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == expect, (result.stdout, result.stderr)
    return result


@pytest.fixture
def fund(db, cli: Cli):
    cli(db, "init")
    cli(db, "portfolio", "add", "Fund", "--opening-equity", "1000000", "--inception", "2025-01-01")
    cli(
        db,
        "snapshot",
        "add",
        "Fund",
        "2025-01-02",
        "--daily-pnl",
        "50000",
        "--total-value",
        "1050000",
    )
    cli(db, "snapshot", "add", "Fund", "2025-01-03", "--daily-pnl=-20000")
    return db


def test_timeline_through_the_cli(fund, cli):
    out = json.loads(
        cli(fund, "flow", "add", "Fund", "2025-01-02", "deposit", "100000", "--json").stdout
    )
    assert out["new_equity_balance"] == "1130000.00"
    assert set(out) == {"id", "new_equity_balance"}
    history = json.loads(cli(fund, "history", "Fund", "--json").stdout)
    assert history["portfolio"] == "Fund" and history["currency"] == "USD"
    assert history["current_equity"] == "1130000.00"
    assert [r["equity_balance"] for r in history["history"]] == ["1150000.00", "1130000.00"]
    assert list(history["history"][0]) == [
        "date",
        "equity_balance",
        "daily_pnl",
        "cumulative_pnl",
        "equity_inflow",
        "equity_outflow",
        "total_value",
    ]
    assert history["history"][1]["total_value"] == "1050000.00"
    assert history["history"][1]["daily_pnl"] == "-20000.00"


def test_idempotency_key_repeats_answer_with_the_first_flow(fund, cli):
    args = (
        "flow",
        "add",
        "Fund",
        "2025-01-03",
        "withdrawal",
        "1250.50",
        "--idempotency-key",
        "k-1",
        "--json",
    )
    first = json.loads(cli(fund, *args).stdout)
    second = json.loads(cli(fund, *args).stdout)
    assert first == second == {"id": first["id"], "new_equity_balance": "1028749.50"}
    flows = json.loads(cli(fund, "flow", "list", "Fund", "--json").stdout)
    assert len(flows) == 1
    assert flows[0] == {
        "id": first["id"],
        "date": "2025-01-03",
        "kind": "withdrawal",
        "amount": "1250.50",
        "notes": None,
        "voided": False,
    }


def test_void_list_recompute_and_check(fund, cli):
    flow_id = json.loads(
        cli(fund, "flow", "add", "Fund", "2025-01-04", "deposit", "5", "--json").stdout
    )["id"]
    cli(fund, "flow", "void", flow_id, "--reason", "typo")
    flows = json.loads(cli(fund, "flow", "list", "Fund", "--json").stdout)
    assert flows[0]["voided"] is True
    assert "day(s) recomputed" in cli(fund, "recompute", "--all").stdout
    assert "day(s) recomputed" in cli(fund, "recompute", "Fund", "--from", "2025-01-03").stdout
    assert "all invariants hold" in cli(fund, "check").stdout


def test_check_exits_1_and_names_the_broken_day(fund, cli):
    with fund.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE portfolio_snapshots SET equity_balance = equity_balance + 1"
        )
    result = cli(fund, "check", "Fund", expect=1)
    assert "Fund on 2025-01-02: equity_balance follows the equity formula" in result.stdout
    cli(fund, "recompute", "Fund")
    cli(fund, "check")


def test_portfolio_list_json(fund, cli):
    listed = json.loads(cli(fund, "portfolio", "list", "--json").stdout)
    assert listed == [
        {
            "id": listed[0]["id"],
            "name": "Fund",
            "currency": "USD",
            "inception_date": "2025-01-01",
            "opening_equity": "1000000.00",
            "equity_balance": "1030000.00",
        }
    ]


def test_history_csv_and_date_range(fund, cli):
    out = cli(fund, "history", "Fund", "--csv", "--start", "2025-01-03").stdout.splitlines()
    assert out[0] == (
        "date,equity_balance,daily_pnl,cumulative_pnl,equity_inflow,equity_outflow,total_value,"
        "source"
    )
    assert out[1:] == ["2025-01-03,1030000.00,-20000.00,30000.00,0.00,0.00,1050000.00,manual"]


def test_snapshot_import_from_csv(fund, cli, tmp_path):
    csv_file = tmp_path / "days.csv"
    csv_file.write_bytes(
        b"\xef\xbb\xbfsnapshot_date,daily_pnl,total_value\n2025-01-06,100.10,1\n2025-01-07,-0.10,\n"
    )
    cli(fund, "snapshot", "import", "Fund", str(csv_file))
    history = json.loads(cli(fund, "history", "Fund", "--json").stdout)
    assert history["current_equity"] == "1030100.00"
    assert history["history"][-1]["total_value"] == "1.00"


def test_performance_json_keys(fund, cli):
    perf = json.loads(cli(fund, "performance", "Fund", "--json").stdout)
    assert list(perf) == [
        "start",
        "end",
        "twr",
        "twr_annualized",
        "mwr",
        "max_drawdown",
        "volatility",
        "undefined_days",
        "net_contributions",
        "cumulative_pnl",
        "current_equity",
        "mwr_cumulative",
        "mwr_annualized",
    ]
    assert perf["start"] == "2025-01-01" and perf["end"] == "2025-01-03"
    assert perf["twr"] == pytest.approx(0.03)
    assert perf["twr_annualized"] is None
    assert perf["current_equity"] == "1030000.00"
    assert perf["cumulative_pnl"] == "30000.00"
    assert perf["net_contributions"] == "1000000.00"


#: Stands for the day after the run's today, read when the case runs (a run may cross midnight).
TOMORROW = "<tomorrow>"
BAD_INPUTS = [
    ("flow", "add", "Fund", "2025-01-03", "deposit", "-5"),
    ("flow", "add", "Fund", "2025-01-03", "deposit", "abc"),
    ("flow", "add", "Fund", "2025-01-03", "deposit", "1.234"),
    ("flow", "add", "Fund", "2025-01-03", "deposit", "NaN"),
    ("flow", "add", "Fund", TOMORROW, "deposit", "1"),
    ("flow", "add", "Fund", "2025-02-30", "deposit", "1"),
    ("flow", "add", "Nobody", "2025-01-03", "deposit", "1"),
    ("flow", "add", "Fund", "2025-01-03", "transfer", "1"),
    ("flow", "add", "Fund", "2025-01-03", "withdrawal", "99999999"),
    ("flow", "void", "not-a-uuid", "--reason", "x"),
    ("snapshot", "add", "Fund", "2024-12-01", "--daily-pnl", "1"),
    ("portfolio", "add", "Fund", "--opening-equity", "1", "--inception", "2025-01-01"),
    ("history", "Fund", "--start", "yesterday"),
    ("snapshot", "import", "Fund", "/nonexistent/file.csv"),
    ("flow", "add", "Fund", "2025-01-03"),
]


@pytest.mark.parametrize("args", BAD_INPUTS, ids=[" ".join(a) for a in BAD_INPUTS])
def test_bad_input_exits_2_with_error_line_and_writes_nothing(fund, cli, args):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    args = tuple(tomorrow if a == TOMORROW else a for a in args)
    before = full_dump(fund)
    result = cli(fund, *args, expect=2)
    assert result.stderr.startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert full_dump(fund) == before


def test_benchmark_import_and_comparison(fund, cli, tmp_path):
    prices = tmp_path / "index.csv"
    prices.write_text("date,close\n2025-01-01,100\n2025-01-02,102\n2025-01-03,101.49\n")
    assert "3 close(s)" in cli(fund, "benchmark", "import", "Index", str(prices)).stdout
    perf = json.loads(cli(fund, "performance", "Fund", "--benchmark", "Index", "--json").stdout)
    assert perf["benchmark"]["name"] == "Index"
    assert perf["benchmark"]["benchmark_return"] == pytest.approx(0.0149)
    assert perf["benchmark"]["portfolio_return"] == pytest.approx(0.03)
    assert perf["benchmark"]["excess_return"] == pytest.approx(0.0151)
    listed = json.loads(cli(fund, "benchmark", "list", "--json").stdout)
    assert listed == [
        {"name": "Index", "first_date": "2025-01-01", "last_date": "2025-01-03", "prices": 3}
    ]


def test_period_option_gives_that_period(fund, cli):
    perf = json.loads(cli(fund, "performance", "Fund", "--period", "YTD", "--json").stdout)
    assert perf["period"] == "YTD" and perf["start"] == "2025-01-01"
    assert perf["pnl"] == "30000.00" and perf["net_flows"] == "0.00"
    assert perf["twr"] == pytest.approx(0.03)


def test_audit_lists_every_change_newest_first(fund, cli):
    flow_id = json.loads(
        cli(fund, "flow", "add", "Fund", "2025-01-03", "deposit", "10", "--json").stdout
    )["id"]
    cli(fund, "flow", "void", flow_id, "--reason", '=HYPERLINK("x")')
    rows = json.loads(cli(fund, "audit", "Fund", "--json").stdout)
    assert [r["action"] for r in rows] == [
        "flow.void",
        "flow.record",
        "snapshot.manual",
        "snapshot.manual",
        "portfolio.create",
    ]
    assert rows[0]["flow_id"] == flow_id
    csv_text = cli(fund, "audit", "Fund", "--csv").stdout
    assert "voided the deposit of $10.00: =HYPERLINK" in csv_text  # mid-cell: harmless


# The contract through a real ``python -m equity``: start-up, exit codes, stdout/stderr split.


def test_python_m_equity_prints_results_on_stdout_and_nothing_on_stderr(db):
    run(db, "init")
    run(db, "portfolio", "add", "Fund", "--opening-equity", "1000000", "--inception", "2025-01-01")
    result = run(db, "flow", "add", "Fund", "2025-01-01", "deposit", "250.50", "--json")
    assert result.stderr == ""
    assert json.loads(result.stdout) == {
        "id": json.loads(result.stdout)["id"],
        "new_equity_balance": "1000250.50",
    }


def test_python_m_equity_bad_input_is_status_2_on_stderr_only(db):
    run(db, "init")
    run(db, "portfolio", "add", "Fund", "--opening-equity", "1000000", "--inception", "2025-01-01")
    before = full_dump(db)
    refused = run(db, "flow", "add", "Fund", "2025-01-01", "deposit", "1.234", expect=2)
    assert refused.stdout == ""
    assert refused.stderr.startswith("error: ") and "Traceback" not in refused.stderr
    usage = run(db, "flow", "add", "Fund", "2025-01-01", "transfer", "1", expect=2)
    assert usage.stdout == "" and usage.stderr.startswith("error: ")
    assert full_dump(db) == before


def test_python_m_equity_check_is_status_1_with_the_problem_on_stdout(db):
    run(db, "init")
    run(db, "portfolio", "add", "Fund", "--opening-equity", "1000000", "--inception", "2025-01-01")
    run(db, "snapshot", "add", "Fund", "2025-01-02", "--daily-pnl", "50000")
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE portfolio_snapshots SET equity_balance = 1")
    result = run(db, "check", expect=1)
    assert "Fund on 2025-01-02: equity_balance follows the equity formula" in result.stdout
