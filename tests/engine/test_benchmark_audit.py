"""A benchmark import is a firm-wide change: audited, and listed with the others (Admin page)."""

from __future__ import annotations

import pytest

from equity.errors import ValidationError
from equity.services.audit import firm_trail
from equity.services.benchmarks import import_benchmark_csv
from tests.engine.access_support import table_contents


def test_a_benchmark_import_is_audited_with_its_name_and_range(db):
    import_benchmark_csv(db, "MSCI World", "date,close\n2025-01-02,100.5\n2025-01-03,101\n")
    [entry] = firm_trail(db)
    assert entry.action == "benchmark.import"
    assert entry.details == (
        "benchmark 'MSCI World': 2 close(s) from 2025-01-02 to 2025-01-03 added or replaced"
    )
    assert str(entry.effective_date) == "2025-01-02"


def test_a_refused_benchmark_file_leaves_no_audit_entry(db):
    before = table_contents(db)
    with pytest.raises(ValidationError):
        import_benchmark_csv(db, "MSCI World", "date,close\n2025-01-02,abc\n")
    assert table_contents(db) == before
    assert firm_trail(db) == []
