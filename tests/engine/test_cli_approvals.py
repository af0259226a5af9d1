"""``flow pending | approve | reject`` through the command line (the operator's channel).

Alpha (four-eyes on): opening 1,000,000.00; equity 1,000,050.00 on 3 Jan 2025 and
1,000,075.00 on 6 Jan. Proposals come from MAKER signed in to the app; the CLI's actor
is EQUITY_USER.
"""

from __future__ import annotations

import json
import uuid

import pytest

from equity.services.approvals import propose_cash_flow, propose_void
from equity.services.cash_flows import FlowRequest, list_cash_flows, record_cash_flow
from tests.engine.four_eyes_support import (
    CHECKER,
    MAKER,
    balance,
    ledger_count,
    pending_rows,
    people,  # noqa: F401 (the fixture every test here uses)
)
from tests.support import D, day, full_dump

pytestmark = pytest.mark.usefixtures("people")

PENDING_KEYS = [
    "id",
    "action",
    "date",
    "kind",
    "amount",
    "notes",
    "flow_id",
    "reason",
    "proposed_by",
    "proposed_at",
]


def propose(db, amount: str = "500", notes: str | None = "wire 7") -> uuid.UUID:
    request = FlowRequest("Alpha", day("2025-01-03"), "deposit", D(amount), notes)
    return propose_cash_flow(db.as_signed_in(MAKER), request).id


@pytest.fixture(autouse=True)
def checker(monkeypatch):
    monkeypatch.setenv("EQUITY_USER", CHECKER)


def test_pending_json_has_exactly_the_contract_keys(db, cli):
    first = propose(db, "500")
    flow = record_cash_flow(db, FlowRequest("Alpha", day("2025-01-06"), "deposit", D("7")))
    void = propose_void(db.as_signed_in(MAKER), flow.flow_id, "duplicate")
    listed = json.loads(cli(db, "flow", "pending", "alpha", "--json").stdout)
    assert [list(item) for item in listed] == [PENDING_KEYS, PENDING_KEYS]
    by_id = {item["id"]: item for item in listed}  # one frozen instant: either order
    assert by_id[str(first)] == {
        "id": str(first),
        "action": "record",
        "date": "2025-01-03",
        "kind": "deposit",
        "amount": "500.00",
        "notes": "wire 7",
        "flow_id": None,
        "reason": None,
        "proposed_by": MAKER,
        "proposed_at": "2026-06-30T15:00:00+00:00",
    }
    voiding = by_id[str(void.id)]
    assert (voiding["action"], voiding["flow_id"], voiding["reason"], voiding["amount"]) == (
        "void",
        str(flow.flow_id),
        "duplicate",
        "7.00",
    )
    assert (voiding["kind"], voiding["date"], voiding["notes"]) == ("deposit", "2025-01-06", None)


def test_pending_text_names_who_and_what(db, cli):
    pending = propose(db, "500")
    text = cli(db, "flow", "pending", "Alpha").stdout
    assert str(pending) in text and MAKER in text and "500.00" in text and "wire 7" in text


def test_pending_says_when_nothing_waits(db, cli):
    assert cli(db, "flow", "pending", "Alpha").stdout == "no flows wait for approval\n"
    assert json.loads(cli(db, "flow", "pending", "Alpha", "--json").stdout) == []


def test_approve_applies_and_prints_the_new_equity(db, cli):
    pending = propose(db, "500")
    out = cli(db, "flow", "approve", str(pending)).stdout
    [flow] = list_cash_flows(db, "Alpha")
    assert out == (
        f"approved {pending}: applied to flow {flow.id}; 2 day(s) recomputed; "
        "equity now 1000575.00\n"
    )
    assert flow.created_by == MAKER and balance(db) == D("1000575.00")
    again = cli(db, "flow", "approve", str(pending), expect=2)
    assert again.stderr.startswith(f"error: approval: already approved by {CHECKER}")
    assert ledger_count(db) == 1


@pytest.mark.parametrize("operator", [MAKER, "ANN@FIRM.com"])
def test_the_maker_cannot_approve_from_the_cli_either(db, cli, monkeypatch, operator):
    pending = propose(db)
    monkeypatch.setenv("EQUITY_USER", operator)
    before = full_dump(db)
    refused = cli(db, "flow", "approve", str(pending), expect=2)
    assert refused.stderr.startswith("error: approval: you proposed this; a different person")
    assert full_dump(db) == before


def test_reject_keeps_equity_and_says_so(db, cli):
    pending = propose(db)
    out = cli(db, "flow", "reject", str(pending), "--reason", "wrong account").stdout
    assert out == (
        f"rejected {pending} (record of the deposit of 500.00 on 2025-01-03, "
        f"proposed by {MAKER}); equity unchanged\n"
    )
    [row] = pending_rows(db)
    assert (row.status, row.decided_by, row.decision_note) == ("rejected", CHECKER, "wrong account")
    assert balance(db) == D("1000075.00") and ledger_count(db) == 0


def test_the_maker_withdraws_with_reject(db, cli, monkeypatch):
    pending = propose(db)
    monkeypatch.setenv("EQUITY_USER", MAKER)
    out = cli(db, "flow", "reject", str(pending), "--reason", "typo").stdout
    assert out.startswith(f"withdrew {pending}")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["flow", "approve", "not-an-id"], "error: id: 'not-an-id' is not a proposal id"),
        (
            ["flow", "approve", "00000000-0000-0000-0000-000000000001"],
            "error: id: no proposal waiting for approval",
        ),
        (["flow", "reject", "PENDING", "--reason", "  "], "error: reason: is required"),
        (["flow", "reject", "PENDING"], "error: the following arguments are required: --reason"),
        (["flow", "pending", "Gamma"], "error: portfolio: no portfolio named"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(db, cli, args, message):
    pending = propose(db)
    before = full_dump(db)
    refused = cli(db, *[str(pending) if a == "PENDING" else a for a in args], expect=2)
    assert refused.stderr.startswith(message)
    assert full_dump(db) == before
