"""The market calendar a portfolio's currency picks: which weekdays are shut, and why."""

from __future__ import annotations

from equity.domain.market_calendar import WEEKENDS_ONLY, market_calendar
from tests.support import day


def test_usd_follows_the_nyse_and_names_its_holidays():
    calendar = market_calendar("usd", day("2025-01-01"), day("2025-12-31"))
    assert calendar.market == "NYSE"
    assert calendar.holiday(day("2025-07-04")) == "Independence Day"
    assert calendar.holiday(day("2025-11-27")) == "Thanksgiving Day"
    assert calendar.holiday(day("2025-12-26")) is None  # open on Boxing Day
    assert not calendar.is_business_day(day("2025-04-18"))  # Good Friday
    assert calendar.is_business_day(day("2025-04-21"))  # Easter Monday: open


def test_eur_follows_target2_over_every_year_of_the_span():
    calendar = market_calendar("EUR", day("2024-06-01"), day("2026-02-01"))
    assert calendar.market == "ECB TARGET2"
    assert calendar.holiday(day("2024-12-26")) == "Christmas Holiday"
    assert calendar.holiday(day("2026-01-01")) == "New Year's Day"
    assert not calendar.is_business_day(day("2025-04-21"))  # Easter Monday: shut
    assert calendar.is_business_day(day("2025-07-04"))


def test_weekend_holidays_are_left_to_the_weekend():
    """25 December 2022 was a Sunday: the weekend names it; the NYSE shut on the 26th."""
    calendar = market_calendar("USD", day("2022-12-01"), day("2022-12-31"))
    assert calendar.holiday(day("2022-12-25")) is None
    assert "Christmas Day" in (calendar.holiday(day("2022-12-26")) or "")
    assert not calendar.is_business_day(day("2022-12-25"))


def test_other_currencies_have_weekends_only():
    calendar = market_calendar("GBP", day("2025-01-01"), day("2025-12-31"))
    assert calendar is WEEKENDS_ONLY and calendar.market is None
    assert calendar.is_business_day(day("2025-12-25"))
    assert not calendar.is_business_day(day("2025-12-27"))  # a Saturday
