"""Alembic: upgrade and downgrade both work, on both backends, and head is what code expects."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select

from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.migrate import (
    SCHEMA_HEAD,
    alembic_config,
    current_revision,
    downgrade,
    ensure_schema,
    upgrade,
)
from equity.storage.models import PortfolioSnapshot
from tests.support import D, add_days, day, equity_by_date, new_portfolio

TABLES = {"portfolios", "portfolio_snapshots", "cash_flows"}


def test_schema_head_constant_matches_the_scripts(sqlite_db):
    assert ScriptDirectory.from_config(alembic_config(sqlite_db)).get_current_head() == SCHEMA_HEAD


def test_downgrade_to_base_and_upgrade_again(db):
    assert current_revision(db) == SCHEMA_HEAD
    downgrade(db, "base")
    assert current_revision(db) is None
    assert TABLES.isdisjoint(inspect(db.engine).get_table_names())
    upgrade(db)
    assert current_revision(db) == SCHEMA_HEAD
    assert set(inspect(db.engine).get_table_names()) >= TABLES
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "0.01"))
    assert equity_by_date(db, name) == {"2025-01-02": D("1000000.01")}


def test_ensure_schema_is_a_no_op_at_head_and_keeps_data(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "5"))
    assert ensure_schema(db) is False
    assert equity_by_date(db, name) == {"2025-01-02": D("1000005.00")}


def test_models_and_migrations_describe_the_same_schema(db):
    """Autogenerate finds nothing to do: the models declare what the migrations built."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from equity.storage.models import Base

    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    # Alembic's comparison ignores ddl_if: the PostgreSQL-only index is not on SQLite.
    expected = [] if not db.is_sqlite else ["ix_portfolio_snapshots_portfolio_id"]
    assert [entry[1].name for entry in diff] == expected, diff


def _snapshot_columns(db) -> dict[str, dict]:
    return {
        column["name"]: column for column in inspect(db.engine).get_columns("portfolio_snapshots")
    }


def test_0005_keeps_every_existing_total_value_as_given(db):
    """Which stored totals were omitted was never recorded: after 0005 all are anchors."""
    name = new_portfolio(db)
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-02"), D("5"), D("700.25"))])
    upsert_snapshots(db, name, [SnapshotInput(day("2025-01-03"), D("1"))])
    downgrade(db, "0004")
    assert "total_value_carried" not in _snapshot_columns(db)
    upgrade(db)
    assert _snapshot_columns(db)["total_value_carried"]["nullable"] is False
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(
                PortfolioSnapshot.snapshot_date,
                PortfolioSnapshot.total_value,
                PortfolioSnapshot.total_value_carried,
            ).order_by(PortfolioSnapshot.snapshot_date)
        ).all()
    assert [tuple(row) for row in rows] == [
        (day("2025-01-02"), D("700.25"), False),
        (day("2025-01-03"), D("700.25"), False),
    ]
