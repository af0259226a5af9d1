"""Copied market figures follow their sources in one UPDATE, on both backends.

A carry-forward day copies the exposures of the nearest earlier real day (null where that
day has none) and the total value of the nearest earlier anchor (a real day whose total
was given); a real day whose total was omitted copies only the total.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from equity.storage.models import MARKET_FIELDS, Portfolio, PortfolioSnapshot
from equity.storage.recompute import refresh_carried_market_values

D = Decimal
S = PortfolioSnapshot


def _day(n: int) -> date:
    return date(2025, 3, n)


def _row(pid, n, source, total, long=None, gross=None, carried=False):
    return {
        "portfolio_id": pid,
        "snapshot_date": _day(n),
        "total_value": D(total),
        "daily_pnl": D(0),
        "cumulative_pnl": D(0),
        "equity_inflow": D(0),
        "equity_outflow": D(0),
        "equity_balance": D("1000"),
        "source": source,
        "long_value": None if long is None else D(long),
        "short_value": None,
        "gross_exposure": None if gross is None else D(gross),
        "net_exposure": None,
        "total_value_carried": carried,
    }


def _market(session: Session, pid) -> dict[int, tuple]:
    rows = session.execute(
        select(S.snapshot_date, *(getattr(S, name) for name in MARKET_FIELDS))
        .where(S.portfolio_id == pid)
        .order_by(S.snapshot_date)
    )
    return {row[0].day: tuple(row[1:]) for row in rows}


def test_stale_copies_are_refreshed_from_their_sources_in_one_statement(db):
    pid = uuid.uuid4()
    statements: list[str] = []
    with Session(db.engine) as session:
        session.add(
            Portfolio(
                id=pid,
                name="Copies",
                currency="USD",
                inception_date=_day(1),
                opening_equity=D("1000"),
                equity_balance=D("1000"),
            )
        )
        session.flush()
        session.execute(
            insert(S),
            [
                _row(pid, 1, "batch", "500.00", long="40.00", gross="90.00"),  # before range
                _row(pid, 2, "carry_forward", "1.00", long="1.00", gross="1.00"),  # stale
                _row(pid, 3, "batch", "1.00", long="70.00", carried=True),  # omitted total
                _row(pid, 4, "carry_forward", "1.00", long="1.00", gross="1.00"),
                _row(pid, 5, "import", "800.00"),  # real, no exposures
                _row(pid, 6, "carry_forward", "1.00", long="1.00", gross="1.00"),
            ],
        )

        def count(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            refresh_carried_market_values(session, pid, _day(2))
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        # total, long, short, gross, net
        assert _market(session, pid) == {
            1: (D("500.00"), D("40.00"), None, D("90.00"), None),
            2: (D("500.00"), D("40.00"), None, D("90.00"), None),
            3: (D("500.00"), D("70.00"), None, None, None),  # only its total is a copy
            4: (D("500.00"), D("70.00"), None, None, None),  # exposures of day 3, real
            5: (D("800.00"), None, None, None, None),
            6: (D("800.00"), None, None, None, None),  # day 5 had no exposures: none
        }
        session.rollback()
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("UPDATE")


def test_copies_before_any_source_take_zero_total_and_no_exposures(db):
    pid = uuid.uuid4()
    with Session(db.engine) as session:
        session.add(
            Portfolio(
                id=pid,
                name="Early",
                currency="USD",
                inception_date=_day(1),
                opening_equity=D("1000"),
                equity_balance=D("1000"),
            )
        )
        session.flush()
        session.execute(
            insert(S),
            [
                _row(pid, 1, "carry_forward", "9.00", long="9.00"),
                _row(pid, 2, "batch", "9.00", long="5.00", carried=True),
                _row(pid, 3, "carry_forward", "9.00", long="9.00"),
            ],
        )
        refresh_carried_market_values(session, pid, _day(1))
        assert _market(session, pid) == {
            1: (D("0.00"), None, None, None, None),
            2: (D("0.00"), D("5.00"), None, None, None),
            3: (D("0.00"), D("5.00"), None, None, None),
        }
        session.rollback()
