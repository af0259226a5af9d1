"""The bad-input catalogue: difficult inputs, each with the behaviour a user should see.

``docs/RELIABILITY.md`` shows this table; a test checks the two agree, and a test per row
proves the behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass

#: In the future by every clock a test runs (the CLI's system clock, the fixtures' frozen
#: one), and fixed: a date computed at import time flips when a run crosses midnight.
FUTURE_DAY = "2999-12-31"
HEADER = "snapshot_date,daily_pnl,total_value\n"


@dataclass(frozen=True)
class Case:
    """One difficult input. ``accept`` means handled as the user means it."""

    id: str
    face: str  # cli, csv-snapshots, csv-flows, csv-benchmark
    description: str
    payload: tuple[str, ...] | bytes
    accept: bool
    words: str  # part of the message on rejection, or of the outcome on acceptance


def flow(amount: str, when: str = "2025-01-03", kind: str = "deposit", *extra: str) -> tuple:
    return ("flow", "add", "Fund", when, kind, amount, *extra)


CLI = [
    Case(
        "cli-negative",
        "cli",
        "negative amount",
        flow("-5"),
        False,
        "amount: '-5' must not be negative",
    ),
    Case("cli-zero", "cli", "zero amount", flow("0"), False, "must be greater than zero"),
    Case("cli-nan", "cli", "NaN", flow("NaN"), False, "'NaN' is not a finite amount"),
    Case("cli-infinity", "cli", "Infinity", flow("Infinity"), False, "not a finite amount"),
    Case("cli-inf", "cli", "inf", flow("inf"), False, "not a finite amount"),
    Case(
        "cli-decimals", "cli", "three decimals", flow("10.005"), False, "more than 2 decimal places"
    ),
    Case(
        "cli-too-big",
        "cli",
        "beyond NUMERIC(16,2)",
        flow("100000000000000"),
        False,
        "beyond the largest amount",
    ),
    Case("cli-text", "cli", "text for a number", flow("ten"), False, "'ten' is not a number"),
    Case("cli-exponent", "cli", "exponent notation", flow("1e5"), False, "without an exponent"),
    Case("cli-empty-amount", "cli", "empty amount", flow(""), False, "amount: is empty"),
    Case("cli-thousands", "cli", "thousands separators", flow("1,000.50"), True, "1031000.50"),
    Case("cli-padded", "cli", "amount with spaces", flow(" 250 "), True, "1030250.00"),
    Case(
        "cli-impossible-date",
        "cli",
        "30 February",
        flow("1", "2025-02-30"),
        False,
        "'2025-02-30' is not a date",
    ),
    Case(
        "cli-slash-date",
        "cli",
        "date with slashes",
        flow("1", "2025/01/03"),
        False,
        "not a date in YYYY-MM-DD",
    ),
    Case("cli-future", "cli", "future date", flow("1", FUTURE_DAY), False, "is in the future"),
    Case(
        "cli-before-inception",
        "cli",
        "before inception",
        flow("1", "2024-12-31"),
        False,
        "before the inception date",
    ),
    Case(
        "cli-unknown-portfolio",
        "cli",
        "unknown portfolio",
        ("flow", "add", "Nobody", "2025-01-03", "deposit", "1"),
        False,
        "no portfolio named or with id 'Nobody'",
    ),
    Case(
        "cli-negative-equity",
        "cli",
        "withdrawal below zero",
        flow("2000000", "2025-01-03", "withdrawal"),
        False,
        "would make equity negative on 2025-01-03",
    ),
    Case(
        "cli-unknown-kind",
        "cli",
        "unknown flow type",
        flow("1", "2025-01-03", "transfer"),
        False,
        "invalid choice: 'transfer'",
    ),
    Case(
        "cli-unknown-flow",
        "cli",
        "void an unknown flow",
        ("flow", "void", "00000000-0000-0000-0000-000000000000", "--reason", "x"),
        False,
        "no cash flow with id",
    ),
    Case(
        "cli-void-no-reason",
        "cli",
        "void with a blank reason",
        ("flow", "void", "FLOW", "--reason", "  "),
        False,
        "reason: is required",
    ),
    Case(
        "cli-html-notes",
        "cli",
        "notes with HTML/script",
        flow("1", "2025-01-03", "deposit", "--notes", "<script>alert(1)</script>"),
        True,
        "<script>alert(1)</script>",
    ),
    Case(
        "cli-formula-notes",
        "cli",
        "notes with a spreadsheet formula",
        flow("1", "2025-01-03", "deposit", "--notes", '=HYPERLINK("http://x")'),
        True,
        "'=HYPERLINK",
    ),
    Case(
        "cli-long-notes",
        "cli",
        "notes of 5,000 characters",
        flow("1", "2025-01-03", "deposit", "--notes", "x" * 5000),
        False,
        "notes: is 5000 characters; the limit is 2000",
    ),
    Case(
        "cli-blank-name",
        "cli",
        "blank portfolio name",
        ("portfolio", "add", "  ", "--opening-equity", "1", "--inception", "2025-01-01"),
        False,
        "name: is empty",
    ),
    Case(
        "cli-control-name",
        "cli",
        "portfolio name with a control character",
        ("portfolio", "add", "A\tB", "--opening-equity", "1", "--inception", "2025-01-01"),
        False,
        "invisible or control character U+0009",
    ),
    Case(
        "cli-currency",
        "cli",
        "unknown currency",
        (
            "portfolio",
            "add",
            "New",
            "--opening-equity",
            "1",
            "--inception",
            "2025-01-01",
            "--currency",
            "XXX",
        ),
        False,
        "not a supported ISO currency",
    ),
    Case(
        "cli-negative-opening",
        "cli",
        "negative opening equity",
        ("portfolio", "add", "New", "--opening-equity", "-1", "--inception", "2025-01-01"),
        False,
        "opening_equity: '-1' must not be negative",
    ),
    Case(
        "cli-password",
        "cli",
        "database URL with a password that fails",
        ("--db", "postgresql+psycopg2://postgres:S3cretPW@127.0.0.1:1/none", "portfolio", "list"),
        False,
        "the database failed",
    ),
]


def new_portfolio(name: str) -> tuple[str, ...]:
    return ("portfolio", "add", name, "--opening-equity", "1", "--inception", "2025-01-01")


HUGE = "1" * 4300
#: Issue 9 (items 3, 4, 7): names, enormous numbers, database URLs and endless files.
CLI += [
    Case(
        "cli-id-name",
        "cli",
        "portfolio name spelled as an id",
        new_portfolio("00000000-0000-4000-8000-000000000001"),
        False,
        "reads as a portfolio id",
    ),
    Case(
        "cli-id-name-urn",
        "cli",
        "portfolio name spelled as an id (urn:uuid:, no dashes)",
        new_portfolio("urn:uuid:00000000000040008000000000000001"),
        False,
        "reads as a portfolio id",
    ),
    Case(
        "cli-zero-width-name",
        "cli",
        "portfolio name with a zero-width space",
        new_portfolio("Fund\u200b"),
        False,
        "invisible or control character U+200B",
    ),
    Case(
        "cli-bidi-name",
        "cli",
        "portfolio name with a right-to-left override",
        new_portfolio("\u202eFund"),
        False,
        "invisible or control character U+202E",
    ),
    Case(
        "cli-del-name",
        "cli",
        "portfolio name with DEL",
        new_portfolio("Fund\x7f"),
        False,
        "invisible or control character U+007F",
    ),
    Case(
        "cli-lookalike-name",
        "cli",
        "full-width, upper-case twin of an existing name",
        new_portfolio("ＦＵＮＤ"),
        False,
        "a portfolio named 'Fund' already exists",
    ),
    Case(
        "cli-case-lookup",
        "cli",
        "portfolio named in another case",
        ("flow", "add", "fund", "2025-01-03", "deposit", "5"),
        True,
        "1030005.00",
    ),
    Case(
        "cli-invisible-notes",
        "cli",
        "notes with zero-width, bidi and line-break characters",
        flow("1", "2025-01-03", "deposit", "--notes", "wire\u200b\nfrom\u202e bank"),
        True,
        '"notes": "wire from bank"',
    ),
    Case(
        "cli-27-digits",
        "cli",
        "27-digit amount",
        flow("123456789012345678901234567"),
        False,
        "'123456789012345678901234567' is beyond the largest amount",
    ),
    Case(
        "cli-4300-digits",
        "cli",
        "4,300-digit amount",
        flow(HUGE),
        False,
        "(4,300 characters) is beyond the largest amount",
    ),
    Case(
        "cli-unsupported-db",
        "cli",
        "database URL with an unsupported scheme",
        ("--db", "foo://x/y", "portfolio", "list"),
        False,
        "db: 'foo' databases are not supported",
    ),
    Case(
        "cli-db-port-range",
        "cli",
        "database URL with port 99999",
        ("--db", "postgresql://u:S3cretPW@h:99999/x", "portfolio", "list"),
        False,
        "db: port 99999 is not between 1 and 65535",
    ),
    Case(
        "cli-db-port-text",
        "cli",
        "database URL with a port that is not a number",
        ("--db", "postgresql://u:S3cretPW@h:abc/x", "portfolio", "list"),
        False,
        "db: 'postgresql://u:***@h:abc/x' is not a database URL",
    ),
    Case(
        "cli-endless-file",
        "cli",
        "import from /dev/zero",
        ("snapshot", "import", "Fund", "/dev/zero"),
        False,
        "'/dev/zero' is over 20 MB; the limit is 20 MB",
    ),
]

CSV = [
    Case("csv-empty", "csv-snapshots", "empty file", b"", False, "file: is empty"),
    Case(
        "csv-header-only",
        "csv-snapshots",
        "header without rows",
        HEADER.encode(),
        False,
        "has a header but no data rows",
    ),
    Case(
        "csv-missing-column",
        "csv-snapshots",
        "missing daily_pnl column",
        b"snapshot_date\n2025-01-06\n",
        False,
        "missing column(s) daily_pnl",
    ),
    Case(
        "csv-extra-column",
        "csv-snapshots",
        "extra column",
        b"snapshot_date,daily_pnl,colour\n2025-01-06,1,red\n",
        False,
        "unknown column(s) colour",
    ),
    Case(
        "csv-duplicate-dates",
        "csv-snapshots",
        "the same date twice",
        (HEADER + "2025-01-06,1,\n2025-01-06,2,\n").encode(),
        False,
        "2025-01-06 appears twice (rows 2 and 3)",
    ),
    Case(
        "csv-bom",
        "csv-snapshots",
        "UTF-8 BOM from a spreadsheet",
        ("\ufeff" + HEADER + "2025-01-06,10.50,\n").encode(),
        True,
        "1030010.50",
    ),
    Case(
        "csv-semicolon",
        "csv-snapshots",
        "semicolon delimiter",
        b"snapshot_date;daily_pnl;total_value\n2025-01-06;-10.50;\n",
        True,
        "1029989.50",
    ),
    Case(
        "csv-thousands",
        "csv-snapshots",
        "thousands separators (quoted)",
        (HEADER + '2025-01-06,"1,234.50","2,000,000.00"\n').encode(),
        True,
        "1031234.50",
    ),
    Case(
        "csv-latin1",
        "csv-snapshots",
        "non-UTF-8 bytes",
        HEADER.encode() + b"2025-01-06,1,caf\xe9\n",
        False,
        "is not UTF-8 text",
    ),
    Case(
        "csv-50mb",
        "csv-snapshots",
        "a 50 MB file",
        HEADER.encode() + b"2025-01-06,1,1\n" * 3_500_000,
        False,
        "the limit is 20 MB",
    ),
    Case(
        "csv-ragged",
        "csv-snapshots",
        "a row with too many values",
        (HEADER + "2025-01-06,1,2,3\n").encode(),
        False,
        "row 2, columns: has 4 values, expected 3",
    ),
    Case(
        "csv-blank-lines",
        "csv-snapshots",
        "blank lines between rows",
        (HEADER + "\n2025-01-06,1,\n\n2025-01-07,2,\n").encode(),
        True,
        "1030003.00",
    ),
    Case(
        "csv-crlf",
        "csv-snapshots",
        "Windows line endings",
        (HEADER + "2025-01-06,5,\r\n").replace("\n", "\r\n").encode(),
        True,
        "1030005.00",
    ),
    Case(
        "csv-text-number",
        "csv-snapshots",
        "text in a number column, row 3",
        (HEADER + "2025-01-06,1,\n2025-01-07,abc,\n").encode(),
        False,
        "row 3, daily_pnl: 'abc' is not a number",
    ),
    Case(
        "csv-nan",
        "csv-snapshots",
        "NaN P&L",
        (HEADER + "2025-01-06,nan,\n").encode(),
        False,
        "row 2, daily_pnl: 'nan' is not a finite amount",
    ),
    Case(
        "csv-before-inception",
        "csv-snapshots",
        "date before inception",
        (HEADER + "2024-06-01,1,\n").encode(),
        False,
        "row 2, snapshot_date: 2024-06-01 is before the inception date",
    ),
    Case(
        "csv-future",
        "csv-snapshots",
        "future date",
        (HEADER + f"{FUTURE_DAY},1,\n").encode(),
        False,
        "is in the future",
    ),
    Case(
        "csv-impossible-date",
        "csv-snapshots",
        "impossible date",
        (HEADER + "2025-13-01,1,\n").encode(),
        False,
        "row 2, snapshot_date: '2025-13-01' is not a date",
    ),
    Case(
        "csv-flows-negative-equity",
        "csv-flows",
        "withdrawals that drive equity negative",
        b"date,kind,amount\n2025-01-03,withdrawal,600000\n2025-01-04,withdrawal,600000\n",
        False,
        "would make equity negative on 2025-01-04",
    ),
    Case(
        "csv-flows-capitalised",
        "csv-flows",
        "kind written 'Deposit'",
        b"date,kind,amount,notes\n2025-01-04,Deposit,100,Saturday wire\n",
        True,
        "1030100.00",
    ),
    Case(
        "csv-flows-negative-amount",
        "csv-flows",
        "negative flow amount",
        b"date,kind,amount\n2025-01-04,deposit,-100\n",
        False,
        "row 2, amount: '-100' must not be negative",
    ),
    Case(
        "csv-flows-formula",
        "csv-flows",
        "notes with a formula",
        b"date,kind,amount,notes\n2025-01-04,deposit,1,=1+2\n",
        True,
        "=1+2",
    ),
    Case(
        "csv-benchmark-zero",
        "csv-benchmark",
        "a zero close",
        b"date,close\n2025-01-02,0\n",
        False,
        "row 2, close: '0' must be a positive finite price",
    ),
]

CSV += [
    Case(
        "csv-cr-only",
        "csv-snapshots",
        "classic Mac line endings (CR only)",
        (HEADER + "2025-01-06,5,\n2025-01-07,2,\n").replace("\n", "\r").encode(),
        True,
        "1030007.00",
    ),
    Case(
        "csv-long-cell",
        "csv-snapshots",
        "a cell beyond the csv module's 131,072-character limit",
        (HEADER + "2025-01-06," + "9" * 140_000 + ",\n").encode(),
        False,
        "row 2, daily_pnl: is 140,000 characters; the limit is 10,000",
    ),
    Case(
        "csv-4300-digits",
        "csv-snapshots",
        "a 4,300-digit number",
        (HEADER + f"2025-01-06,{HUGE},\n").encode(),
        False,
        "row 2, daily_pnl: '1111111111",
    ),
    Case(
        "csv-27-digits",
        "csv-snapshots",
        "a 27-digit total value",
        (HEADER + "2025-01-06,1,123456789012345678901234567.5\n").encode(),
        False,
        "row 2, total_value: '123456789012345678901234567.5' is beyond the largest amount",
    ),
    Case(
        "csv-many-columns",
        "csv-snapshots",
        "a header of 60,000 repeated columns",
        ("snapshot_date,daily_pnl" + ",daily_pnl" * 60_000 + "\n2025-01-06,1\n").encode(),
        False,
        "header: has 60,002 columns; the limit is 50",
    ),
    Case(
        "csv-repeated-column",
        "csv-snapshots",
        "a column twice",
        b"snapshot_date,daily_pnl,daily_pnl\n2025-01-06,1,1\n",
        False,
        "header: column daily_pnl appears 2 times",
    ),
    Case(
        "csv-too-many-rows",
        "csv-snapshots",
        "200,001 data rows",
        (HEADER + "2025-01-06,1,\n" * 200_001).encode(),
        False,
        "has more than 200,000 data rows",
    ),
    Case(
        "csv-flows-invisible-notes",
        "csv-flows",
        "notes with zero-width and bidi characters",
        "date,kind,amount,notes\n2025-01-04,deposit,1,Saturday\u200b wire\u202e\n".encode(),
        True,
        "'Saturday wire'",
    ),
]

CASES = CLI + CSV
