"""Issued client statements (issue 14): the ``statements`` table.

One row per issued statement: its period, version (a reissue of the same period is the
next version, ``previous_id`` pointing at the one it replaces), who issued it and when,
the figures as JSON text, the PDF's bytes and SHA-256, and its status (``current`` or
``restated``) with the differences that made it restated. Nothing existing changes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statements",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "portfolio_id",
            sa.Uuid(),
            sa.ForeignKey(
                "portfolios.id", ondelete="CASCADE", name="fk_statements_portfolio_id_portfolios"
            ),
            nullable=False,
        ),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "previous_id",
            sa.Uuid(),
            sa.ForeignKey("statements.id", name="fk_statements_previous_id_statements"),
        ),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(120), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("differences", sa.Text(), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint(
            "portfolio_id",
            "period_from",
            "period_to",
            "version",
            name="uq_statements_portfolio_id_period_from_period_to_version",
        ),
        sa.CheckConstraint("status IN ('current', 'restated')", name="ck_statements_status_known"),
        sa.CheckConstraint("version >= 1", name="ck_statements_version_positive"),
        sa.CheckConstraint("period_from <= period_to", name="ck_statements_period_ordered"),
    )
    op.create_index(
        "ix_statements_portfolio_id_period_to", "statements", ["portfolio_id", "period_to"]
    )


def downgrade() -> None:
    op.drop_index("ix_statements_portfolio_id_period_to", table_name="statements")
    op.drop_table("statements")
