"""The month-end and restatement benchmark's harness at tiny sizes, on each backend.

The figures at these sizes mean nothing; no time is asserted, only that every row is
there with its runs and its ratio to the baseline measured in the same run.
"""

from __future__ import annotations

import pytest

from bench.databases import Workspace
from bench.sizes import TINY
from bench.statement_runs import statement_runs
from tests.conftest import require_postgres


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_tiny_month_end_and_restatement_rows(backend):
    if backend == "postgres":
        require_postgres()
    with Workspace() as ws:
        rows = statement_runs(ws, [backend], TINY)
    by_key = {row.key: row for row in rows}
    assert set(by_key) == {
        f"month_end.{backend}.baseline",
        f"month_end.{backend}.issue_all",
        f"restatement.{backend}.without",
        f"restatement.{backend}.with",
        f"restatement.{backend}.untouched",
    }
    assert by_key[f"month_end.{backend}.issue_all"].stats.runs == TINY.month_end_runs
    assert by_key[f"restatement.{backend}.with"].stats.runs == TINY.restatement_runs
    assert by_key[f"month_end.{backend}.issue_all"].ratio.endswith("×")
    assert by_key[f"restatement.{backend}.with"].ratio.endswith("×")
