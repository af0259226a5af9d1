"""Initial schema: portfolios, portfolio_snapshots, cash_flows.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from equity.storage.types import Money

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "portfolios",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("inception_date", sa.Date(), nullable=False),
        sa.Column("opening_equity", Money(), nullable=False),
        sa.Column("equity_balance", Money(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.CheckConstraint("opening_equity >= 0", name="ck_portfolios_opening_equity_nonnegative"),
        sa.UniqueConstraint("name", name="uq_portfolios_name"),
    )
    op.create_table(
        "portfolio_snapshots",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column(
            "portfolio_id",
            sa.Uuid(),
            sa.ForeignKey(
                "portfolios.id",
                ondelete="CASCADE",
                name="fk_portfolio_snapshots_portfolio_id_portfolios",
            ),
            nullable=False,
        ),
        sa.Column("snapshot_date", sa.Date(), nullable=False),
        sa.Column("total_value", Money(), nullable=False),
        sa.Column("daily_pnl", Money(), nullable=False),
        sa.Column("cumulative_pnl", Money(), nullable=False),
        sa.Column("equity_inflow", Money(), nullable=False),
        sa.Column("equity_outflow", Money(), nullable=False),
        sa.Column("equity_balance", Money(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("long_value", Money(), nullable=True),
        sa.Column("short_value", Money(), nullable=True),
        sa.Column("gross_exposure", Money(), nullable=True),
        sa.Column("net_exposure", Money(), nullable=True),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.UniqueConstraint(
            "portfolio_id",
            "snapshot_date",
            name="uq_portfolio_snapshots_portfolio_id_snapshot_date",
        ),
        sa.CheckConstraint(
            "source IN ('batch', 'import', 'manual', 'carry_forward')",
            name="ck_portfolio_snapshots_source_known",
        ),
        sa.CheckConstraint(
            "equity_inflow >= 0 AND equity_outflow >= 0",
            name="ck_portfolio_snapshots_flows_nonnegative",
        ),
    )
    op.create_table(
        "cash_flows",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "portfolio_id",
            sa.Uuid(),
            sa.ForeignKey(
                "portfolios.id", ondelete="CASCADE", name="fk_cash_flows_portfolio_id_portfolios"
            ),
            nullable=False,
        ),
        sa.Column("flow_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("amount", Money(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("voided_by", sa.String(120), nullable=True),
        sa.Column("idempotency_key", sa.String(200), nullable=True),
        sa.UniqueConstraint(
            "portfolio_id", "idempotency_key", name="uq_cash_flows_portfolio_id_idempotency_key"
        ),
        sa.CheckConstraint("kind IN ('deposit', 'withdrawal')", name="ck_cash_flows_kind_known"),
        sa.CheckConstraint("amount > 0", name="ck_cash_flows_amount_positive"),
    )
    op.create_index(
        "ix_cash_flows_portfolio_id_flow_date", "cash_flows", ["portfolio_id", "flow_date"]
    )


def downgrade() -> None:
    op.drop_index("ix_cash_flows_portfolio_id_flow_date", table_name="cash_flows")
    op.drop_table("cash_flows")
    op.drop_table("portfolio_snapshots")
    op.drop_table("portfolios")
