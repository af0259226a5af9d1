"""The check finds everything before any write: every error of a file in one pass, with
its row, column and value; warnings that still let the file import; the CLI listing them
all and leaving the database exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from equity.domain.number_format import read_amount, read_positive_amount
from equity.errors import ValidationError
from equity.money import parse_amount, parse_positive_amount
from equity.services.import_check import (
    ImportOptions,
    ImportRefused,
    RowIssue,
    check_flow_file,
    check_snapshot_file,
    import_snapshot_file,
)
from equity.services.portfolios import NewPortfolio, create_portfolio
from tests.engine.four_eyes_support import MAKER, people  # noqa: F401 (people: a fixture)
from tests.support import D, day, full_dump, new_portfolio

#: One snapshot file holding every error class (today is 2026-06-30 under the test clock).
BAD_SNAPSHOTS = (
    "snapshot_date,daily_pnl,total_value\n"
    "2025-01-02,100.00,1000100\n"  # 2: fine
    "2025-02-30,5,\n"  # 3: no such date
    "2025-01-03,12abc,\n"  # 4: not a number
    "2024-12-31,1,\n"  # 5: before inception
    "2099-07-01,1,\n"  # 6: in the future (the CLI runs on the real clock)
    "2025-01-02,7,\n"  # 7: repeats row 2's date
    "2025-01-06,1.005,\n"  # 8: more decimals than the currency
    "2025-01-07,1,2,3\n"  # 9: wrong width
)


@pytest.fixture
def fund(db):
    new_portfolio(db, "Fund")
    return db


def test_every_error_class_of_a_snapshot_file_is_found_in_one_check(fund):
    check = check_snapshot_file(fund, "Fund", BAD_SNAPSHOTS)
    assert not check.importable
    assert [(e.row, e.column, e.value) for e in check.errors] == [
        (3, "snapshot_date", "2025-02-30"),
        (4, "daily_pnl", "12abc"),
        (5, "snapshot_date", "2024-12-31"),
        (6, "snapshot_date", "2099-07-01"),
        (7, "snapshot_date", "2025-01-02"),
        (8, "daily_pnl", "1.005"),
        (9, "columns", None),
    ]
    messages = {e.row: e.message for e in check.errors}
    assert "not a date" in messages[3]
    assert "is not a number" in messages[4]
    assert "before the inception date 2025-01-01" in messages[5]
    assert "in the future (today is 2026-06-30)" in messages[6]
    assert "appears twice (rows 2 and 7)" in messages[7]
    assert "more than 2 decimal places" in messages[8]
    assert "has 4 values, expected 3" in messages[9]
    assert [row.snapshot_date for row in check.rows] == [day("2025-01-02")]


def test_a_yen_portfolio_refuses_cents_the_currency_does_not_have(db):
    create_portfolio(db, NewPortfolio("Yen", D("1000000"), day("2025-01-01"), "JPY"))
    check = check_snapshot_file(db, "Yen", "snapshot_date,daily_pnl\n2025-01-02,1250.50\n")
    assert [(e.row, e.column, e.value) for e in check.errors] == [(2, "daily_pnl", "1250.50")]
    assert "more decimal places than JPY allows (0)" in check.errors[0].message


def test_every_error_class_of_a_flow_file_is_found_in_one_check(fund):
    data = (
        "Date,Type,Amount,Memo\n"
        "2025-01-02,Subscription,100,first\n"  # 2: fine
        "2025-01-02,Gift,100,x\n"  # 3: unknown type
        "2025-01-03,deposit,-5,x\n"  # 4: not above zero
        "2025-01-03,deposit,1.001,x\n"  # 5: too many decimals
        "2024-06-30,deposit,1,x\n"  # 6: before inception
        "2027-01-01,withdrawal,1,x\n"  # 7: in the future
        "01/03/2025,deposit,1,x\n"  # 8: not ISO
        "2025-01-02,subscription,100.00,first\n"  # 9: repeats row 2
    )
    check = check_flow_file(fund, "Fund", data)
    found = {(e.row, e.column, e.value) for e in check.errors}
    assert found == {
        (3, "Type", "Gift"),
        (4, "Amount", "-5"),
        (5, "Amount", "1.001"),
        (6, "Date", "2024-06-30"),
        (7, "Date", "2027-01-01"),
        (8, "Date", "01/03/2025"),
        (9, "Date", "2025-01-02"),
    }
    repeated = next(e for e in check.errors if e.row == 9)
    assert "repeats row 2 exactly" in repeated.message
    assert [(r.row, r.kind, r.amount) for r in check.rows] == [
        (2, "deposit", D("100.00")),
        (9, "deposit", D("100.00")),
    ]


def test_a_bad_header_is_one_error_naming_it(fund):
    check = check_flow_file(fund, "Fund", "when,what\n2025-01-02,1\n")
    assert len(check.errors) == 1 and check.errors[0].row is None
    assert "'when', 'what' match no field of the flows import" in check.errors[0].message


def test_weekend_and_holiday_rows_and_missing_business_days_are_warnings_not_errors(fund):
    """A USD portfolio follows the NYSE: 20 January 2025 (Martin Luther King Jr. Day) is
    shut, and 9 January (a day of mourning) is not missing."""
    data = "Date,P&L\n2025-01-02,1\n2025-01-04,2\n2025-01-10,3\n2025-01-20,4\n"
    check = check_snapshot_file(fund, "Fund", data)
    assert check.importable and check.errors == []
    weekend, holiday, missing = check.warnings
    assert weekend == RowIssue(3, None, "2025-01-04", "2025-01-04 is a Saturday")
    assert holiday == RowIssue(
        5, None, "2025-01-20", "2025-01-20 is a market holiday (Martin Luther King Jr. Day)"
    )
    assert missing.message == (
        "9 business day(s) (Mon-Fri, NYSE holidays skipped) between the first and last day "
        "have no row: 2025-01-03, 2025-01-06, 2025-01-07, 2025-01-08, 2025-01-13 and 4 more"
    )
    assert import_snapshot_file(fund, "Fund", data).inserted == 4


@pytest.mark.parametrize(
    ("currency", "expected"),
    [
        ("USD", ["2025-12-25 is a market holiday (Christmas Day)"]),
        (
            "EUR",
            [
                "2025-12-25 is a market holiday (Christmas Day)",
                "2025-12-26 is a market holiday (Christmas Holiday)",
            ],
        ),
        ("GBP", []),
    ],
)
def test_the_currency_picks_the_market_whose_holidays_are_named(db, currency, expected):
    """USD: NYSE (open on 26 December); EUR: ECB TARGET2 (shut on both); others: weekends."""
    create_portfolio(db, NewPortfolio("Book", D("1000"), day("2025-01-01"), currency))
    data = "snapshot_date,daily_pnl\n" + "".join(f"2025-12-{d},1\n" for d in (24, 25, 26, 29))
    check = check_snapshot_file(db, "Book", data)
    assert check.importable
    assert [w.message for w in check.warnings] == expected


def test_missing_business_days_skip_the_markets_holidays(db):
    """Good Friday and Easter Monday 2025 are TARGET2 holidays: a EUR file without them
    misses nothing; a GBP file (no market calendar) misses both, said as Mon-Fri days."""
    create_portfolio(db, NewPortfolio("Euro", D("1000"), day("2025-01-01"), "EUR"))
    create_portfolio(db, NewPortfolio("Sterling", D("1000"), day("2025-01-01"), "GBP"))
    data = "snapshot_date,daily_pnl\n2025-04-17,1\n2025-04-22,2\n"
    assert check_snapshot_file(db, "Euro", data).warnings == []
    [missing] = check_snapshot_file(db, "Sterling", data).warnings
    assert missing.message == (
        "2 business day(s) (Mon-Fri) between the first and last day have no row: "
        "2025-04-18, 2025-04-21"
    )


def test_flow_rows_on_weekends_and_holidays_are_warned_and_still_import(fund):
    data = (
        "date,kind,amount,notes\n"
        "2025-01-03,deposit,100,Friday\n"  # 2: a business day
        "2025-01-04,deposit,100,Saturday\n"  # 3
        "2025-01-20,withdrawal,50,MLK day\n"  # 4: NYSE holiday
        "2025-01-20,deposit,10,again\n"  # 5: each row is said
    )
    check = check_flow_file(fund, "Fund", data)
    assert check.importable and check.errors == []
    assert check.warnings == [
        RowIssue(3, None, "2025-01-04", "2025-01-04 is a Saturday"),
        RowIssue(
            4, None, "2025-01-20", "2025-01-20 is a market holiday (Martin Luther King Jr. Day)"
        ),
        RowIssue(
            5, None, "2025-01-20", "2025-01-20 is a market holiday (Martin Luther King Jr. Day)"
        ),
    ]
    assert len(check.rows) == 4


def test_progress_is_reported_up_to_every_row(fund):
    seen: list[tuple[int, int]] = []
    data = "snapshot_date,daily_pnl\n" + "".join(f"2025-02-{d:02d},1\n" for d in range(1, 29))
    check_snapshot_file(fund, "Fund", data, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 28) and seen[-1] == (28, 28)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_the_import_refuses_a_file_with_errors_and_writes_nothing(fund):
    before = full_dump(fund)
    with pytest.raises(ImportRefused) as refused:
        import_snapshot_file(fund, "Fund", BAD_SNAPSHOTS)
    assert len(refused.value.check.errors) == 7
    assert str(refused.value).startswith("7 problem(s), nothing imported: row ")
    assert full_dump(fund) == before


def test_the_cli_lists_every_problem_and_writes_nothing(fund, cli, tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_SNAPSHOTS)
    before = full_dump(fund)
    refused = cli(fund, "snapshot", "import", "Fund", str(path), expect=2)
    lines = refused.stderr.splitlines()
    assert lines[0] == "error: 7 problem(s), nothing imported: " + (
        "row 3, snapshot_date: '2025-02-30' is not a date in YYYY-MM-DD form"
    )
    assert len(lines) == 7  # the other six, one a line; no warning about a refused file's days
    for words in (
        "row 3, snapshot_date: '2025-02-30' is not a date",
        "row 4, daily_pnl: '12abc' is not a number",
        "row 5, snapshot_date: 2024-12-31 is before the inception date",
        "row 6, snapshot_date: 2099-07-01 is in the future",
        "row 7, snapshot_date: 2025-01-02 appears twice (rows 2 and 7)",
        "row 8, daily_pnl: '1.005' has more than 2 decimal places",
        "row 9, columns: has 4 values, expected 3",
    ):
        assert words in refused.stderr
    assert "Traceback" not in refused.stderr
    assert full_dump(fund) == before


def test_cli_warnings_go_to_stderr_and_the_import_proceeds(fund, cli, tmp_path: Path):
    path = tmp_path / "days.csv"
    path.write_text("snapshot_date,daily_pnl\n2025-01-02,1\n2025-01-04,2\n")
    done = cli(fund, "snapshot", "import", "Fund", str(path))
    assert "warning: row 3: 2025-01-04 is a Saturday" in done.stderr
    assert "imported 2 new" in done.stdout


def test_cli_map_and_decimal_comma(fund, cli, tmp_path: Path):
    path = tmp_path / "bank.csv"
    path.write_text("Valuta;Ergebnis;Bestand\n2025-01-02;1.234,56;1.001.234,56\n")
    cli(
        fund,
        "snapshot",
        "import",
        "Fund",
        str(path),
        "--map",
        "Valuta=snapshot_date",
        "--map",
        "Ergebnis=daily_pnl",
        "--map=Bestand=total_value",
        "--decimal-comma",
    )
    history = json.loads(cli(fund, "history", "Fund", "--json").stdout)
    assert history["history"][0]["daily_pnl"] == "1234.56"
    assert history["history"][0]["total_value"] == "1001234.56"

    flows = tmp_path / "flows.csv"
    flows.write_text('Date,Type,Amount\n2025-01-03,Redemption,"1 000,5"\n')
    cli(fund, "flow", "import", "Fund", str(flows), "--decimal-comma")
    assert json.loads(cli(fund, "flow", "list", "Fund", "--json").stdout)[0]["amount"] == "1000.50"


def test_without_the_comma_option_a_comma_file_is_refused_not_misread(fund, cli, tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text("Date;P&L\n2025-01-02;1.234,56\n")
    before = full_dump(fund)
    refused = cli(fund, "snapshot", "import", "Fund", str(path), expect=2)
    assert "row 2, P&L: '1.234,56' is not a number" in refused.stderr
    assert full_dump(fund) == before


@pytest.mark.parametrize(
    ("mapping", "words"),
    [
        ("Valuta=pnl", "'pnl' is not a field of the snapshots import"),
        ("Nope=daily_pnl", "column(s) 'Nope' are not in the file"),
        ("Valuta", "'Valuta' is not COLUMN=FIELD"),
    ],
)
def test_a_bad_map_is_exit_2_naming_it(fund, cli, tmp_path, mapping, words):
    path = tmp_path / "bank.csv"
    path.write_text("Valuta,Result\n2025-01-02,1\n")
    before = full_dump(fund)
    refused = cli(fund, "snapshot", "import", "Fund", str(path), "--map", mapping, expect=2)
    assert refused.stderr.startswith("error: ")
    assert words in refused.stderr
    assert full_dump(fund) == before


def test_two_columns_on_one_field_is_named(fund, cli, tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text("Date,P&L,Result\n2025-01-02,1,2\n")
    refused = cli(
        fund, "snapshot", "import", "Fund", str(path), "--map", "Result=daily_pnl", expect=2
    )
    assert "columns 'P&L' and 'Result' both feed daily_pnl" in refused.stderr


def test_the_portfolio_setting_is_the_default_separator(fund):
    """Stated per import, the option wins; unstated, the portfolio's setting (or point)."""
    data = 'Date,P&L\n2025-01-02,"1,50"\n'
    assert check_snapshot_file(fund, "Fund", data).rows == []  # point: 1,50 is not a number
    comma = check_snapshot_file(fund, "Fund", data, ImportOptions(decimal_comma=True))
    assert comma.rows[0].daily_pnl == D("1.50")


