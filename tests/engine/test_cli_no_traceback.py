"""The CLI never prints a traceback: 2 for bad input, 3 for the database, quiet on a closed pipe.

Issue 9, items 3 and 7, on both backends: in-process through ``main`` (the ``cli``
fixture), and through a real subprocess where the process itself is the point (a URL the
process must refuse before any database, a closed pipe, bytes that are not UTF-8).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date, timedelta

import pytest

from tests.engine.conftest import Cli
from tests.engine.test_cli import ROOT
from tests.support import full_dump

HUGE = "1" * 4300
PORTFOLIO_ADD = ("--opening-equity", "5", "--inception", "2025-01-01")


def cli_process(
    *args: str, stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    """The CLI without a ``--db`` of the test's choosing (for URL cases)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "equity", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture
def fund(db, cli: Cli):
    cli(db, "init")
    cli(db, "portfolio", "add", "Fund", "--opening-equity", "1000000", "--inception", "2025-01-01")
    cli(db, "snapshot", "add", "Fund", "2025-01-02", "--daily-pnl", "50000")
    return db


@pytest.fixture
def refused(cli: Cli):
    """``refused(db, *args, words=...)``: exit 2, ``error: `` and the words, nothing written."""

    def check(db, *args: str, words: str) -> None:
        before = full_dump(db)
        result = cli(db, *args, expect=2)
        assert result.stderr.startswith("error: "), result.stderr
        assert words in result.stderr.splitlines()[0], result.stderr
        assert "Traceback" not in result.stderr
        assert full_dump(db) == before

    return check


def test_a_name_spelled_like_another_portfolios_id_is_refused(fund, cli, refused):
    """Before: the portfolio was created, and ``flow add <its name>`` wrote to Fund."""
    ident = uuid.UUID(json.loads(cli(fund, "portfolio", "list", "--json").stdout)[0]["id"])
    for spelling in (str(ident), ident.hex, "{" + str(ident) + "}", f"urn:uuid:{ident}"):
        refused(fund, "portfolio", "add", spelling, *PORTFOLIO_ADD, words="reads as a portfolio id")


def test_the_help_states_the_lookup_rule(db, cli):
    text = cli(db, "flow", "add", "--help").stdout
    assert "PORTFOLIO is an id when it parses as one, else a name" in " ".join(text.split())


AMOUNTS = [
    ("27 digits", "123456789012345678901234567", "is beyond the largest amount"),
    ("27 digits and cents", "123456789012345678901234567.25", "is beyond the largest amount"),
    ("4,300 digits", HUGE, "is beyond the largest amount"),
    ("4,300 decimals", "0." + HUGE, "has more than 2 decimal places"),
]


@pytest.mark.parametrize(("case", "amount", "words"), AMOUNTS, ids=[a[0] for a in AMOUNTS])
def test_enormous_amounts_are_refused_in_words(fund, refused, case, amount, words):
    refused(fund, "flow", "add", "Fund", "2025-01-02", "deposit", amount, words=words)
    refused(fund, "snapshot", "add", "Fund", "2025-01-03", "--daily-pnl", amount, words=words)
    refused(
        fund, "portfolio", "add", "New", "--opening-equity", amount, "--inception", "2025-01-01",
        words=words,
    )  # fmt: skip


def test_an_echoed_enormous_value_is_shortened(fund, cli):
    result = cli(fund, "flow", "add", "Fund", "2025-01-02", "deposit", HUGE, expect=2)
    assert len(result.stderr.splitlines()[0]) < 200, result.stderr


def test_a_csv_with_an_enormous_number_names_its_row(fund, refused, tmp_path):
    data = tmp_path / "days.csv"
    data.write_text(f"snapshot_date,daily_pnl\n2025-01-03,{HUGE}\n")
    refused(fund, "snapshot", "import", "Fund", str(data), words="row 2, daily_pnl: '1111111111")


def test_cr_only_line_endings_are_read_as_rows(fund, cli, tmp_path):
    data = tmp_path / "days.csv"
    data.write_bytes(b"snapshot_date,daily_pnl\r2025-01-03,5\r2025-01-06,7\r")
    cli(fund, "snapshot", "import", "Fund", str(data))
    history = json.loads(cli(fund, "history", "Fund", "--json").stdout)
    assert [(r["date"], r["equity_balance"]) for r in history["history"]] == [
        ("2025-01-02", "1050000.00"),
        ("2025-01-03", "1050005.00"),
        ("2025-01-06", "1050012.00"),
    ]


