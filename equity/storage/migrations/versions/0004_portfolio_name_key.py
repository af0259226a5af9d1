"""Portfolio name keys: names unique by what a reader sees, not by their exact code points.

Adds ``portfolios.name_key`` (NFKC, case-folded, single-spaced name) with a unique index,
backfilled from every existing name. Names stay as they were shown. When two existing
names share a key ("Alpha" and "alpha"), nothing is changed: the upgrade stops and names
them, so a person decides which to rename. SQLite cannot make an added column NOT NULL
without rebuilding the table (which, with foreign keys on, would cascade-delete every
snapshot), so there the column is added NOT NULL with an inert empty default that the
backfill overwrites and the application never relies on.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KEY_LENGTH = 240


def name_key(name: str) -> str:
    """Frozen copy of ``equity.domain.validation.portfolio_name_key`` as of this revision."""
    single = " ".join(
        part for part in unicodedata.normalize("NFKC", name).strip().split(" ") if part
    )
    return unicodedata.normalize("NFKC", single.casefold())


def upgrade() -> None:
    bind = op.get_bind()
    on_sqlite = bind.dialect.name == "sqlite"
    rows = bind.execute(sa.text("SELECT id, name FROM portfolios")).all()
    _refuse_clashes([name for _, name in rows])
    op.add_column(
        "portfolios",
        sa.Column(
            "name_key",
            sa.String(KEY_LENGTH),
            nullable=not on_sqlite,
            server_default="" if on_sqlite else None,
        ),
    )
    if rows:
        bind.execute(
            sa.text("UPDATE portfolios SET name_key = :key WHERE id = :id"),
            [{"key": name_key(name), "id": ident} for ident, name in rows],
        )
    if not on_sqlite:
        op.alter_column(
            "portfolios", "name_key", existing_type=sa.String(KEY_LENGTH), nullable=False
        )
    op.create_index("uq_portfolios_name_key", "portfolios", ["name_key"], unique=True)


def _refuse_clashes(names: list[str]) -> None:
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[name_key(name)].append(name)
    clashes = sorted(sorted(group) for group in groups.values() if len(group) > 1)
    if clashes:
        listed = "; ".join(" and ".join(repr(name) for name in group) for group in clashes)
        raise RuntimeError(
            "migration 0004 stopped: these portfolio names differ only in case, width or "
            f"spacing, so they cannot all stay unique: {listed}. "
            "Rename all but one of each group, then migrate again."
        )


def downgrade() -> None:
    op.drop_index("uq_portfolios_name_key", table_name="portfolios")
    op.drop_column("portfolios", "name_key")
