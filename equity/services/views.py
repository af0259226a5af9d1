"""What services hand back to the faces: plain, frozen values, no ORM objects.

Their JSON forms are built by :mod:`equity.output`, the one home of the CLI's documents.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

#: The columns of a history frame, in the order of the CLI's JSON rows.
HISTORY_COLUMNS = [
    "date",
    "equity_balance",
    "daily_pnl",
    "cumulative_pnl",
    "equity_inflow",
    "equity_outflow",
    "total_value",
    "source",
]


@dataclass(frozen=True)
class PortfolioView:
    id: uuid.UUID
    name: str
    currency: str
    inception_date: date
    opening_equity: Decimal
    equity_balance: Decimal
    four_eyes: bool = False
    #: Archived: read-only, left out of lists and the firm view unless asked for.
    archived: bool = False
    #: Its files and forms write amounts as 1.000,00 (a comma before the cents).
    decimal_comma: bool = False


@dataclass(frozen=True)
class FlowView:
    id: uuid.UUID
    portfolio_id: uuid.UUID
    flow_date: date
    kind: str
    amount: Decimal
    notes: str | None
    created_at: datetime | None
    created_by: str
    voided_at: datetime | None
    void_reason: str | None
    voided_by: str | None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


@dataclass(frozen=True)
class FlowImpact:
    """What a flow (or its void) does, for the confirmation step and the CLI's answer."""

    flow_id: uuid.UUID
    flow_date: date
    equity_on_date_before: Decimal
    equity_on_date_after: Decimal
    days_recomputed: int
    current_equity_before: Decimal
    new_equity_balance: Decimal
    already_recorded: bool = False


@dataclass(frozen=True)
class UpsertResult:
    """What an upsert or import of snapshots did."""

    inserted: int
    updated: int
    first_date: date | None
    days_recomputed: int
    new_equity_balance: Decimal


@dataclass(frozen=True)
class Problem:
    """One failed invariant, with what was expected and what the database holds."""

    portfolio: str
    day: date | None
    check: str
    expected: str
    actual: str

    def __str__(self) -> str:
        where = f" on {self.day.isoformat()}" if self.day else ""
        return (
            f"{self.portfolio}{where}: {self.check}: expected {self.expected}, found {self.actual}"
        )


@dataclass(frozen=True)
class PendingView:
    """A flow to record or void that waits for a second person (four-eyes), or was decided.

    ``flow_id`` is the flow to void, or, once a recording is approved, the flow it created;
    ``reason`` is why the flow is to be voided; ``decision_note`` the rejection's reason.
    """

    id: uuid.UUID
    portfolio_id: uuid.UUID
    portfolio_name: str
    action: str
    flow_date: date
    kind: str
    amount: Decimal
    notes: str | None
    flow_id: uuid.UUID | None
    reason: str | None
    proposed_by: str
    proposed_at: datetime
    status: str
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None


@dataclass(frozen=True)
class UserView:
    """A person who may sign in: their role and the portfolios it covers (None: all)."""

    email: str
    role: str
    portfolios: tuple[str, ...] | None
    created_at: datetime
    created_by: str
