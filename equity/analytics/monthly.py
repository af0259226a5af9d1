"""Calendar views of the daily returns: a years x months table and a rolling 12-month series."""

from __future__ import annotations

import bisect
import calendar
from datetime import date

import numpy as np
import pandas as pd

from equity.analytics.returns import chain_link, twr_index

MONTH_COLUMNS = list(range(1, 13))


def monthly_returns_table(returns: pd.Series) -> pd.DataFrame:
    """Compounded TWR of each month (rows: years, columns 1..12, plus "Year").

    A month without any defined return is NaN, not 0 %, so a gap is not read as a
    flat month; "Year" compounds the months that have returns.
    """
    if returns.empty:
        return pd.DataFrame(columns=[*MONTH_COLUMNS, "Year"], dtype=float)
    months: dict[tuple[int, int], list[float]] = {}
    for day, value in returns.items():
        months.setdefault((day.year, day.month), []).append(float(value))
    years = range(min(y for y, _ in months), max(y for y, _ in months) + 1)
    table = pd.DataFrame(np.nan, index=pd.Index(list(years), name="year"), columns=MONTH_COLUMNS)
    for (year, month), values in months.items():
        table.loc[year, month] = chain_link(values)
    table["Year"] = [
        chain_link(v for v in table.loc[year, MONTH_COLUMNS] if not np.isnan(v)) for year in years
    ]
    return table


def rolling_returns(returns: pd.Series, inception_date: date, months: int = 12) -> pd.Series:
    """TWR over [t - months, t] for every return date t whose window starts on or after inception.

    The window follows the period table's convention: it includes its start date, and
    its base is the index at the last return before it (1 at inception).
    """
    if returns.empty:
        return pd.Series(dtype=float, name=f"rolling_{months}m")
    index = twr_index(returns)
    dates = list(index.index)
    values = index.to_numpy()
    out = {}
    for position, day in enumerate(dates):
        start = months_before(day, months)
        if start < inception_date:
            continue
        before = bisect.bisect_left(dates, start)
        base = values[before - 1] if before > 0 else 1.0
        out[day] = values[position] / base - 1.0
    return pd.Series(out, dtype=float, name=f"rolling_{months}m")


def months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier, clamped to that month's last day."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last_day))
