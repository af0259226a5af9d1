"""``fx import``, ``settings get|set`` and ``firm [--json]`` through ``main``, in this process.

Alpha (USD) 1,000.00 and Beta (EUR) 500.00; EUR at 1.10 USD: the firm holds 1,550.00 USD.
Gamma (GBP) 250.00 has no rate: the total is null and GBP is missing. The command line
reads the system clock, so ``as_of`` is the machine's today and June's snapshots are stale.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from equity.services.portfolios import NewPortfolio, create_portfolio
from tests.support import D, add_days, day, full_dump

FIRM_KEYS = ["base_currency", "as_of", "total_equity_base", "missing_rates", "portfolios"]
PORTFOLIO_KEYS = [
    "name",
    "currency",
    "equity",
    "equity_base",
    "fx_rate",
    "last_snapshot",
    "stale",
]


@pytest.fixture
def alpha_and_beta(db):
    create_portfolio(db, NewPortfolio("Alpha", D("1000.00"), day("2026-01-01"), "USD"))
    add_days(db, "Alpha", ("2026-06-29", "0"))
    create_portfolio(db, NewPortfolio("Beta", D("500.00"), day("2026-01-01"), "EUR"))
    return db


def rates_file(tmp_path, text: str):
    path = tmp_path / "fx.csv"
    path.write_text("date,currency,rate\n" + text, encoding="utf-8")
    return str(path)


def test_firm_json_totals_two_currencies_in_dollars(alpha_and_beta, cli, tmp_path):
    db = alpha_and_beta
    imported = cli(db, "fx", "import", rates_file(tmp_path, "2026-06-29,EUR,1.10\n"))
    assert imported.stdout == (
        "imported 1 rate in USD for EUR from 2026-06-29 to 2026-06-29 (0 replaced)\n"
    )
    before = date.today().isoformat()
    document = json.loads(cli(db, "firm", "--json").stdout)
    assert list(document) == FIRM_KEYS
    assert document["as_of"] in (before, date.today().isoformat())
    assert document["base_currency"] == "USD"
    assert document["total_equity_base"] == "1550.00"
    assert document["missing_rates"] == []
    assert [list(p) for p in document["portfolios"]] == [PORTFOLIO_KEYS, PORTFOLIO_KEYS]
    assert document["portfolios"] == [
        {
            "name": "Alpha",
            "currency": "USD",
            "equity": "1000.00",
            "equity_base": "1000.00",
            "fx_rate": "1",
            "last_snapshot": "2026-06-29",
            "stale": True,
        },
        {
            "name": "Beta",
            "currency": "EUR",
            "equity": "500.00",
            "equity_base": "550.00",
            "fx_rate": "1.1",
            "last_snapshot": None,
            "stale": True,
        },
    ]


def test_a_currency_without_a_rate_makes_the_total_null(alpha_and_beta, cli, tmp_path):
    db = alpha_and_beta
    create_portfolio(db, NewPortfolio("Gamma", D("250.00"), day("2026-01-01"), "GBP"))
    cli(db, "fx", "import", rates_file(tmp_path, "2026-06-29,EUR,1.10\n"))
    document = json.loads(cli(db, "firm", "--json").stdout)
    assert (document["total_equity_base"], document["missing_rates"]) == (None, ["GBP"])
    gamma = document["portfolios"][2]
    assert (gamma["name"], gamma["equity"], gamma["fx_rate"], gamma["equity_base"]) == (
        "Gamma",
        "250.00",
        None,
        None,
    )
    text = cli(db, "firm").stdout.splitlines()
    assert text[-1] == "firm total in USD: incomplete, no rate for GBP"
    assert "GBP portfolios: 250.00 GBP" in text


def test_firm_text_ends_with_the_total_in_base(alpha_and_beta, cli, tmp_path):
    db = alpha_and_beta
    cli(db, "fx", "import", rates_file(tmp_path, "2026-06-29,EUR,1.10\n"))
    lines = cli(db, "firm").stdout.splitlines()
    assert lines[0].startswith("firm view in USD as of ")
    assert lines[1].startswith("Alpha ") and lines[1].endswith("last 2026-06-29  STALE")
    assert "550.00 USD" in lines[2] and "x 1.1 " in lines[2]
    assert lines[-3:] == [
        "EUR portfolios: 500.00 EUR",
        "USD portfolios: 1000.00 USD",
        "firm total in USD: 1550.00",
    ]


def test_settings_set_then_get_and_the_firm_follows(alpha_and_beta, cli, tmp_path):
    db = alpha_and_beta
    assert cli(db, "settings", "get", "base_currency").stdout == "base_currency USD (default)\n"
    assert cli(db, "settings", "set", "base_currency", "eur").stdout == (
        "base_currency is now EUR; the firm view uses FX rates quoted in EUR\n"
    )
    got = cli(db, "settings", "get", "base_currency").stdout
    assert got.startswith("base_currency EUR (set by ")
    cli(db, "fx", "import", rates_file(tmp_path, "2026-06-29,USD,0.9\n"))
    document = json.loads(cli(db, "firm", "--json").stdout)
    assert (document["base_currency"], document["total_equity_base"]) == ("EUR", "1400.00")


def test_re_import_says_how_many_rates_it_replaced(alpha_and_beta, cli, tmp_path):
    db = alpha_and_beta
    cli(db, "fx", "import", rates_file(tmp_path, "2026-06-26,EUR,1.05\n2026-06-29,EUR,1.07\n"))
    again = cli(db, "fx", "import", rates_file(tmp_path, "2026-06-29,EUR,1.10\n"))
    assert again.stdout.endswith("(1 replaced)\n")
    document = json.loads(cli(db, "firm", "--json").stdout)
    assert document["total_equity_base"] == "1550.00"


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (
            ("settings", "set", "base_currency", "EURO"),
            "error: currency: 'EURO' is not a supported ISO currency code",
        ),
        (
            ("settings", "set", "colour", "blue"),
            "error: setting: 'colour' is not a setting; known: base_currency",
        ),
        (
            ("fx", "import", "RATES"),
            "error: file: 1 problem(s): row 3, rate: '0' must be greater than zero",
        ),
        (("fx", "import", "/nonexistent/fx.csv"), "error: No such file or directory"),
    ],
)
def test_bad_input_exits_2_with_a_sentence_and_writes_nothing(
    alpha_and_beta, cli, tmp_path, args, first_line
):
    db = alpha_and_beta
    path = rates_file(tmp_path, "2026-06-29,EUR,1.10\n2026-06-30,EUR,0\n")
    before = full_dump(db)
    outcome = cli(db, *(path if a == "RATES" else a for a in args), expect=2)
    assert outcome.stderr.splitlines()[0].startswith(first_line)
    assert "Traceback" not in outcome.stderr
    assert full_dump(db) == before
