"""The command-line contract, end to end through a subprocess, on both backends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.support import full_dump

ROOT = Path(__file__).resolve().parents[2]


def run(db, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
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
def fund(db):
    run(db, "init")
    run(db, "portfolio", "add", "Fund", "--opening-equity", "1000000", "--inception", "2025-01-01")
    run(
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
    run(db, "snapshot", "add", "Fund", "2025-01-03", "--daily-pnl=-20000")
    return db


def test_timeline_through_the_cli(fund):
    out = json.loads(
        run(fund, "flow", "add", "Fund", "2025-01-02", "deposit", "100000", "--json").stdout
    )
    assert out["new_equity_balance"] == "1130000.00"
    assert set(out) == {"id", "new_equity_balance"}
    history = json.loads(run(fund, "history", "Fund", "--json").stdout)
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


def test_idempotency_key_repeats_answer_with_the_first_flow(fund):
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
    first = json.loads(run(fund, *args).stdout)
    second = json.loads(run(fund, *args).stdout)
    assert first == second == {"id": first["id"], "new_equity_balance": "1028749.50"}
    flows = json.loads(run(fund, "flow", "list", "Fund", "--json").stdout)
    assert len(flows) == 1
    assert flows[0] == {
        "id": first["id"],
        "date": "2025-01-03",
        "kind": "withdrawal",
        "amount": "1250.50",
        "notes": None,
        "voided": False,
    }


def test_void_list_recompute_and_check(fund):
    flow_id = json.loads(
        run(fund, "flow", "add", "Fund", "2025-01-04", "deposit", "5", "--json").stdout
    )["id"]
    run(fund, "flow", "void", flow_id, "--reason", "typo")
    flows = json.loads(run(fund, "flow", "list", "Fund", "--json").stdout)
    assert flows[0]["voided"] is True
    assert "day(s) recomputed" in run(fund, "recompute", "--all").stdout
    assert "day(s) recomputed" in run(fund, "recompute", "Fund", "--from", "2025-01-03").stdout
    assert "all invariants hold" in run(fund, "check").stdout


def test_check_exits_1_and_names_the_broken_day(fund):
    with fund.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE portfolio_snapshots SET equity_balance = equity_balance + 1"
        )
    result = run(fund, "check", "Fund", expect=1)
    assert "Fund on 2025-01-02: equity_balance follows the equity formula" in result.stdout
    run(fund, "recompute", "Fund")
    run(fund, "check")


def test_portfolio_list_json(fund):
    listed = json.loads(run(fund, "portfolio", "list", "--json").stdout)
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


def test_history_csv_and_date_range(fund):
    out = run(fund, "history", "Fund", "--csv", "--start", "2025-01-03").stdout.splitlines()
    assert (
        out[0]
        == "date,equity_balance,daily_pnl,cumulative_pnl,equity_inflow,equity_outflow,total_value"
    )
    assert out[1:] == ["2025-01-03,1030000.00,-20000.00,30000.00,0.00,0.00,1050000.00"]


def test_snapshot_import_from_csv(fund, tmp_path):
    csv_file = tmp_path / "days.csv"
    csv_file.write_bytes(
        b"\xef\xbb\xbfsnapshot_date,daily_pnl,total_value\n2025-01-06,100.10,1\n2025-01-07,-0.10,\n"
    )
    run(fund, "snapshot", "import", "Fund", str(csv_file))
    history = json.loads(run(fund, "history", "Fund", "--json").stdout)
    assert history["current_equity"] == "1030100.00"
    assert history["history"][-1]["total_value"] == "1.00"


def test_performance_json_keys(fund):
    perf = json.loads(run(fund, "performance", "Fund", "--json").stdout)
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
    ]
    assert perf["start"] == "2025-01-01" and perf["end"] == "2025-01-03"
    assert perf["twr"] == pytest.approx(0.03)
    assert perf["twr_annualized"] is None
    assert perf["current_equity"] == "1030000.00"
    assert perf["cumulative_pnl"] == "30000.00"
    assert perf["net_contributions"] == "1000000.00"


TOMORROW = (date.today() + timedelta(days=1)).isoformat()
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
def test_bad_input_exits_2_with_error_line_and_writes_nothing(fund, args):
    before = full_dump(fund)
    result = run(fund, *args, expect=2)
    assert result.stderr.startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert full_dump(fund) == before


def test_benchmark_import_and_comparison(fund, tmp_path):
    prices = tmp_path / "index.csv"
    prices.write_text("date,close\n2025-01-01,100\n2025-01-02,102\n2025-01-03,101.49\n")
    assert "3 close(s)" in run(fund, "benchmark", "import", "Index", str(prices)).stdout
    perf = json.loads(run(fund, "performance", "Fund", "--benchmark", "Index", "--json").stdout)
    assert perf["benchmark"]["name"] == "Index"
    assert perf["benchmark"]["benchmark_return"] == pytest.approx(0.0149)
    assert perf["benchmark"]["portfolio_return"] == pytest.approx(0.03)
    assert perf["benchmark"]["excess_return"] == pytest.approx(0.0151)
    listed = json.loads(run(fund, "benchmark", "list", "--json").stdout)
    assert listed == [
        {"name": "Index", "first_date": "2025-01-01", "last_date": "2025-01-03", "prices": 3}
    ]


def test_period_option_gives_that_period(fund):
    perf = json.loads(run(fund, "performance", "Fund", "--period", "YTD", "--json").stdout)
    assert perf["period"] == "YTD" and perf["start"] == "2025-01-01"
    assert perf["pnl"] == "30000.00" and perf["net_flows"] == "0.00"
    assert perf["twr"] == pytest.approx(0.03)


def test_audit_lists_every_change_newest_first(fund):
    flow_id = json.loads(
        run(fund, "flow", "add", "Fund", "2025-01-03", "deposit", "10", "--json").stdout
    )["id"]
    run(fund, "flow", "void", flow_id, "--reason", '=HYPERLINK("x")')
    rows = json.loads(run(fund, "audit", "Fund", "--json").stdout)
    assert [r["action"] for r in rows] == [
        "flow.void",
        "flow.record",
        "snapshot.manual",
        "snapshot.manual",
        "portfolio.create",
    ]
    assert rows[0]["flow_id"] == flow_id
    csv_text = run(fund, "audit", "Fund", "--csv").stdout
    assert "voided the deposit of 10.00: =HYPERLINK" in csv_text  # mid-cell: harmless
