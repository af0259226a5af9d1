"""Snapshots: room for in-place updates, and the indexes the all-portfolio overview reads.

Fillfactor (PostgreSQL). A backdated flow rewrites every later snapshot of its portfolio.
With full pages (the default fillfactor 100) each new row version lands on another page
and needs new entries in both indexes; with room left on the page the update is HOT (no
indexed column changes) and the old versions are pruned on the next visit. Existing rows
move into the roomier layout as they are rewritten; ``VACUUM FULL portfolio_snapshots``
does it at once, under a lock. SQLite has no fillfactor.

Overview indexes. The overview counts each portfolio's days and sums its flows over the
whole table. ``ix_portfolio_snapshots_portfolio_id`` (PostgreSQL only) holds one key per
portfolio thanks to B-tree deduplication, so counting millions of days reads a few MB
instead of the table (SQLite counts from the unique index just as well). The partial
``ix_portfolio_snapshots_flow_days`` holds only days with a flow: summing those is summing
every day. Neither index holds a column a recompute changes, so recomputes stay HOT.
Measured in ``bench/``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: Percent of each heap page that new rows may fill (PostgreSQL only): 70, in upgrade().
#: Must read exactly like ``HAS_FLOWS`` in equity/reads/history.py.
HAS_FLOWS = "equity_inflow <> 0 OR equity_outflow <> 0"


def upgrade() -> None:
    on_postgres = op.get_bind().dialect.name == "postgresql"
    if on_postgres:
        # A fixed statement: no SQL is built by formatting values into it.
        op.execute("ALTER TABLE portfolio_snapshots SET (fillfactor = 70)")
        op.create_index(
            "ix_portfolio_snapshots_portfolio_id", "portfolio_snapshots", ["portfolio_id"]
        )
    op.create_index(
        "ix_portfolio_snapshots_flow_days",
        "portfolio_snapshots",
        ["portfolio_id", "equity_inflow", "equity_outflow"],
        postgresql_where=sa.text(HAS_FLOWS),
        sqlite_where=sa.text(HAS_FLOWS),
    )


def downgrade() -> None:
    op.drop_index("ix_portfolio_snapshots_flow_days", table_name="portfolio_snapshots")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_portfolio_snapshots_portfolio_id", table_name="portfolio_snapshots")
        op.execute("ALTER TABLE portfolio_snapshots RESET (fillfactor)")
