"""FX rates and firm settings, for the firm view (issue 12).

Adds ``fx_rates`` (one exact rate per base currency, currency and date: one unit of the
currency is ``rate`` units of ``base_currency``, the firm's base when it was imported, so a
later change of base leaves old rates unused instead of misread) and ``settings``
(key/value, such as ``base_currency``). Neither has a foreign key, so dropping them
touches nothing else.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from equity.storage.types import ScaledDecimal

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fx_rates",
        sa.Column("base_currency", sa.String(3), primary_key=True),
        sa.Column("currency", sa.String(3), primary_key=True),
        sa.Column("rate_date", sa.Date(), primary_key=True),
        sa.Column("rate", ScaledDecimal(20, 10), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(120), nullable=False),
        sa.CheckConstraint("rate > 0", name="ck_fx_rates_rate_positive"),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
    )


def downgrade() -> None:
    # Plain drops: neither table has children, and no other table is rebuilt.
    op.drop_table("settings")
    op.drop_table("fx_rates")