def test_years_of_calendar_days_give_a_handful_of_warnings_not_thousands(fund):
    """A CLI import writes its warnings first: thousands would fill a pipe nobody reads."""
    rows = "".join(f"2025-{m:02d}-{d:02d},1\n" for m in range(1, 4) for d in range(1, 29))
    check = check_snapshot_file(fund, "Fund", "snapshot_date,daily_pnl\n" + rows)
    assert check.importable
    # Row 2 is New Year's Day and row 10 the 9 January day of mourning: NYSE holidays.
    assert [w.row for w in check.warnings] == [2, 5, 6, 10, 12, None, None]
    assert check.warnings[5].message == "and 21 more weekend day(s) and 2 more market holiday(s)"
    assert check.warnings[6].message.startswith("3 business day(s) (Mon-Fri, NYSE")  # Jan 29-31


def test_a_portfolio_set_to_comma_reads_its_files_so_unless_told_otherwise(fund, cli, tmp_path):
    cli(fund, "portfolio", "set", "Fund", "--decimal-separator", "comma")
    path = tmp_path / "days.csv"
    path.write_text('snapshot_date,daily_pnl\n2025-01-02,"1,000"\n')
    check = check_snapshot_file(fund, "Fund", path.read_bytes())
    assert check.rows[0].daily_pnl == D("1.00")  # one, as the portfolio's setting says
    pointed = check_snapshot_file(
        fund, "Fund", path.read_bytes(), ImportOptions(decimal_comma=False)
    )
    assert pointed.rows[0].daily_pnl == D("1000.00")
    cli(fund, "snapshot", "import", "Fund", str(path), "--decimal-point")
    assert json.loads(cli(fund, "history", "Fund", "--json").stdout)["current_equity"] == (
        "1001000.00"
    )


