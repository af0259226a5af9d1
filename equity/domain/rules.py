"""The money rules every face shares: one home each, called by the form, CLI and CSV paths.

Pure functions over values, no session: the services load what a rule needs and ask it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from equity.domain.validation import check_in_life, check_text
from equity.errors import ValidationError
from equity.money import MAX_AMOUNT, check_amount, check_minor_units, shown_value, stated_money

#: The two kinds of cash flow; the database's check constraint spells the same pair.
FLOW_KINDS = ("deposit", "withdrawal")


@dataclass(frozen=True)
class FlowTerms:
    """A deposit or withdrawal that passed every rule: what the ledger will store."""

    flow_date: date
    kind: str
    amount: Decimal
    notes: str | None


def check_flow_kind(kind: str, field: str = "kind") -> str:
    """``deposit`` or ``withdrawal``, in any case and with stray spaces, else a message."""
    cleaned = str(kind).strip().lower()
    if cleaned not in FLOW_KINDS:
        raise ValidationError(
            field, f"{shown_value(str(kind))} is not one of {', '.join(FLOW_KINDS)}"
        )
    return cleaned


def check_flow_amount(amount: Decimal, currency: str, field: str = "amount") -> Decimal:
    """A flow's amount: finite, within NUMERIC(16,2), above zero, in the currency's units."""
    cents = check_amount(amount, field)
    if cents <= 0:
        raise ValidationError(field, f"{cents} must be greater than zero")
    return check_minor_units(cents, currency, field)


def check_day_amount(amount: Decimal, currency: str, field: str) -> Decimal:
    """A snapshot's P&L or market value: any sign, within NUMERIC(16,2), currency's units."""
    return check_minor_units(check_amount(amount, field, allow_negative=True), currency, field)


def check_flow(
    flow_date: date,
    kind: str,
    amount: Decimal,
    notes: str | None,
    *,
    currency: str,
    inception: date,
    today: date,
) -> FlowTerms:
    """Every rule on one flow: its kind, amount, a date within the portfolio's life, notes."""
    checked_kind = check_flow_kind(kind)
    checked_amount = check_flow_amount(amount, currency)
    return FlowTerms(
        flow_date=check_in_life(flow_date, inception, today),
        kind=checked_kind,
        amount=checked_amount,
        notes=check_text(notes, "notes"),
    )


def signed_amount(kind: str, amount: Decimal) -> Decimal:
    """What a flow adds to equity: + for a deposit, - for a withdrawal."""
    return amount if kind == "deposit" else -amount


def takes_capital_out(kind: str, *, voiding: bool = False) -> bool:
    """True for a withdrawal and for the void of a deposit: capital leaving the book.

    Only such changes may be refused for making equity negative; P&L is a fact and is
    never rejected for that (DESIGN.md), nor is anything that adds capital.
    """
    return (kind == "deposit") if voiding else (kind == "withdrawal")


def check_equity_figures(
    largest_figure: Decimal,
    lowest_equity: Decimal,
    *,
    field: str,
    shown: str,
    forbid_negative: bool,
    currency: str,
    first_negative: tuple[date, Decimal] | None = None,
) -> None:
    """The equity guard: nothing beyond NUMERIC(16,2); no negative equity when forbidden.

    ``largest_figure`` is the largest absolute equity or cumulative figure the change
    produced, ``lowest_equity`` the lowest equity; ``first_negative`` (day, equity) names
    the first day below zero in the message when known.
    """
    if largest_figure > MAX_AMOUNT:
        raise ValidationError(field, f"{shown} would put equity beyond {MAX_AMOUNT:,}")
    if forbid_negative and lowest_equity < 0:
        day, equity = first_negative or (None, lowest_equity)
        on = f" on {day.isoformat()}" if day else ""
        stated = stated_money(equity, currency)
        raise ValidationError(field, f"{shown} would make equity negative{on} ({stated})")
