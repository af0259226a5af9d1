"""``statement issue`` and ``statement list`` through the command line, on both backends.

The id printed is the stored statement's; ``--all`` reports progress on stderr and a
summary on stdout; ``list --json`` has exactly the contract's keys; portfolios literally
named ``issue`` and ``list`` stay reachable. (A viewer's refusal is the service's:
tests/engine/test_statement_issue.py; the command line is the operator's channel.)
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal

import pytest

from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.statements import list_statements, statement_pdf
from tests.engine.access_support import table_contents
from tests.engine.issued_support import CLIENT, seed_client
from tests.support import new_portfolio

JAN = ("--from", "2025-01-01", "--to", "2025-01-31")
LIST_KEYS = [
    "id",
    "from",
    "to",
    "version",
    "issued_at",
    "issued_by",
    "sha256",
    "status",
    "differences",
]


@pytest.fixture
def client(db):
    seed_client(db)
    return db


def test_issue_prints_the_new_id_and_list_json_has_the_contract_keys(client, cli):
    issued_id = cli(client, "statement", "issue", CLIENT, *JAN).stdout.strip()
    record_cash_flow(client, FlowRequest(CLIENT, date(2025, 1, 15), "deposit", Decimal("750")))
    [listed] = json.loads(cli(client, "statement", "list", CLIENT, "--json").stdout)
    assert list(listed) == LIST_KEYS
    assert listed["id"] == issued_id
    assert (listed["from"], listed["to"], listed["version"]) == ("2025-01-01", "2025-01-31", 1)
    assert listed["status"] == "restated"
    assert listed["sha256"] == hashlib.sha256(statement_pdf(client, issued_id)).hexdigest()
    by_figure = {d["figure"]: d for d in listed["differences"]}
    assert all(list(d) == ["figure", "issued", "now"] for d in listed["differences"])
    assert (by_figure["deposits"]["issued"], by_figure["deposits"]["now"]) == ("0.00", "750.00")
    text = cli(client, "statement", "list", CLIENT).stdout
    assert "restated" in text and "deposits: issued 0.00, now 750.00" in text


def test_issue_all_reports_progress_on_stderr_and_a_summary(client, cli):
    seed_client(client, "Second Fund")
    new_portfolio(client, "Late Fund", "1000", "2025-03-01")
    outcome = cli(client, "statement", "issue", "--all", *JAN)
    assert outcome.stderr.splitlines() == [
        f"[1/3] {CLIENT}: issued",
        "[2/3] Late Fund: skipped",
        "[3/3] Second Fund: issued",
    ]
    assert outcome.stdout.startswith("issued 2, skipped 1, refused 0 statements")
    assert len(list_statements(client, "Second Fund")) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("statement", "issue", CLIENT, "--from", "2025-01-31", "--to", "2025-01-01"),
        ("statement", "issue", CLIENT, "--from", "2025-13-01", "--to", "2025-01-31"),
        ("statement", "issue", CLIENT, "--to", "2025-01-31"),
        ("statement", "issue", "No Such Fund", *JAN),
        ("statement", "issue", CLIENT, "--all", *JAN),
        ("statement", "issue", CLIENT, *JAN, "--pdf", "x.pdf"),
        ("statement", "list", CLIENT, *JAN),
        ("statement", "list", "--all"),
    ],
)
def test_bad_input_exits_2_with_words_and_writes_nothing(client, cli, args):
    before = table_contents(client)
    outcome = cli(client, *args, expect=2)
    assert outcome.stderr.startswith("error: ")
    assert table_contents(client) == before


def test_portfolios_named_issue_and_list_stay_reachable(client, cli):
    seed_client(client, "issue")
    seed_client(client, "list")
    shown = json.loads(cli(client, "statement", "list", *JAN, "--json").stdout)
    assert shown["portfolio"] == "list"
    issued_id = cli(client, "statement", "issue", "issue", *JAN).stdout.strip()
    [listed] = json.loads(cli(client, "statement", "list", "issue", "--json").stdout)
    assert listed["id"] == issued_id
    assert json.loads(cli(client, "statement", "list", "list", "--json").stdout) == []
