"""The portfolio's life through the command line: one sentence on success, exit 2 and the
database unchanged on refusal, for rename, archive, unarchive, set and snapshot delete."""

from __future__ import annotations

import json

import pytest

from equity.services.cash_flows import FlowRequest, record_cash_flow
from tests.support import D, add_days, day, full_dump, history_rows, new_portfolio

LIST_KEYS = ["id", "name", "currency", "inception_date", "opening_equity", "equity_balance"]


@pytest.fixture
def alpha(db):
    """Alpha: 1,000 on 2025-01-01, three days, a deposit on the 3rd; Beta beside it."""
    new_portfolio(db, "Alpha", opening="1000")
    new_portfolio(db, "Beta", opening="500")
    add_days(db, "Alpha", ("2025-01-02", "10"), ("2025-01-03", "20"), ("2025-01-06", "30"))
    record_cash_flow(db, FlowRequest("Alpha", day("2025-01-03"), "deposit", D("100")))
    return db


def test_rename_then_the_old_name_says_what_it_is_now(alpha, cli):
    renamed = cli(alpha, "portfolio", "rename", "alpha", "Alpha Prime")
    assert renamed.stdout == "Alpha is now called Alpha Prime\n"

    old = cli(alpha, "history", "Alpha", expect=2)
    assert old.stderr == "error: 'Alpha' was renamed to 'Alpha Prime'\n"
    assert old.stdout == ""
    history = json.loads(cli(alpha, "history", "Alpha Prime", "--json").stdout)
    assert history["current_equity"] == "1160.00"


def test_archive_hides_it_from_the_list_refuses_writes_and_unarchive_restores(alpha, cli):
    archived = cli(alpha, "portfolio", "archive", "Alpha")
    assert archived.stdout == (
        "Alpha is archived: read-only, and left out of lists until unarchived\n"
    )
    listed = json.loads(cli(alpha, "portfolio", "list", "--json").stdout)
    assert [row["name"] for row in listed] == ["Beta"]
    every = json.loads(cli(alpha, "portfolio", "list", "--json", "--archived").stdout)
    assert [row["name"] for row in every] == ["Alpha", "Beta"]
    assert all(list(row) == LIST_KEYS for row in every)  # the contract's keys, no more
    assert "Alpha " not in cli(alpha, "portfolio", "list").stdout
    assert "Alpha " in cli(alpha, "portfolio", "list", "--archived").stdout
    assert cli(alpha, "history", "Alpha", "--json").returncode == 0

    before = full_dump(alpha)
    for write in (
        ("flow", "add", "Alpha", "2025-01-06", "deposit", "5"),
        ("snapshot", "add", "Alpha", "2025-01-07", "--daily-pnl", "5"),
        ("snapshot", "delete", "Alpha", "2025-01-02"),
        ("portfolio", "set", "Alpha", "--opening-equity", "900"),
        ("portfolio", "rename", "Alpha", "Gamma"),
        ("portfolio", "archive", "Alpha"),
    ):
        refused = cli(alpha, *write, expect=2)
        assert refused.stderr.startswith("error: 'Alpha' is") or refused.stderr.startswith(
            "error: portfolio: 'Alpha' is already archived"
        ), write
        assert refused.stdout == ""
    assert full_dump(alpha) == before

    restored = cli(alpha, "portfolio", "unarchive", "Alpha")
    assert restored.stdout == "Alpha is unarchived: it can be changed again\n"
    cli(alpha, "flow", "add", "Alpha", "2025-01-06", "deposit", "5")


def test_each_refused_write_to_an_archived_portfolio_says_so(alpha, cli):
    cli(alpha, "portfolio", "archive", "Alpha")
    refused = cli(alpha, "flow", "add", "Alpha", "2025-01-06", "deposit", "5", expect=2)
    assert refused.stderr == "error: 'Alpha' is archived: unarchive it to change it\n"


def test_set_corrects_opening_equity_and_inception_and_the_settings_in_one_sentence(alpha, cli):
    said = cli(
        alpha,
        "portfolio",
        "set",
        "Alpha",
        "--opening-equity",
        "900",
        "--inception",
        "2024-12-31",
        "--four-eyes",
        "on",
        "--decimal-separator",
        "comma",
    )
    assert said.stdout == (
        "Alpha: opening equity $900.00, equity now $1,060.00, inception 2024-12-31, "
        "four-eyes approval on, decimal separator comma\n"
    )
    actions = [row["action"] for row in json.loads(cli(alpha, "audit", "Alpha", "--json").stdout)]
    assert sorted(actions[:4]) == [
        "portfolio.four_eyes",
        "portfolio.inception",
        "portfolio.number_format",
        "portfolio.opening_equity",
    ]
    point = cli(alpha, "portfolio", "set", "Alpha", "--decimal-separator", "point")
    assert point.stdout == "Alpha: decimal separator point\n"


