"""Snapshots remember whether their total value was given or carried.

Adds ``portfolio_snapshots.total_value_carried`` (boolean, NOT NULL, default false). An
omitted total value means "unchanged": the total of the nearest earlier day whose total
was given. Resolved once, when the day was written, that copy went stale when an earlier
day was added later, so the order of writes changed the history (issue 9, item 11). With
the flag, every write refreshes the carried copies after it. Existing rows keep their
values and count as given (false): which of them were omitted was never recorded, and
treating them as given changes nothing already stored. SQLite adds a NOT NULL column
with a default without rebuilding the table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "portfolio_snapshots",
        sa.Column("total_value_carried", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("portfolio_snapshots", "total_value_carried")