def test_benchmark_import_takes_a_map_and_a_decimal_comma(db, cli, tmp_path):
    path = tmp_path / "index.csv"
    path.write_text("Tag;Kurs\n2025-01-02;4.742,83\n2025-01-03;4.750,1\n")
    done = cli(
        db,
        "benchmark",
        "import",
        "Index",
        str(path),
        "--map",
        "Tag=date",
        "--map",
        "Kurs=close",
        "--decimal-comma",
    )
    assert "Index: 2 close(s) from 2025-01-02 to 2025-01-03" in done.stdout
    refused = cli(db, "benchmark", "import", "Index", str(path), "--map", "Tag=day", expect=2)
    assert "'day' is not a field of the benchmark import" in refused.stderr


def test_fx_import_takes_a_map_and_a_decimal_comma(db, cli, tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("Datum;Währung;Kurs\n2025-01-02;EUR;1,035\n")
    done = cli(
        db,
        "fx",
        "import",
        str(path),
        "--map=Datum=date",
        "--map=Währung=currency",
        "--map=Kurs=rate",
        "--decimal-comma",
    )
    assert "imported 1 rate in USD for EUR from 2025-01-02" in done.stdout
    before = full_dump(db)
    refused = cli(db, "fx", "import", str(path), "--map=Datum=date", expect=2)
    assert "'Währung', 'Kurs' match no field of the fx import" in refused.stderr
    assert full_dump(db) == before


@pytest.mark.usefixtures("people")
def test_a_flow_file_for_a_four_eyes_portfolio_is_refused_at_the_check(db):
    """The check says it before the preview, not the import after it (each flow needs approval)."""
    from equity.errors import AccessDeniedError

    maker = db.as_signed_in(MAKER)
    with pytest.raises(AccessDeniedError, match="requires a second person's approval"):
        check_flow_file(maker, "Alpha", "date,kind,amount\n2025-01-02,deposit,1\n")
    snapshots = check_snapshot_file(maker, "Alpha", "Date,P&L\n2025-01-07,1\n")
    assert snapshots.importable


def test_a_file_of_many_bad_rows_keeps_a_hundred_and_counts_the_rest(fund):
    rows = "".join(f"2025-{1 + n // 28:02d}-{1 + n % 28:02d},bad{n}\n" for n in range(150))
    check = check_snapshot_file(fund, "Fund", "snapshot_date,daily_pnl\n" + rows)
    assert (len(check.errors), check.more_errors) == (100, 50)
    with pytest.raises(ImportRefused) as refused:
        import_snapshot_file(fund, "Fund", "snapshot_date,daily_pnl\n" + rows)
    text = str(refused.value)
    assert text.startswith("150 problem(s), nothing imported: row 2, daily_pnl: 'bad0' is not")
    assert text.endswith("and 50 more problem(s)")


def test_a_refused_flow_file_lists_every_problem_and_writes_nothing(fund, cli, tmp_path):
    path = tmp_path / "flows.csv"
    path.write_text(
        "date,kind,amount,notes\n2025-01-02,deposit,10,ok\n2025-01-03,gift,5,x\n2099-01-01,deposit,1,x\n"
    )
    before = full_dump(fund)
    refused = cli(fund, "flow", "import", "Fund", str(path), expect=2)
    lines = refused.stderr.splitlines()
    assert lines[
        0
    ] == "error: 2 problem(s), nothing imported: row 3, kind: 'gift' is not a flow " + (
        "type: use deposit or withdrawal (or Subscription, Contribution, Redemption, Distribution)"
    )
    assert lines[1].startswith("  row 4, date: 2099-01-01 is in the future")
    assert full_dump(fund) == before


@pytest.mark.parametrize(
    "text",
    [
        *("5", "-0", "+5.1", "-12.34", "007", "0.00", "99999999999999.99", "1,234.50", "5."),
        *("1e3", "100000000000000", "1.005", "nan", "", "12abc", "-99999999999999.99"),
    ],
)
def test_a_plain_amount_read_quickly_is_what_the_general_parser_reads(text):
    """The check's shortcut for plain cells gives the same Decimal, or the same refusal."""

    def outcome(read):
        try:
            return str(read())
        except ValidationError as error:
            return f"refused: {error.message}"

    assert outcome(
        lambda: read_amount(text, "daily_pnl", decimal_comma=False, allow_negative=True)
    ) == outcome(lambda: parse_amount(text, "daily_pnl", allow_negative=True))
    assert outcome(lambda: read_positive_amount(text, "amount", decimal_comma=False)) == outcome(
        lambda: parse_positive_amount(text, "amount")
    )
