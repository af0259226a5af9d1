"""Audit log of every write; benchmark price series.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from equity.storage.types import Price

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column(
            "portfolio_id",
            sa.Uuid(),
            sa.ForeignKey(
                "portfolios.id", ondelete="CASCADE", name="fk_audit_log_portfolio_id_portfolios"
            ),
            nullable=True,
        ),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=True),
        sa.Column("flow_id", sa.Uuid(), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
    )
    op.create_index(
        "ix_audit_log_portfolio_id_recorded_at", "audit_log", ["portfolio_id", "recorded_at"]
    )
    # Earlier writes are known from the ledger: carry them into the audit log.
    op.execute(
        "INSERT INTO audit_log (portfolio_id, recorded_at, actor, action, effective_date, "
        "flow_id, details) SELECT portfolio_id, created_at, created_by, 'flow.record', "
        "flow_date, id, kind FROM cash_flows"
    )
    op.create_table(
        "benchmarks",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.UniqueConstraint("name", name="uq_benchmarks_name"),
    )
    op.create_table(
        "benchmark_prices",
        sa.Column(
            "benchmark_id",
            sa.Uuid(),
            sa.ForeignKey(
                "benchmarks.id",
                ondelete="CASCADE",
                name="fk_benchmark_prices_benchmark_id_benchmarks",
            ),
            primary_key=True,
        ),
        sa.Column("price_date", sa.Date(), primary_key=True),
        sa.Column("close", Price(), nullable=False),
        sa.CheckConstraint("close > 0", name="ck_benchmark_prices_close_positive"),
    )


def downgrade() -> None:
    op.drop_table("benchmark_prices")
    op.drop_table("benchmarks")
    op.drop_index("ix_audit_log_portfolio_id_recorded_at", table_name="audit_log")
    op.drop_table("audit_log")
