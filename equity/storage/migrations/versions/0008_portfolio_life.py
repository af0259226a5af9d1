"""The portfolio's life (issue 13): old names, archiving, the number format.

Adds ``portfolio_names`` (each name a portfolio had before a rename, with who renamed it
and when, so an old link can say what the portfolio is called now) and three columns on
``portfolios``: ``archived_at`` and ``archived_by`` (null while live: existing portfolios
stay live) and ``decimal_comma`` (NOT NULL, default false: existing files keep reading
1,000.00 as they did).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("portfolios", sa.Column("archived_at", sa.DateTime(timezone=True)))
    op.add_column("portfolios", sa.Column("archived_by", sa.String(120)))
    op.add_column(
        "portfolios",
        sa.Column("decimal_comma", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "portfolio_names",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column(
            "portfolio_id",
            sa.Uuid(),
            sa.ForeignKey(
                "portfolios.id",
                ondelete="CASCADE",
                name="fk_portfolio_names_portfolio_id_portfolios",
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_key", sa.String(240), nullable=False),
        sa.Column("renamed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("renamed_by", sa.String(120), nullable=False),
    )
    op.create_index("ix_portfolio_names_name_key", "portfolio_names", ["name_key"])


def downgrade() -> None:
    op.drop_index("ix_portfolio_names_name_key", table_name="portfolio_names")
    op.drop_table("portfolio_names")
    # Not batch mode: on SQLite a batch rebuild drops the table, and with foreign keys on
    # that cascades to every snapshot. SQLite (>= 3.35) drops a plain column in place.
    op.drop_column("portfolios", "decimal_comma")
    op.drop_column("portfolios", "archived_by")
    op.drop_column("portfolios", "archived_at")
