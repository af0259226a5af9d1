"""The flow rules live once (equity.domain.rules) and every face meets the same ones."""

from __future__ import annotations

from decimal import Decimal

import pytest

from equity.cli import main
from equity.domain.rules import (
    FLOW_KINDS,
    FlowTerms,
    check_equity_figures,
    check_flow,
    signed_amount,
    takes_capital_out,
)
from equity.errors import ValidationError
from equity.services.cash_flows import FlowRequest, list_cash_flows, record_cash_flow
from equity.services.imports import import_cash_flows, import_snapshots_csv, parse_cash_flow_csv
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from tests.support import D, day, full_dump

INCEPTION, TODAY = day("2025-01-01"), day("2026-06-30")
YEN_SEN = "amount: '1250.50' has more decimal places than JPY allows (0)"


def flow(kind="deposit", amount="100.00", when="2025-03-03", notes=None, currency="USD"):
    return check_flow(
        day(when), kind, D(amount), notes, currency=currency, inception=INCEPTION, today=TODAY
    )


def test_a_good_flow_comes_back_cleaned():
    assert flow(" Withdrawal ", "1250.5", notes="  Q2\ncall ") == FlowTerms(
        day("2025-03-03"), "withdrawal", D("1250.50"), "Q2 call"
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "transfer"}, "kind: 'transfer' is not one of deposit, withdrawal"),
        ({"amount": "0"}, "amount: 0.00 must be greater than zero"),
        ({"amount": "-5"}, "amount: '-5' must not be negative"),
        ({"amount": "1.005"}, "amount: '1.005' has more than 2 decimal places"),
        ({"amount": "1250.50", "currency": "JPY"}, YEN_SEN),
        ({"when": "2024-12-31"}, "date: 2024-12-31 is before the inception date 2025-01-01"),
        ({"when": "2026-07-01"}, "date: 2026-07-01 is in the future (today is 2026-06-30)"),
        ({"notes": "x" * 2001}, "notes: is 2001 characters; the limit is 2000"),
    ],
)
def test_each_rule_refuses_in_words(changes, message):
    with pytest.raises(ValidationError) as raised:
        flow(**changes)
    assert str(raised.value) == message


def test_kinds_signs_and_which_changes_take_capital_out():
    assert FLOW_KINDS == ("deposit", "withdrawal")
    assert (signed_amount("deposit", D("5")), signed_amount("withdrawal", D("5"))) == (
        D("5"),
        D("-5"),
    )
    assert [takes_capital_out(k) for k in FLOW_KINDS] == [False, True]
    assert [takes_capital_out(k, voiding=True) for k in FLOW_KINDS] == [True, False]


def test_the_equity_guard_refuses_beyond_numeric_always_and_negative_only_when_asked():
    check_equity_figures(
        D("99999999999999.99"), D("-1"), field="f", shown="x", forbid_negative=False, currency="USD"
    )
    with pytest.raises(
        ValidationError, match=r"^f: x would put equity beyond 99,999,999,999,999.99$"
    ):
        check_equity_figures(
            D("100000000000000.00"),
            D("0"),
            field="f",
            shown="x",
            forbid_negative=False,
            currency="USD",
        )
    with pytest.raises(ValidationError) as raised:
        check_equity_figures(
            D("10"),
            D("-7.5"),
            field="amount",
            shown="withdrawal of 20.00",
            forbid_negative=True,
            currency="USD",
            first_negative=(day("2025-01-02"), Decimal("-7.5")),
        )
    assert str(raised.value) == (
        "amount: withdrawal of 20.00 would make equity negative on 2025-01-02 (-$7.50)"
    )


@pytest.fixture
def yen(db):
    create_portfolio(db, NewPortfolio("Tokyo", D("1000000"), INCEPTION, "JPY"))
    return db


def test_sen_are_refused_the_same_way_by_the_service_the_csv_import_and_the_cli(yen, capsys):
    before = full_dump(yen)
    with pytest.raises(ValidationError) as by_service:
        record_cash_flow(yen, FlowRequest("Tokyo", day("2025-03-03"), "deposit", D("1250.50")))
    assert str(by_service.value) == YEN_SEN

    rows = parse_cash_flow_csv(
        b"date,kind,amount\n2025-03-03,deposit,1250\n2025-03-04,deposit,1250.50\n"
    )
    with pytest.raises(ValidationError) as by_csv:
        import_cash_flows(yen, "Tokyo", rows)
    assert (by_csv.value.row, by_csv.value.message) == (3, YEN_SEN.removeprefix("amount: "))

    code = main(["--db", yen.url, "flow", "add", "Tokyo", "2025-03-03", "deposit", "1250.50"])
    assert (code, capsys.readouterr().err) == (2, f"error: {YEN_SEN}\n")
    assert full_dump(yen) == before

    record_cash_flow(yen, FlowRequest("Tokyo", day("2025-03-03"), "deposit", D("1250")))
    assert [f.amount for f in list_cash_flows(yen, "Tokyo")] == [D("1250.00")]


def test_a_yen_snapshot_with_sen_is_refused_by_upsert_and_csv_import(yen):
    before = full_dump(yen)
    with pytest.raises(ValidationError) as by_upsert:
        upsert_snapshots(yen, "Tokyo", [SnapshotInput(day("2025-01-02"), D("-12.50"))])
    assert str(by_upsert.value) == (
        "daily_pnl: '-12.50' has more decimal places than JPY allows (0)"
    )
    with pytest.raises(ValidationError) as by_csv:
        import_snapshots_csv(
            yen, "Tokyo", b"snapshot_date,daily_pnl,total_value\n2025-01-02,5,10.5\n"
        )
    assert (by_csv.value.row, by_csv.value.field) == (2, "total_value")
    assert full_dump(yen) == before
    result = upsert_snapshots(yen, "Tokyo", [SnapshotInput(day("2025-01-02"), D("-12"))])
    assert result.new_equity_balance == D("999988.00")
