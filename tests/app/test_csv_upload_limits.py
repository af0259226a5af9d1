"""Uploads on the Data page cannot tie up the server: limits said, one parse, 100 rows listed.

Issue 9 item 6: a 19.5 MB file of bad rows took the server from 213 MB to 2.26 GB, every
later click parsed it again, and the error table listed every one of its bad rows.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, timedelta

from equity.domain.csv_rows import MAX_ERRORS_LISTED
from equity_app.components import csv_import
from tests.app.screen import assert_no_exception, shown, texts

PAGE = "pages/data.py"


def bad_snapshots(count: int) -> bytes:
    """``count`` rows whose P&L is not a number, dated one per day from 2025-01-02."""
    first = date(2025, 1, 2)
    lines = ["snapshot_date,daily_pnl"] + [
        f"{first + timedelta(days=n)},not-{n}" for n in range(count)
    ]
    return ("\n".join(lines) + "\n").encode()


def upload(at, key: str, content: bytes, name: str = "upload.csv"):
    at.file_uploader(key=key).set_value((name, content, "text/csv"))
    return at.run()


def error_table(at):
    [table] = [d.value for d in at.dataframe if "Problem" in d.value.columns]
    return table


def test_each_uploader_states_the_limits_beside_it(demo_url, open_app):
    at = open_app(PAGE)
    limits = [shown(c.value) for c in at.caption if shown(c.value).startswith("Limits: ")]
    assert limits == 4 * [  # snapshots, cash flows, benchmarks, FX rates
        "Limits: a .csv or .txt file of at most 20 MB, 200,000 rows, 50 columns and 10,000 "
        "characters in a cell. A file with bad rows imports nothing; the first 100 bad rows "
        "are listed and the rest counted."
    ]


def test_a_file_of_250_bad_rows_lists_the_first_100_and_counts_the_rest(demo_url, open_app):
    at = upload(open_app(PAGE), "snapshots_upload", bad_snapshots(250))
    assert_no_exception(at)
    assert texts(at, "error") == [
        "Nothing can be imported yet: the file has 250 problems. The first 100 are listed. "
        "Fix them, then upload the file again."
    ]
    table = error_table(at)
    assert len(table) == MAX_ERRORS_LISTED
    assert list(table["Row"][:2]) == [2, 3]
    assert list(table["Value"][:2]) == ["not-0", "not-1"]
    assert table["Row"].iloc[-1] == 101
    assert not [b for b in at.button if b.key == "snapshots_import"]


def test_a_bad_benchmark_file_is_listed_the_same_way(demo_url, open_app):
    closes = "date,close\n" + "".join(f"2025-01-02,x{n}\n" for n in range(101))
    at = upload(open_app(PAGE), "benchmark_upload", closes.encode())
    assert_no_exception(at)
    # 101 closes that are not numbers, and 100 repeats of the first row's date: all counted.
    assert texts(at, "error") == [
        "Nothing can be imported yet: the file has 201 problems. The first 100 are listed. "
        "Fix them, then upload the file again."
    ]
    assert len(error_table(at)) == 100


def test_a_file_is_checked_once_however_often_the_page_reruns(demo_url, open_app, monkeypatch):
    parses = []
    check = csv_import.SNAPSHOTS.check

    def counting(db, portfolio, raw: bytes, options, progress):
        parses.append(hashlib.sha256(raw).hexdigest())
        return check(db, portfolio, raw, options, progress)

    spec = dataclasses.replace(csv_import.SNAPSHOTS, check=counting)
    monkeypatch.setattr(csv_import, "SNAPSHOTS", spec)
    first, second = bad_snapshots(3), bad_snapshots(4)
    at = upload(open_app(PAGE), "snapshots_upload", first)
    at.text_input(key="benchmark_name").input("MSCI World").run()  # any other click
    at.run()
    assert parses == [hashlib.sha256(first).hexdigest()]
    at = upload(at, "snapshots_upload", second)
    at.run()
    assert parses == [hashlib.sha256(first).hexdigest(), hashlib.sha256(second).hexdigest()]
    # The session keeps the outcome of the current file only, under its hash (and the
    # options it was read with), not its bytes.
    [(digest, *_options)] = list(at.session_state["snapshots_upload_parsed"])
    assert digest == hashlib.sha256(second).hexdigest()


def test_removing_the_file_lets_its_outcome_go(demo_url, open_app):
    at = upload(open_app(PAGE), "snapshots_upload", bad_snapshots(3))
    assert "snapshots_upload_parsed" in at.session_state
    at.file_uploader(key="snapshots_upload").set_value(None)
    at.run()
    assert_no_exception(at)
    assert "snapshots_upload_parsed" not in at.session_state


def test_a_header_of_60000_duplicate_columns_is_refused_in_words(demo_url, open_app):
    header = ",".join(["snapshot_date"] * 60_000)
    at = upload(open_app(PAGE), "snapshots_upload", f"{header}\n2025-01-02\n".encode())
    assert_no_exception(at)
    assert texts(at, "error") == [
        "Nothing can be imported yet: the file has 1 problem. Fix it, then upload the file again."
    ]
    assert list(error_table(at)["Problem"]) == ["header: has 60,000 columns; the limit is 50"]
    assert not [s for s in at.selectbox if "_map_" in (s.key or "")]
