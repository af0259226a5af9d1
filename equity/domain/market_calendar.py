"""Which days a market trades, chosen by a portfolio's currency: for import warnings only.

A daily P&L feed has no row on a day its market is shut, so a row dated Christmas Day, or
a "missing" Good Friday, says more about the file than about the portfolio. The currency
is the one thing every portfolio states, so it picks the calendar: USD files follow the
New York Stock Exchange, EUR files the ECB's TARGET2 settlement days. Any other currency
gets weekends only, and its warnings say "Mon-Fri" rather than name a market it may not
trade on. The holidays come from the ``holidays`` package (its financial calendars),
never from a list kept here that would go stale; nothing here stops an import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import MappingProxyType

import holidays

#: Currency -> (the ``holidays`` financial market code, the name warnings give it).
MARKETS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {"USD": ("NYSE", "NYSE"), "EUR": ("ECB", "ECB TARGET2")}
)
_SATURDAY = 5


@dataclass(frozen=True)
class MarketCalendar:
    """A market's weekday holidays over some years; weekends are closed for every market."""

    #: The market's name as warnings say it ("NYSE"), or None: weekends only.
    market: str | None
    #: Holidays falling Monday to Friday, by day, with their names.
    closed: Mapping[date, str]

    def holiday(self, day: date) -> str | None:
        """The holiday's name when ``day`` is a weekday the market is shut, else None."""
        return self.closed.get(day)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < _SATURDAY and day not in self.closed


#: A calendar with no market: Monday to Friday are business days, nothing else is named.
WEEKENDS_ONLY = MarketCalendar(None, MappingProxyType({}))


def market_calendar(currency: str, first: date, last: date) -> MarketCalendar:
    """The calendar for ``currency`` covering every year from ``first`` to ``last``."""
    market = MARKETS.get(currency.upper())
    if market is None or last < first:
        return WEEKENDS_ONLY
    code, name = market
    return MarketCalendar(name, _weekday_holidays(code, first.year, last.year))


@lru_cache(maxsize=32)
def _weekday_holidays(code: str, first_year: int, last_year: int) -> Mapping[date, str]:
    """Cached: every check of a file asks for the same few years of the same market.

    A day with two holidays (rare, but the package joins them with "; ") keeps both
    names; a holiday on a weekend is left out, as the weekend already closes the day.
    """
    found = holidays.financial_holidays(code, years=range(first_year, last_year + 1))
    return MappingProxyType(
        {day: name for day, name in sorted(found.items()) if day.weekday() < _SATURDAY}
    )
