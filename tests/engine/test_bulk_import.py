"""Large imports take PostgreSQL's COPY path; the stored days equal the formula all the same."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from equity.domain.rollforward import DayMovement, roll_forward
from equity.services.checks import check_invariants
from equity.services.imports import import_snapshots_csv
from equity.services.snapshots import COPY_UPLOAD, UPLOAD_COLUMNS
from tests.support import history_rows, new_portfolio

START = date(2024, 1, 1)


def test_an_import_above_the_copy_threshold_is_exact(db):
    name = new_portfolio(db, inception="2024-01-01")
    pnl = [Decimal(f"{(i * 7919) % 20001 - 10000}.{i % 100:02d}") for i in range(600)]
    lines = ["snapshot_date,daily_pnl,total_value"]
    lines += [f"{START + timedelta(days=i + 1)},{p},{1000000 + i}" for i, p in enumerate(pnl)]
    result = import_snapshots_csv(db, name, "\n".join(lines) + "\n")
    assert (result.inserted, result.updated) == (600, 0)
    moves = [DayMovement(START + timedelta(days=i + 1), p) for i, p in enumerate(pnl)]
    expected = [(r.day, r.equity_balance) for r in roll_forward(Decimal("1000000"), moves)]
    assert [(row[0], row[1]) for row in history_rows(db, name)] == expected
    assert check_invariants(db) == []


def test_the_copy_statement_names_the_upload_columns_in_order():
    assert f"COPY snapshot_upload ({', '.join(UPLOAD_COLUMNS)}) FROM STDIN" == COPY_UPLOAD
