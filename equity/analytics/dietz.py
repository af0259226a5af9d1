"""Modified Dietz returns per calendar month.

Modified Dietz approximates a period's money-weighted return without iteration:

    R = (end value - begin value - sum F_i) / (begin value + sum W_i * F_i)

where W_i is the share of the period the flow F_i was invested. Flows follow the same
day convention as the daily returns: a deposit counts from the start of its day, a
withdrawal until the end of its day. For a period of D calendar days ending on E, a
deposit on day d weighs (E - d + 1) / D and a withdrawal (E - d) / D. A month's period
runs from its first day (or the inception date) to its last day (or the latest
snapshot), and its begin value is the equity at the last snapshot before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd

from equity.analytics.figures import Figure
from equity.analytics.history import Snapshot, snapshots

MONTHLY_COLUMNS = [
    "month",
    "start",
    "end",
    "begin_equity",
    "end_equity",
    "net_flows",
    "pnl",
    "modified_dietz",
    "reason",
]


def modified_dietz(
    begin_value: Decimal, end_value: Decimal, weighted_flows: Iterable[tuple[Decimal, Decimal]]
) -> Figure:
    """The Modified Dietz return; ``weighted_flows`` are (weight, amount), inflows positive."""
    flows = list(weighted_flows)
    net = sum((amount for _, amount in flows), Decimal(0))
    average_capital = begin_value + sum((weight * amount for weight, amount in flows), Decimal(0))
    if average_capital <= 0:
        return Figure.undefined(
            "undefined because the average capital invested was not positive "
            f"({average_capital:.2f})"
        )
    return Figure(float((end_value - begin_value - net) / average_capital))


def monthly_modified_dietz(
    history: pd.DataFrame, opening_equity: Decimal, inception_date: date
) -> pd.DataFrame:
    """One row per calendar month with a snapshot: equity, flows, P&L and Modified Dietz."""
    rows = snapshots(history, inception_date)
    records = []
    balance = opening_equity
    for month_start, month_rows in _by_month(rows):
        start = max(month_start, inception_date)
        end = min(_month_end(month_start), rows[-1].date)
        figure = modified_dietz(
            balance, month_rows[-1].equity_balance, _weighted(month_rows, start, end)
        )
        records.append(
            {
                "month": month_start.strftime("%Y-%m"),
                "start": start,
                "end": end,
                "begin_equity": balance,
                "end_equity": month_rows[-1].equity_balance,
                "net_flows": sum(
                    (r.equity_inflow - r.equity_outflow for r in month_rows), Decimal(0)
                ),
                "pnl": sum((r.daily_pnl for r in month_rows), Decimal(0)),
                "modified_dietz": figure.value,
                "reason": figure.reason,
            }
        )
        balance = month_rows[-1].equity_balance
    return pd.DataFrame(records, columns=MONTHLY_COLUMNS)


def _weighted(rows: list[Snapshot], start: date, end: date) -> list[tuple[Decimal, Decimal]]:
    length = Decimal((end - start).days + 1)
    flows = []
    for row in rows:
        remaining = Decimal((end - row.date).days)
        if row.equity_inflow:
            flows.append(((remaining + 1) / length, row.equity_inflow))
        if row.equity_outflow:
            flows.append((remaining / length, -row.equity_outflow))
    return flows


def _by_month(rows: list[Snapshot]) -> list[tuple[date, list[Snapshot]]]:
    months: dict[date, list[Snapshot]] = {}
    for row in rows:
        months.setdefault(row.date.replace(day=1), []).append(row)
    return list(months.items())


def _month_end(month_start: date) -> date:
    following = (month_start + timedelta(days=32)).replace(day=1)
    return following - timedelta(days=1)
