"""``user add|list|remove`` and ``portfolio set --four-eyes``: the operator's commands.

The command line holds the database credentials, so it is the operator's channel: it may
manage every user and setting whoever EQUITY_USER names. Bad input exits 2 with a first
line ``error: ...`` on stderr and writes nothing.
"""

from __future__ import annotations

import json

import pytest

from tests.engine.access_support import clear_users, table_contents
from tests.engine.test_cli_documents import check


@pytest.fixture
def firm(db, cli, monkeypatch):
    monkeypatch.setenv("EQUITY_USER", "ops@firm.com")
    clear_users(db)
    for name in ("Alpha Fund", "Beta Book"):
        cli(db, "portfolio", "add", name, "--opening-equity", "1000", "--inception", "2025-01-02")
    yield db
    clear_users(db)


def test_user_add_prints_the_grant_in_one_line(firm, cli) -> None:
    added = cli(
        firm, "user", "add", "Ann@Firm.com", "--role", "Manager",
        "--portfolio", "beta book", "--portfolio", "Alpha Fund",
    )  # fmt: skip
    assert (added.stdout, added.stderr) == ("ann@firm.com: manager of Alpha Fund, Beta Book\n", "")

    admin = cli(firm, "user", "add", "boss@firm.com", "--role", "admin")
    assert admin.stdout == "boss@firm.com: admin of all portfolios\n"


def test_adding_again_replaces_and_the_list_shows_names_or_null(firm, cli) -> None:
    cli(firm, "user", "add", "zoe@firm.com", "--role", "viewer", "--portfolio", "Alpha Fund")
    cli(firm, "user", "add", "ann@firm.com", "--role", "manager", "--portfolio", "Alpha Fund")
    cli(firm, "user", "add", "ann@firm.com", "--role", "viewer", "--portfolio", "Beta Book")
    cli(firm, "user", "add", "boss@firm.com", "--role", "admin")

    listed = cli(firm, "user", "list", "--json")

    document = json.loads(listed.stdout)
    assert [sorted(entry) for entry in document] == [["email", "portfolios", "role"]] * 3
    assert document == [
        {"email": "ann@firm.com", "role": "viewer", "portfolios": ["Beta Book"]},
        {"email": "boss@firm.com", "role": "admin", "portfolios": None},
        {"email": "zoe@firm.com", "role": "viewer", "portfolios": ["Alpha Fund"]},
    ]
    check("user_list", listed.stdout)


def test_user_list_as_text_is_a_table_or_says_how_to_begin(firm, cli) -> None:
    empty = cli(firm, "user", "list")
    assert empty.stdout == "no users: add one with  python -m equity user add EMAIL --role admin\n"
    assert cli(firm, "user", "list", "--json").stdout == "[]\n"

    cli(firm, "user", "add", "ann@firm.com", "--role", "manager", "--portfolio", "Beta Book")
    cli(firm, "user", "add", "boss@firm.com", "--role", "admin")

    assert cli(firm, "user", "list").stdout.splitlines() == [
        "email          role     portfolios",
        "ann@firm.com   manager  Beta Book",
        "boss@firm.com  admin    all portfolios",
    ]


def test_user_remove_takes_the_user_away(firm, cli) -> None:
    cli(firm, "user", "add", "ann@firm.com", "--role", "viewer")

    removed = cli(firm, "user", "remove", "ANN@firm.com")

    assert removed.stdout == "removed ann@firm.com: they can no longer sign in\n"
    assert cli(firm, "user", "list", "--json").stdout == "[]\n"
    trail = json.loads(cli(firm, "audit", "Alpha Fund", "--json").stdout)
    assert all(not row["action"].startswith("user.") for row in trail)  # not a portfolio's


@pytest.mark.parametrize(
    ("arguments", "first_line"),
    [
        (("user", "add", "not-an-email", "--role", "viewer"), "error: email: 'not-an-email' is"),
        (("user", "add", "ann@firm.com", "--role", "owner"), "error: role: 'owner' is not one of"),
        (
            ("user", "add", "ann@firm.com", "--role", "viewer", "--portfolio", "Gamma"),
            "error: portfolio: no portfolio named or with id 'Gamma'",
        ),
        (
            ("user", "add", "ann@firm.com", "--role", "admin", "--portfolio", "Alpha Fund"),
            "error: portfolios: an admin covers every portfolio",
        ),
        (("user", "add", "ann@firm.com"), "error: the following arguments are required: --role"),
        (("user", "remove", "ghost@firm.com"), "error: email: no user ghost@firm.com"),
        (("user", "remove", "ghost"), "error: email: 'ghost' is not an email address"),
        (
            ("portfolio", "set", "Gamma", "--four-eyes", "on"),
            "error: portfolio: no portfolio named or with id 'Gamma'",
        ),
        (("portfolio", "set", "Alpha Fund", "--four-eyes", "yes"), "error: argument --four-eyes"),
        (("portfolio", "set", "Alpha Fund"), "error: the following arguments are required"),
    ],
    ids=[
        "bad email",
        "unknown role",
        "unknown portfolio",
        "admin with portfolios",
        "no role",
        "unknown user",
        "remove a non-email",
        "four-eyes of unknown",
        "four-eyes yes",
        "four-eyes missing",
    ],
)
def test_bad_input_exits_2_with_words_and_writes_nothing(firm, cli, arguments, first_line) -> None:
    cli(firm, "user", "add", "zoe@firm.com", "--role", "viewer")
    before = table_contents(firm)

    refused = cli(firm, *arguments, expect=2)

    assert refused.stderr.startswith(first_line), refused.stderr
    assert "Traceback" not in refused.stderr
    assert refused.stdout == ""
    assert table_contents(firm) == before


def test_four_eyes_is_set_from_the_command_line_and_audited(firm, cli) -> None:
    on = cli(firm, "portfolio", "set", "alpha fund", "--four-eyes", "on")
    assert on.stdout == "Alpha Fund: four-eyes approval on\n"
    off = cli(firm, "portfolio", "set", "Alpha Fund", "--four-eyes", "off")
    assert off.stdout == "Alpha Fund: four-eyes approval off\n"

    trail = json.loads(cli(firm, "audit", "Alpha Fund", "--json").stdout)
    assert [(r["actor"], r["action"], r["details"]) for r in trail[:2]] == [
        ("ops@firm.com", "portfolio.four_eyes", "four-eyes approval off"),
        ("ops@firm.com", "portfolio.four_eyes", "four-eyes approval on"),
    ]


def test_the_command_line_is_the_operator_whoever_equity_user_names(firm, cli, monkeypatch) -> None:
    cli(firm, "user", "add", "viewer@firm.com", "--role", "viewer", "--portfolio", "Beta Book")
    monkeypatch.setenv("EQUITY_USER", "viewer@firm.com")

    assert cli(firm, "portfolio", "set", "Alpha Fund", "--four-eyes", "on").stdout == (
        "Alpha Fund: four-eyes approval on\n"
    )
    demoted = cli(firm, "user", "add", "viewer@firm.com", "--role", "viewer")
    assert demoted.stdout == "viewer@firm.com: viewer of all portfolios\n"