def test_a_cell_beyond_the_csv_field_limit_names_its_row_and_column(fund, refused, tmp_path):
    data = tmp_path / "days.csv"
    data.write_text("snapshot_date,daily_pnl\n2025-01-03,5\n2025-01-06," + "9" * 140_000 + "\n")
    refused(
        fund,
        "snapshot",
        "import",
        "Fund",
        str(data),
        words="row 3, daily_pnl: is 140,000 characters; the limit is 10,000",
    )


def test_an_endless_file_is_refused_after_the_size_limit(fund, refused):
    refused(
        fund, "snapshot", "import", "Fund", "/dev/zero", words="is over 20 MB; the limit is 20 MB"
    )
    refused(
        fund, "benchmark", "import", "Zeros", "/dev/zero", words="is over 20 MB; the limit is 20 MB"
    )


BAD_URLS = [
    ("unsupported scheme", "foo://x/y", "db: 'foo' databases are not supported"),
    ("port out of range", "postgresql://h:99999/x", "db: port 99999 is not between 1 and 65535"),
    ("port not a number", "postgresql://h:abc/x", "db: 'postgresql://h:abc/x' is not a database"),
    ("no scheme", "just-a-file.db", "db: 'just-a-file.db' is not a database URL"),
    ("mysql", "mysql://u@h/x", "db: 'mysql' databases are not supported"),
]


@pytest.mark.parametrize(("case", "url", "words"), BAD_URLS, ids=[u[0] for u in BAD_URLS])
def test_a_bad_database_url_is_bad_input(case, url, words):
    result = cli_process("--db", url, "portfolio", "list")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"error: {words}"), result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_url_never_shows_its_password():
    result = cli_process("--db", "postgresql://u:S3cretPW@h:99999/x", "portfolio", "list")
    assert result.returncode == 2 and "S3cretPW" not in result.stderr, result.stderr


def test_plain_postgresql_url_uses_the_installed_driver(pg_db, cli):
    """SQLAlchemy 2.1 reads ``postgresql://`` as psycopg 3, which is not installed."""
    cli(pg_db, "portfolio", "add", "Fund", *PORTFOLIO_ADD)
    plain = pg_db.url.replace("postgresql+psycopg2://", "postgresql://")
    listed = json.loads(cli_process("--db", plain, "portfolio", "list", "--json").stdout)
    assert [p["name"] for p in listed] == ["Fund"]


def test_history_into_a_closed_pipe_exits_quietly(fund):
    """``history ... | head -1``: the reader went away; that is not bad input."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE, like after ``head`` exits
    try:
        result = cli_process("--db", fund.url, "history", "Fund", "--csv", stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode == 141, result.stderr
    assert result.stderr == ""


def test_history_through_head_in_a_shell(fund, cli, tmp_path):
    """Ten years of days print far more than a pipe holds, so ``head`` closes it mid-way."""
    start = date(2015, 1, 1)
    days = "".join(f"{start + timedelta(days=n)},1\n" for n in range(3650))
    (tmp_path / "days.csv").write_text("snapshot_date,daily_pnl\n" + days)
    cli(fund, "portfolio", "add", "Long", "--opening-equity", "0", "--inception", "2015-01-01")
    cli(fund, "snapshot", "import", "Long", str(tmp_path / "days.csv"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = f'"{sys.executable}" -m equity --db "{fund.url}" history Long | head -1'
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.stdout.startswith("2015-01-01  equity               1.00  pnl")
    assert result.stderr == ""
    assert result.returncode in (0, 141)


def test_a_name_with_an_undecodable_byte_is_refused(fund):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = full_dump(fund)
    command = [sys.executable.encode(), b"-m", b"equity", b"--db", fund.url.encode()]
    result = subprocess.run(
        [*command, b"portfolio", b"add", b"Caf\xe9", *(a.encode() for a in PORTFOLIO_ADD)],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(b"error: "), result.stderr
    assert b"not valid UTF-8" in result.stderr
    assert full_dump(fund) == before


def test_an_unexpected_failure_is_one_line_and_status_3(monkeypatch, capsys):
    """Whatever is not the input (here: a migration that stopped) is words and exit 3."""
    from equity.cli import ALL_COMMANDS as COMMANDS  # what main dispatches on
    from equity.cli import main

    def stopped(_args):
        raise RuntimeError("migration 0004 stopped: 'Alpha' and 'alpha'\nsecond line")

    monkeypatch.setitem(COMMANDS, "portfolio list", stopped)
    monkeypatch.delenv("EQUITY_TRACEBACK", raising=False)
    assert main(["portfolio", "list"]) == 3
    assert capsys.readouterr().err == "error: migration 0004 stopped: 'Alpha' and 'alpha'\n"
