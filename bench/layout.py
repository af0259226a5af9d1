"""A shared database as years of daily batches leave it: each day's rows of every portfolio
written together, so one portfolio's history is spread over the whole table.

The product's import writes a portfolio's history in one go (its rows share pages); a
nightly batch writes one row per portfolio per day. This loader builds the second layout
directly with one COPY per chunk of days, with every figure already rolled forward
(integer cents, the formula of DESIGN.md), as a bulk load of historical data would.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from sqlalchemy import select

from bench.synthetic import OPENING_CENTS, Series, text_cents
from equity.storage.database import Database
from equity.storage.models import Portfolio

COLUMNS = (
    "portfolio_id",
    "snapshot_date",
    "total_value",
    "daily_pnl",
    "cumulative_pnl",
    "equity_inflow",
    "equity_outflow",
    "equity_balance",
    "source",
    "updated_at",
)
DAYS_PER_COPY = 40


def copy_in_daily_order(db: Database, histories: dict[str, Series]) -> int:
    """COPY every portfolio's snapshots day by day; sets each cached balance; rows loaded.

    All histories share one calendar. Portfolios must exist (created by the product).
    """
    with db.read() as session:
        ids = dict(session.execute(select(Portfolio.name, Portfolio.id)).all())
    names = list(histories)
    days = next(iter(histories.values())).days
    cumulative = dict.fromkeys(names, 0)
    stamp = datetime.now(UTC).isoformat()
    loaded = 0
    raw = db.engine.raw_connection()
    try:
        with raw.cursor() as cursor:
            for start in range(0, len(days), DAYS_PER_COPY):
                buffer = io.StringIO()
                for index in range(start, min(start + DAYS_PER_COPY, len(days))):
                    day = days[index].isoformat()
                    for name in names:
                        history = histories[name]
                        pnl = history.pnl_cents[index]
                        cumulative[name] += pnl
                        figures = (
                            str(ids[name]),
                            day,
                            text_cents(history.total_cents[index]),
                            text_cents(pnl),
                            text_cents(cumulative[name]),
                            "0.00",
                            "0.00",
                            text_cents(OPENING_CENTS + cumulative[name]),
                            "batch",
                            stamp,
                        )
                        buffer.write("\t".join(figures) + "\n")
                        loaded += 1
                buffer.seek(0)
                cursor.copy_expert(
                    f"COPY portfolio_snapshots ({', '.join(COLUMNS)}) FROM STDIN", buffer
                )
            for name in names:
                cursor.execute(
                    "UPDATE portfolios SET equity_balance = %s WHERE id = %s",
                    (text_cents(OPENING_CENTS + cumulative[name]), str(ids[name])),
                )
        raw.commit()
    finally:
        raw.close()
    return loaded
