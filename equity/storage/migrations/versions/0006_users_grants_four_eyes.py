"""Users, their grants, four-eyes approval (issue 11).

Adds ``users`` (email, role, all_portfolios), ``user_portfolios`` (the portfolios of a
grant that is not for all), ``portfolios.four_eyes`` (boolean, NOT NULL, default false)
and ``pending_flows`` (flows to record or void that wait for a second person). Existing
portfolios keep applying flows at once (four_eyes false), and nobody can sign in until an
operator adds a user (``python -m equity user add``): a database that had no sign-in
opens to no one by default.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from equity.storage.types import Money

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _portfolio_key(table: str) -> sa.Column:
    return sa.Column(
        "portfolio_id",
        sa.Uuid(),
        sa.ForeignKey(
            "portfolios.id", ondelete="CASCADE", name=f"fk_{table}_portfolio_id_portfolios"
        ),
        nullable=False,
        primary_key=table == "user_portfolios",
    )


def upgrade() -> None:
    op.add_column(
        "portfolios",
        sa.Column("four_eyes", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "users",
        sa.Column("email", sa.String(254), primary_key=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("all_portfolios", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.CheckConstraint("role IN ('admin', 'manager', 'viewer')", name="ck_users_role_known"),
    )
    op.create_table(
        "user_portfolios",
        sa.Column(
            "email",
            sa.String(254),
            sa.ForeignKey("users.email", ondelete="CASCADE", name="fk_user_portfolios_email_users"),
            primary_key=True,
        ),
        _portfolio_key("user_portfolios"),
    )
    op.create_table(
        "pending_flows",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _portfolio_key("pending_flows"),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("flow_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("amount", Money(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("flow_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("proposed_by", sa.String(254), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("decided_by", sa.String(254), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("idempotency_key", sa.String(200), nullable=True),
        sa.UniqueConstraint(
            "portfolio_id", "idempotency_key", name="uq_pending_flows_portfolio_id_idempotency_key"
        ),
        sa.CheckConstraint("action IN ('record', 'void')", name="ck_pending_flows_action_known"),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')", name="ck_pending_flows_status_known"
        ),
        sa.CheckConstraint("kind IN ('deposit', 'withdrawal')", name="ck_pending_flows_kind_known"),
        sa.CheckConstraint("amount > 0", name="ck_pending_flows_amount_positive"),
    )
    op.create_index(
        "ix_pending_flows_portfolio_id_status", "pending_flows", ["portfolio_id", "status"]
    )


def downgrade() -> None:
    op.drop_index("ix_pending_flows_portfolio_id_status", table_name="pending_flows")
    op.drop_table("pending_flows")
    op.drop_table("user_portfolios")
    op.drop_table("users")
    # Not batch mode: on SQLite a batch rebuild drops the table, and with foreign keys on
    # that cascades to every snapshot. SQLite (>= 3.35) drops a plain column in place.
    op.drop_column("portfolios", "four_eyes")