def test_the_history_after_set_equals_a_recompute_from_scratch(alpha, cli):
    cli(alpha, "portfolio", "set", "Alpha", "--opening-equity", "750")
    corrected = history_rows(alpha, "Alpha")
    assert cli(alpha, "recompute", "--all").returncode == 0
    assert history_rows(alpha, "Alpha") == corrected
    assert cli(alpha, "check").returncode == 0


@pytest.mark.parametrize(
    ("arguments", "stderr"),
    [
        (
            ("portfolio", "set", "Alpha"),
            "error: the following arguments are required: at least one of --opening-equity, "
            "--inception, --four-eyes, --decimal-separator\n",
        ),
        (
            ("portfolio", "set", "Alpha", "--opening-equity", "-5"),
            "error: opening_equity: ",
        ),
        (
            ("portfolio", "set", "Alpha", "--opening-equity", "10"),
            "error: opening_equity: opening equity of $10.00 would make equity negative",
        ),
        (
            ("portfolio", "set", "Alpha", "--inception", "2025-01-05"),
            "error: inception: 2025-01-05 is after existing data: snapshots on 2 days "
            "(2025-01-02, 2025-01-03) and flows on 2025-01-03;",
        ),
        (("portfolio", "set", "Alpha", "--inception", "2026-07-01"), "error: inception: "),
        (("portfolio", "set", "Alpha", "--inception", "soon"), "error: inception: "),
        (("portfolio", "set", "Alpha", "--decimal-separator", "dot"), "error: argument"),
        (("portfolio", "rename", "Alpha", "beta"), "error: name: a portfolio named 'Beta'"),
        (("portfolio", "rename", "Gamma", "Delta"), "error: portfolio: no portfolio named"),
        (("portfolio", "unarchive", "Alpha"), "error: portfolio: 'Alpha' is not archived\n"),
        (("snapshot", "delete", "Alpha", "2025-01-04"), "error: snapshot_date: 2025-01-04 has no"),
        (("snapshot", "delete", "Alpha", "04/01/2025"), "error: date: "),
        (("snapshot", "delete", "Gamma", "2025-01-02"), "error: portfolio: no portfolio named"),
    ],
    ids=[
        "set nothing",
        "negative opening",
        "opening below a withdrawal",
        "inception after data",
        "inception in the future",
        "inception not a date",
        "unknown separator",
        "rename to a taken name",
        "rename unknown",
        "unarchive a live one",
        "delete a day without snapshot",
        "delete a bad date",
        "delete in unknown portfolio",
    ],
)
def test_bad_lifecycle_input_exits_2_in_words_and_writes_nothing(alpha, cli, arguments, stderr):
    if arguments[-1] == "10":  # a withdrawal the lower opening would not cover
        record_cash_flow(alpha, FlowRequest("Alpha", day("2025-01-06"), "withdrawal", D("900")))
    before = full_dump(alpha)
    refused = cli(alpha, *arguments, expect=2)
    assert refused.stderr.startswith(stderr), refused.stderr
    assert "Traceback" not in refused.stderr
    assert refused.stdout == ""
    assert full_dump(alpha) == before


def test_snapshot_delete_on_a_day_with_flows_keeps_a_carried_forward_row(alpha, cli):
    deleted = cli(alpha, "snapshot", "delete", "Alpha", "2025-01-03")
    assert deleted.stdout == (
        "Deleted Alpha's snapshot of 2025-01-03; 2 day(s) recomputed, equity now $1,140.00\n"
    )
    rows = json.loads(cli(alpha, "history", "Alpha", "--json").stdout)["history"]
    third = next(row for row in rows if row["date"] == "2025-01-03")
    assert (third["daily_pnl"], third["equity_inflow"], third["equity_balance"]) == (
        "0.00",
        "100.00",
        "1110.00",
    )
    assert cli(alpha, "check", "Alpha").returncode == 0


def test_snapshot_delete_of_a_plain_day_removes_it(alpha, cli):
    cli(alpha, "snapshot", "delete", "Alpha", "2025-01-02")
    rows = json.loads(cli(alpha, "history", "Alpha", "--json").stdout)["history"]
    assert [row["date"] for row in rows] == ["2025-01-03", "2025-01-06"]
    assert rows[-1]["equity_balance"] == "1150.00"
