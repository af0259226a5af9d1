"""The one input every analytic reads: a portfolio's snapshot history.

A history is a pandas DataFrame with one row per snapshot date, in ascending order, and
the columns ``date`` (``datetime.date``), ``daily_pnl``, ``equity_inflow``,
``equity_outflow`` and ``equity_balance`` (each ``decimal.Decimal``). The opening equity
and the inception date travel beside it because they belong to the portfolio, not to a
snapshot. Analytics turn the frame into plain rows once, so the arithmetic below never
depends on pandas dtypes and money never passes through a float.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

import pandas as pd

HISTORY_COLUMNS = ("date", "daily_pnl", "equity_inflow", "equity_outflow", "equity_balance")
MONEY_COLUMNS = HISTORY_COLUMNS[1:]


class Snapshot(NamedTuple):
    """One day of a history, with the names the formulas use."""

    date: date
    daily_pnl: Decimal
    equity_inflow: Decimal
    equity_outflow: Decimal
    equity_balance: Decimal


def history_frame(rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Build a history from mappings (services and tests), with amounts made Decimal.

    Amounts may be Decimal, int or text; a float is refused because it has already lost
    the cents. The frame is checked with :func:`snapshots` before it is returned.
    """
    records = [{name: _cell(row, name) for name in HISTORY_COLUMNS} for row in rows]
    frame = pd.DataFrame(records, columns=list(HISTORY_COLUMNS), dtype=object)
    snapshots(frame)
    return frame


def empty_history() -> pd.DataFrame:
    """A history with the right columns and no rows: a portfolio before its first snapshot."""
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in HISTORY_COLUMNS})


def snapshots(history: pd.DataFrame, inception_date: date | None = None) -> list[Snapshot]:
    """The history as validated rows: ascending unique dates, Decimal amounts.

    Raises ValueError on a malformed history, since a wrong figure computed from it
    would be worse than none; dates before the inception date are refused too.
    """
    missing = [name for name in HISTORY_COLUMNS if name not in history.columns]
    if missing:
        raise ValueError(f"history lacks the column(s) {', '.join(missing)}")
    rows = [
        Snapshot(
            _as_date(values[0]),
            *(_as_decimal(v, n) for v, n in zip(values[1:], MONEY_COLUMNS, strict=True)),
        )
        for values in history[list(HISTORY_COLUMNS)].itertuples(index=False, name=None)
    ]
    for earlier, later in itertools.pairwise(rows):
        if later.date <= earlier.date:
            raise ValueError(
                "history dates must ascend with one row per date: "
                f"{later.date} follows {earlier.date}"
            )
    if inception_date is not None and rows and rows[0].date < inception_date:
        raise ValueError(f"snapshot {rows[0].date} is before the inception date {inception_date}")
    return rows


def _cell(row: Mapping[str, object], name: str) -> object:
    if name not in row:
        raise ValueError(f"history row {dict(row)!r} lacks {name!r}")
    value = row[name]
    if name == "date":
        return _as_date(value)
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _as_date(value: object) -> date:
    if isinstance(value, datetime):  # pandas.Timestamp is a datetime too
        return value.date()
    if isinstance(value, date):
        return value
    raise ValueError(f"history date {value!r} is not a date")


def _as_decimal(value: object, name: str) -> Decimal:
    if isinstance(value, Decimal) and value.is_finite():
        return value
    raise ValueError(f"history {name} {value!r} is not a finite Decimal")
