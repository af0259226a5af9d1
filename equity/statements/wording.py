"""The words and numbers both statement documents print, so PDF and HTML read alike."""

from __future__ import annotations

from dataclasses import dataclass

from equity.analytics.figures import Figure
from equity.money import format_money
from equity.reads.statement import Statement

EQUITY_COLOUR = "#1f77b4"
CONTRIBUTIONS_COLOUR = "#8c8c8c"


@dataclass(frozen=True)
class Branding:
    """The firm's name and logo file from settings; both may be empty."""

    firm_name: str = ""
    logo_path: str = ""


def percent(figure: Figure) -> str:
    """A ratio as a percentage with two decimals; 'n/a' when undefined (reasons printed apart)."""
    return "n/a" if figure.value is None else f"{figure.value * 100:.2f} %"


def period_text(statement: Statement) -> str:
    return f"{statement.start.isoformat()} to {statement.end.isoformat()}"


def summary_rows(statement: Statement) -> list[tuple[str, str]]:
    """The reconciliation, top to bottom: it adds up to the closing equity."""
    money = statement.currency
    return [
        ("Opening equity", format_money(statement.opening_equity, money)),
        ("Deposits", format_money(statement.deposits, money)),
        ("Withdrawals", format_money(-statement.withdrawals, money)),
        ("Profit and loss", format_money(statement.pnl, money)),
        ("Closing equity", format_money(statement.closing_equity, money)),
    ]


def return_rows(statement: Statement) -> list[tuple[str, str, str]]:
    """Label, period, since inception: TWR and MWR on the Performance page's bases."""
    return [
        (
            "Time-weighted return",
            percent(statement.twr),
            percent(statement.twr_since_inception),
        ),
        (
            "Money-weighted return",
            percent(statement.mwr),
            percent(statement.mwr_since_inception),
        ),
    ]


def return_notes(statement: Statement) -> list[str]:
    """Why a return is blank, and what the MWR's basis is."""
    notes = [
        "Time-weighted returns leave out the effect of deposits and withdrawals; "
        "money-weighted returns (XIRR) include it. Periods under a year show the "
        "period's own return, a year or more the annual rate.",
    ]
    for label, figure in (
        ("Period TWR", statement.twr),
        ("Period MWR", statement.mwr),
        ("Since-inception TWR", statement.twr_since_inception),
        ("Since-inception MWR", statement.mwr_since_inception),
    ):
        if figure.value is None and figure.reason:
            notes.append(f"{label}: {figure.reason}.")
    return notes


def as_of_note(statement: Statement) -> str:
    """Which day the closing figures are from (the latest snapshot in the period)."""
    if statement.as_of is None:
        return "No snapshot is recorded up to the end of the period."
    return (
        f"Closing figures as of {statement.as_of.isoformat()}, the latest valuation in the period."
    )


def flow_rows(statement: Statement) -> list[tuple[str, str, str, str]]:
    """Date, kind, amount, notes (user text: each face escapes it its own way)."""
    return [
        (
            flow.date.isoformat(),
            flow.kind.capitalize(),
            format_money(flow.amount, statement.currency),
            flow.notes or "",
        )
        for flow in statement.flows
    ]
