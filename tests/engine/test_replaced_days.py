"""Replacing snapshot days is shown before and recoverable after (issue 9, item 9).

Before: an import of days that existed replaced their P&L and market value, said only how
many rows were ready, and the audit kept a count; the old figures were gone for good.
"""

from __future__ import annotations

import json
from decimal import Decimal

from equity.services.audit import audit_trail, replaced_days_in
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.export import audit_rows
from equity.services.imports import import_snapshots_csv, parse_snapshot_csv
from equity.services.snapshots import (
    ReplacedDay,
    SnapshotInput,
    delete_snapshot,
    preview_replaced_days,
    upsert_snapshots,
)
from equity.storage.database import Database
from tests.support import D, day, full_dump, history_rows, new_portfolio

TOTAL_VALUE = 6  # position of total_value in a history row (HISTORY_COLUMNS)


def stored_days(db: Database, name: str) -> dict[str, tuple[Decimal, Decimal, str]]:
    """date -> (daily P&L, total value, source) as stored now."""
    return {
        row[0].isoformat(): (row[2], row[TOTAL_VALUE], row[7]) for row in history_rows(db, name)
    }


def seeded(db: Database) -> str:
    """Three real days (one without a total value) and a Saturday deposit's carry-forward."""
    name = new_portfolio(db)
    upsert_snapshots(
        db,
        name,
        [
            SnapshotInput(day("2025-01-02"), D("50000"), D("1050000")),
            SnapshotInput(day("2025-01-03"), D("-20000.55"), D("1030000.10")),
            SnapshotInput(day("2025-01-06"), D("0.01")),
        ],
        "batch",
    )
    record_cash_flow(db, FlowRequest(name, day("2025-01-04"), "deposit", D("100")))
    return name


REIMPORT = (
    "snapshot_date,daily_pnl,total_value\n"
    "2025-01-03,10,5000\n"  # replaces a batch day
    "2025-01-04,1.50,\n"  # fills the carry-forward day: carries 5,000 from the day before
    "2025-01-06,20,7000\n"  # replaces a batch day
    "2025-01-07,30,\n"  # new
)


def test_preview_lists_each_replaced_day_old_and_new_and_writes_nothing(db):
    name = seeded(db)
    before = full_dump(db)
    replaced = preview_replaced_days(db, name, parse_snapshot_csv(REIMPORT))
    assert replaced == [
        ReplacedDay(
            day("2025-01-03"), D("-20000.55"), D("10"), D("1030000.10"), D("5000"), "batch"
        ),
        ReplacedDay(
            day("2025-01-04"), D("0"), D("1.50"), D("1030000.10"), D("5000"), "carry_forward"
        ),
        ReplacedDay(day("2025-01-06"), D("0.01"), D("20"), D("1030000.10"), D("7000"), "batch"),
    ]
    assert full_dump(db) == before


def test_preview_new_total_value_is_what_the_import_stores(db):
    name = seeded(db)
    rows = parse_snapshot_csv(REIMPORT)
    replaced = preview_replaced_days(db, name, rows)
    import_snapshots_csv(db, name, REIMPORT)
    stored = stored_days(db, name)
    for item in replaced:
        assert stored[item.snapshot_date.isoformat()][:2] == (
            item.new_daily_pnl,
            item.new_total_value,
        )


def test_preview_of_new_days_only_is_empty(db):
    name = seeded(db)
    rows = [SnapshotInput(day("2025-01-08"), D("1")), SnapshotInput(day("2025-01-09"), D("2"))]
    assert preview_replaced_days(db, name, rows) == []
    assert preview_replaced_days(db, name, []) == []


def _old_values_from_audit(db: Database, name: str) -> list[dict[str, str]]:
    """Every replaced day the audit recorded, oldest change first, from the exported rows."""
    found = []
    for row in reversed(audit_rows(audit_trail(db, name))):
        found += replaced_days_in(row["details"])
    return found


def test_every_replaced_day_is_recoverable_from_the_audit(db):
    name = seeded(db)
    before = stored_days(db, name)
    import_snapshots_csv(db, name, REIMPORT)
    after_import = stored_days(db, name)
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-06"), D("-3"), D("6500.25"))])

    recovered = _old_values_from_audit(db, name)
    expected = [(iso, *before[iso]) for iso in ("2025-01-03", "2025-01-04", "2025-01-06")] + [
        ("2025-01-06", *after_import["2025-01-06"])
    ]
    assert [
        (r["date"], D(r["old_daily_pnl"]), D(r["old_total_value"]), r["old_source"])
        for r in recovered
    ] == expected
    assert [r["old_daily_pnl"] for r in recovered] == ["-20000.55", "0.00", "0.01", "20.00"]


def test_a_new_day_leaves_no_replaced_values(db):
    name = seeded(db)
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-08"), D("1"))])
    latest = audit_trail(db, name)[0]
    assert latest.details == "1 new, 0 replaced day(s): 2025-01-08"
    assert replaced_days_in(latest.details) == []


def test_old_values_come_back_through_the_cli(db, cli, tmp_path):
    name = seeded(db)
    before = stored_days(db, name)
    csv_file = tmp_path / "again.csv"
    csv_file.write_text(REIMPORT)
    cli(db, "snapshot", "import", name, str(csv_file))
    cli(db, "snapshot", "add", name, "2025-01-02", "--daily-pnl", "7")
    entries = json.loads(cli(db, "audit", name, "--json").stdout)
    recovered = {}
    for entry in reversed(entries):
        for item in replaced_days_in(entry["details"]):
            recovered.setdefault(item["date"], item)
    assert set(recovered) == {"2025-01-02", "2025-01-03", "2025-01-04", "2025-01-06"}
    for iso, item in recovered.items():
        assert (D(item["old_daily_pnl"]), D(item["old_total_value"]), item["old_source"]) == before[
            iso
        ]


def test_a_deleted_day_is_recoverable_from_the_audit(db):
    name = seeded(db)
    delete_snapshot(db, name, day("2025-01-03"))
    assert replaced_days_in(audit_trail(db, name)[0].details) == [
        {
            "date": "2025-01-03",
            "old_daily_pnl": "-20000.55",
            "old_total_value": "1030000.10",
            "old_source": "batch",
        }
    ]
