"""Every JSON document the CLI prints, for one hand-built scenario, against stored files.

The scenario has fixed dates (never today): Harbour Fund opens with 1,000,000.00 on
Tuesday 2 January 2024, books four days of P&L (one of them ``-0.00``), a deposit, a
voided deposit and a Saturday withdrawal that carries Friday forward; Yen Book exists
beside it. The output of each command must equal ``expected/<name>.json`` byte for byte,
ids and audit timestamps aside (they differ per run and are replaced by placeholders in
order of appearance). Run with ``EQUITY_WRITE_EXPECTED=1`` to rewrite the files after a
deliberate change, then read the diff.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from fractions import Fraction as F
from pathlib import Path

import pytest

from equity.cli import main

EXPECTED = Path(__file__).parent / "expected"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
RECORDED_AT = re.compile(r'("recorded_at": )"[^"]*"')
CLOSES = (
    "date,close\n2024-01-02,4000.00\n2024-01-03,4040.00\n2024-01-04,4019.80\n2024-01-05,4100.00\n"
)


class Scenario:
    """Runs commands in-process on one database and names the ids it meets."""

    def __init__(self, url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.url, self.capsys, self.ids = url, capsys, {}

    def run(self, *args: str) -> str:
        code = main(["--db", self.url, *args])
        out, err = self.capsys.readouterr()
        assert code == 0, err
        return out

    def document(self, *args: str) -> str:
        """The command's stdout with ids and audit times replaced, stable across runs."""
        text = self.run(*args)
        text = UUID.sub(lambda m: self.ids.setdefault(m.group(), f"<id {len(self.ids) + 1}>"), text)
        return RECORDED_AT.sub(r'\1"<recorded_at>"', text)


@pytest.fixture
def harbour(db, capsys, tmp_path, monkeypatch) -> Iterator[Scenario]:
    monkeypatch.setenv("EQUITY_USER", "ops@harbour.example")
    scenario = Scenario(db.url, capsys)
    scenario.run(
        "portfolio", "add", "Harbour Fund", "--opening-equity", "1000000",
        "--inception", "2024-01-02",
    )  # fmt: skip
    scenario.run(
        "portfolio", "add", "Yen Book", "--opening-equity", "50000000",
        "--inception", "2024-01-02", "--currency", "JPY",
    )  # fmt: skip
    for iso, pnl in (
        ("2024-01-02", "50000"),
        ("2024-01-03", "-20000"),
        ("2024-01-04", "-0.00"),
        ("2024-01-05", "12500.50"),
    ):
        scenario.run("snapshot", "add", "Harbour Fund", iso, "--daily-pnl", pnl)
    closes = tmp_path / "index.csv"
    closes.write_text(CLOSES)
    scenario.run("benchmark", "import", "World Index", str(closes))
    yield scenario


def check(name: str, text: str) -> None:
    path = EXPECTED / f"{name}.json"
    if os.environ.get("EQUITY_WRITE_EXPECTED"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name}: output differs from {path}"


def assert_figures_by_hand(summary: dict, since_inception: dict) -> None:
    """The scenario's returns worked out with exact fractions, independently of the engine."""
    days = [
        F(50000, 1000000),  # 2 Jan on the opening equity
        F(-20000, 1050000 + 250000),  # 3 Jan: the deposit counts from the start of the day
        F(0),
        F(1250050, 128000000),  # 5 Jan: 12,500.50 on 1,280,000.00
        F(0),  # Saturday's carried day: the withdrawal leaves at its end
    ]
    growth = F(1)
    for r in days:
        growth *= 1 + r
    assert summary["twr"] == pytest.approx(float(growth - 1), rel=1e-15)
    assert summary["max_drawdown"] == pytest.approx(float(days[1]), rel=1e-15)
    # MWR over 4 days: the rate g of the whole period at which the flows' value is nil,
    # each flow discounted by (1 + g) to the power of its share of the period.
    flows = [(0, -1000000), (1, -250000), (4, 100000.25), (4, 1192500.25)]
    low, high = -0.5, 0.5
    for _ in range(200):
        rate = (low + high) / 2
        value = sum(amount / (1 + rate) ** (days / 4) for days, amount in flows)
        low, high = (rate, high) if value > 0 else (low, rate)
    assert summary["mwr"] == pytest.approx(low, rel=1e-12)
    for key in ("twr", "twr_annualized", "mwr"):  # one rule for ratios: the same numbers
        assert since_inception[key] == summary[key]


def test_every_cli_json_document_of_the_harbour_scenario(harbour: Scenario) -> None:
    deposit = harbour.document(
        "flow", "add", "Harbour Fund", "2024-01-03", "deposit", "250000",
        "--notes", "Q1 subscription", "--idempotency-key", "harbour-q1", "--json",
    )  # fmt: skip
    check("flow_add_deposit", deposit)
    check(
        "flow_add_repeated",
        harbour.document(
            "flow", "add", "Harbour Fund", "2024-01-03", "deposit", "250000",
            "--notes", "Q1 subscription", "--idempotency-key", "harbour-q1", "--json",
        ),
    )  # fmt: skip
    mistake = harbour.run("flow", "add", "Harbour Fund", "2024-01-04", "deposit", "1000", "--json")
    harbour.document(*("flow", "list", "Harbour Fund", "--json"))  # names the mistake's id
    harbour.run("flow", "void", UUID.search(mistake).group(), "--reason", "entered twice")
    check(
        "flow_add_saturday_withdrawal",
        harbour.document(
            "flow", "add", "Harbour Fund", "2024-01-06", "withdrawal", "100000.25",
            "--notes", "redemption", "--json",
        ),
    )  # fmt: skip
    check("portfolio_list", harbour.document("portfolio", "list", "--json"))
    check("flow_list", harbour.document("flow", "list", "Harbour Fund", "--json"))
    check("history", harbour.document("history", "Harbour Fund", "--json"))
    check(
        "history_range",
        harbour.document(
            "history", "Harbour Fund", "--start", "2024-01-04", "--end", "2024-01-05", "--json"
        ),
    )
    performance = harbour.document("performance", "Harbour Fund", "--json")
    check("performance", performance)
    since_inception = harbour.document("performance", "Harbour Fund", "--period", "ITD", "--json")
    check("performance_itd", since_inception)
    assert_figures_by_hand(json.loads(performance), json.loads(since_inception))
    check(
        "performance_mtd",
        harbour.document("performance", "Harbour Fund", "--period", "MTD", "--json"),
    )
    check(
        "performance_benchmark",
        harbour.document("performance", "Harbour Fund", "--benchmark", "World Index", "--json"),
    )
    check("benchmark_list", harbour.document("benchmark", "list", "--json"))
    check("audit", harbour.document("audit", "Harbour Fund", "--json"))
