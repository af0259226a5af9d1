"""The statement benchmark's harness at tiny sizes: its rows are there on each backend.

The figures at these sizes mean nothing; no time is asserted.
"""

from __future__ import annotations

import pytest

from bench.databases import Workspace
from bench.sizes import TINY
from bench.statements import statement_documents
from tests.conftest import require_postgres


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_tiny_statement_rows(backend):
    if backend == "postgres":
        require_postgres()
    with Workspace() as ws:
        rows = statement_documents(ws, [backend], TINY)
    by_key = {row.key: row for row in rows}
    assert set(by_key) == {
        f"statement.{backend}.{period}.{side}"
        for period in ("month", "life")
        for side in ("baseline", "pdf")
    }
    assert all(row.stats.runs == TINY.statement_runs for row in rows)
    assert by_key[f"statement.{backend}.life.pdf"].ratio.endswith("×")
