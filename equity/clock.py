"""The clock the engine reads, injected at the edge so "today" is one decision.

Services read ``db.clock``: the CLI and the app pass the system clock, tests a frozen one,
so a run that crosses midnight cannot flip which dates are "in the future".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol


class Clock(Protocol):
    """What the engine asks of a clock: an aware UTC moment and the calendar day."""

    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    """The machine's clock: ``now`` in UTC; ``today`` the local calendar date, as before."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return date.today()

    def __repr__(self) -> str:
        return "SystemClock()"


@dataclass(frozen=True)
class FrozenClock:
    """A clock stopped at ``moment`` (aware, converted to UTC), for tests and replays."""

    moment: datetime

    def __post_init__(self) -> None:
        if self.moment.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime (e.g. tzinfo=UTC)")
        object.__setattr__(self, "moment", self.moment.astimezone(UTC))

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.moment.date()
