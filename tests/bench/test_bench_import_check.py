"""The bench's CSV import section times the plain parse and the whole-file check side by
side, the check's cost given as a ratio to the parse. No time is asserted: tiny sizes."""

from __future__ import annotations

from bench.databases import Workspace
from bench.imports import csv_imports
from bench.sizes import TINY


def test_the_import_section_has_a_parse_and_a_check_row_beside_the_import():
    with Workspace() as ws:
        rows = {row.key: row for row in csv_imports(ws, ["sqlite"], TINY)}
    assert set(rows) == {"import.sqlite", "import.parse", "import.check"}
    parse, check = rows["import.parse"], rows["import.check"]
    assert parse.stats.runs == check.stats.runs == TINY.import_runs
    assert check.size == parse.size == rows["import.sqlite"].size
    assert check.ratio.endswith("× of parse") and check.met is not None
    assert check.backend == "SQLite"
