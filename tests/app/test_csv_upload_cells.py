"""The error table's Value column reads the cell the engine's row number points at.

The page streams the file to find the cells of the (at most 100) bad rows instead of
holding every row; it must split rows exactly as the importer does, whatever the file's
line endings, delimiter, byte-order mark or quoted line breaks.
"""

from __future__ import annotations

import pytest

from equity.services.imports import parse_cash_flow_csv, parse_snapshot_csv
from equity_app.components.csv_upload import parse_upload

CASES = {
    "CR-only line endings": b"snapshot_date,daily_pnl\r2025-01-02,1\r2025-01-03,abc\r",
    "CRLF and a BOM": b"\xef\xbb\xbfsnapshot_date,daily_pnl\r\n2025-01-02,1\r\n2025-01-03,abc\r\n",
    "semicolons": b"snapshot_date;daily_pnl\n2025-01-02;1\n2025-01-03;abc\n",
    "a blank row before it": b"snapshot_date,daily_pnl\n2025-01-02,1\n\n2025-01-03,abc\n",
}
ROWS = {"a blank row before it": 4}


@pytest.mark.parametrize("case", list(CASES))
def test_the_value_shown_is_the_bad_cell(case):
    parsed = parse_upload(CASES[case], parse_snapshot_csv, "digest")
    [problem] = parsed.problems
    assert (problem.row, problem.column, problem.value) == (ROWS.get(case, 3), "daily_pnl", "abc")
    assert parsed.bad_rows == 1


def test_a_note_with_a_line_break_inside_quotes_keeps_the_row_numbers():
    flows = b'date,kind,amount,notes\n2025-01-02,deposit,5,"two\nlines"\n2025-01-03,gift,5,x\n'
    parsed = parse_upload(flows, parse_cash_flow_csv, "digest")
    [problem] = parsed.problems
    assert (problem.row, problem.column, problem.value) == (3, "kind", "gift")
    assert problem.problem == "Type: 'gift' is not one of deposit, withdrawal"


def test_a_long_cell_is_cut_for_the_table():
    parsed = parse_upload(
        b"snapshot_date,daily_pnl\n2025-01-02," + b"9" * 500 + b"x\n", parse_snapshot_csv, "d"
    )
    [problem] = parsed.problems
    assert len(problem.value) == 120 and problem.value.endswith("…")
