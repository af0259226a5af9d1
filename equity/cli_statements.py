"""Client statements: ``statement PORTFOLIO --from DATE --to DATE`` (issue 14).

``statement --json`` keys: ``portfolio``, ``currency``, ``from``, ``to``,
``opening_equity``, ``deposits``, ``withdrawals``, ``pnl``, ``closing_equity``
(2-decimal strings), ``twr``, ``mwr`` (numbers, null where undefined) and ``flows``
(each ``date``, ``kind``, ``amount``, ``notes``).

One parser takes every ``statement`` form. Its first word is either an action
(``STATEMENT_ACTIONS``: ``issue`` and ``list`` come with the second half of the issue) or
a portfolio; it is an action only when the action's own operand follows (a second word,
or ``--all``). So ``statement Income --from ...`` works whatever the portfolio is called,
a portfolio named ``list`` is ``statement list --from ... --to ...``, and adding an action
is one entry in ``STATEMENT_ACTIONS`` that breaks no portfolio name.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from equity.cli_commands import _db, print_json
from equity.domain.validation import parse_date
from equity.errors import ValidationError
from equity.exit_codes import EXIT_OK
from equity.money import fmt2

if TYPE_CHECKING:
    from equity.reads.statement import Statement

DESCRIPTION = (
    "Opening equity, deposits and withdrawals, P&L, closing equity, and TWR and MWR for the "
    "period and since inception; --json prints the figures, --pdf and --html write the "
    "client's documents (nothing is written when the input is refused)."
)

#: Subcommands that share the ``statement`` word with ``statement PORTFOLIO``.
STATEMENT_ACTIONS: dict[str, Callable[[argparse.Namespace], int]] = {}


def add_statement_parsers(commands: argparse._SubParsersAction) -> None:
    """``statement [ACTION] PORTFOLIO --from DATE --to DATE [--json] [--pdf F] [--html F]``."""
    statement = commands.add_parser(
        "statement",
        help="a client statement for a period: figures, --pdf and --html files",
        description=DESCRIPTION,
    )
    statement.add_argument(
        "portfolio",
        metavar="PORTFOLIO",
        help="an id when it parses as one, else a name (matched ignoring case)",
    )
    statement.add_argument("operand", nargs="?", help=argparse.SUPPRESS)
    statement.add_argument("--all", action="store_true", help=argparse.SUPPRESS)
    statement.add_argument("--from", dest="from_date", metavar="DATE", help="first day (ISO)")
    statement.add_argument("--to", dest="to_date", metavar="DATE", help="last day (ISO)")
    statement.add_argument("--json", action="store_true", help="print the figures as JSON")
    statement.add_argument("--pdf", type=Path, metavar="FILE", help="write the PDF here")
    statement.add_argument("--html", type=Path, metavar="FILE", help="write the HTML here")


def cmd_statement(args: argparse.Namespace) -> int:
    """Route to an action when its operand follows, else the statement of a portfolio."""
    action = STATEMENT_ACTIONS.get(args.portfolio)
    if action is not None and (args.operand is not None or args.all):
        return action(args)
    if args.operand is not None:
        raise ValidationError("statement", f"unexpected word {args.operand!r} after the portfolio")
    if args.all:
        raise ValidationError("--all", "only an action (such as issue) takes --all")
    return _statement(args)


def _statement(args: argparse.Namespace) -> int:
    from equity.reads.statement import statement_for
    from equity.statements.render import branding, documents_of

    start, end = _period(args)
    db = _db(args)
    statement = statement_for(db, args.portfolio, start, end)
    if args.pdf or args.html:
        documents = documents_of(statement, branding(db), db)
        if args.pdf:
            _write_whole(args.pdf, documents.pdf)
        if args.html:
            _write_whole(args.html, documents.html.encode("utf-8"))
    if args.json:
        print_json(statement_document(statement))
    else:
        for line in statement_lines(statement):
            print(line)
    return EXIT_OK


def _period(args: argparse.Namespace) -> tuple:
    for value, option in ((args.from_date, "--from"), (args.to_date, "--to")):
        if value is None:
            raise ValidationError(option, "is required (a date in YYYY-MM-DD form)")
    start = parse_date(args.from_date, "from")
    end = parse_date(args.to_date, "to")
    if start > end:
        raise ValidationError("to", f"{end} is before --from {start}")
    return start, end


def _write_whole(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a failed write leaves no half file behind."""
    target = path.expanduser()
    handle, temporary = tempfile.mkstemp(dir=target.parent or Path("."), prefix=".statement-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def statement_document(statement: Statement) -> dict[str, object]:
    """The JSON document, keys in the contract's order."""
    return {
        "portfolio": statement.portfolio,
        "currency": statement.currency,
        "from": statement.start.isoformat(),
        "to": statement.end.isoformat(),
        "opening_equity": fmt2(statement.opening_equity),
        "deposits": fmt2(statement.deposits),
        "withdrawals": fmt2(statement.withdrawals),
        "pnl": fmt2(statement.pnl),
        "closing_equity": fmt2(statement.closing_equity),
        "twr": statement.twr.value,
        "mwr": statement.mwr.value,
        "flows": [
            {
                "date": flow.date.isoformat(),
                "kind": flow.kind,
                "amount": fmt2(flow.amount),
                "notes": flow.notes,
            }
            for flow in statement.flows
        ],
    }


def statement_lines(statement: Statement) -> list[str]:
    """The plain-text statement (user text printed as is: a terminal renders no markup)."""
    from equity.statements.wording import (
        as_of_note,
        flow_rows,
        period_text,
        return_rows,
        summary_rows,
    )

    lines = [f"statement {statement.portfolio} {period_text(statement)} ({statement.currency})"]
    lines += [f"{label:<24} {value:>22}" for label, value in summary_rows(statement)]
    lines += [
        f"{label:<24} {p:>12} period  {s:>12} since inception"
        for label, p, s in return_rows(statement)
    ]
    lines.append(as_of_note(statement))
    lines += [f"{d}  {k:<10} {a:>18}  {n}" for d, k, a, n in flow_rows(statement)]
    return lines


STATEMENT_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"statement": cmd_statement}
