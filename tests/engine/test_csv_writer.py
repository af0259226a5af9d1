"""One CSV writer for the CLI's exports and the app's downloads."""

from __future__ import annotations

import io

from equity.services.export import csv_bytes, safe_text, write_csv
from equity_app import csv_export


def test_a_given_header_is_written_even_without_rows():
    out = io.StringIO()
    write_csv(out, [], header=["date", "equity_balance"])
    assert out.getvalue() == "date,equity_balance\n"


def test_without_a_header_the_first_rows_keys_are_the_header_and_no_rows_write_nothing():
    out = io.StringIO()
    write_csv(out, iter([{"a": "1", "b": "x,y"}, {"a": "2", "b": 'say "hi"'}]))
    assert out.getvalue() == 'a,b\n1,"x,y"\n2,"say ""hi"""\n'
    empty = io.StringIO()
    write_csv(empty, [])
    assert empty.getvalue() == ""


def test_amounts_stay_numbers_and_only_text_is_neutralised_where_rows_are_built():
    rows = [{"amount": "-1250.50", "notes": safe_text("=SUM(A1:A9)")}]
    assert csv_bytes(rows) == b"amount,notes\n-1250.50,'=SUM(A1:A9)\n"


def test_the_app_downloads_use_the_same_writer():
    assert (
        csv_export.ledger_csv([])
        == csv_bytes([], list(csv_export.LEDGER_HEADER))
        == (b"id,date,kind,amount,notes,created_by,created_at,voided_at,voided_by,void_reason\n")
    )
