"""Client statements: ``statement PORTFOLIO --from DATE --to DATE`` (issue 14).

``statement --json`` keys: ``portfolio``, ``currency``, ``from``, ``to``,
``opening_equity``, ``deposits``, ``withdrawals``, ``pnl``, ``closing_equity``
(2-decimal strings), ``twr``, ``mwr`` (numbers, null where undefined) and ``flows``
(each ``date``, ``kind``, ``amount``, ``notes``).

``statement issue PORTFOLIO --from DATE --to DATE`` freezes the statement and prints the
new id; ``statement issue --all --from DATE --to DATE`` does so for every active portfolio
(progress on stderr, a summary on stdout); ``statement list PORTFOLIO [--json]`` lists the
issued statements, JSON keys per statement ``id``, ``from``, ``to``, ``version``,
``issued_at``, ``issued_by``, ``sha256``, ``status`` (``current`` or ``restated``) and
``differences`` (each ``figure``, ``issued``, ``now``).

One parser takes every ``statement`` form. Its first word is either an action
(``STATEMENT_ACTIONS``: ``issue``, ``list``) or a portfolio; it is an action only when the
action's own operand follows (a second word, or ``--all``). So ``statement Income --from
...`` works whatever the portfolio is called, a portfolio named ``list`` is ``statement
list --from ... --to ...`` (its statement) and ``statement list list`` (its issued ones),
and one named ``issue`` is issued with ``statement issue issue --from ... --to ...``; an
id always works in place of a name.

The command line is the operator's channel, as for every other command: it issues with
full rights, audited as ``EQUITY_USER`` or the OS user. Roles (viewers read, managers and
admins issue) apply to people signed in to the app, and the services check them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from equity.cli_commands import _db, print_json
from equity.domain.validation import parse_date
from equity.errors import ValidationError
from equity.exit_codes import EXIT_OK, EXIT_PROBLEMS
from equity.money import fmt2

if TYPE_CHECKING:
    from equity.reads.statement import Statement
    from equity.services.statements import IssuedStatement

DESCRIPTION = (
    "Opening equity, deposits and withdrawals, P&L, closing equity, and TWR and MWR for the "
    "period and since inception; --json prints the figures, --pdf and --html write the "
    "client's documents (nothing is written when the input is refused). "
    "`statement issue PORTFOLIO --from DATE --to DATE` freezes it (figures, PDF, SHA-256) and "
    "prints its id; `statement issue --all --from DATE --to DATE` issues every active "
    "portfolio; `statement list PORTFOLIO [--json]` shows the issued ones, current or "
    "restated. A portfolio called 'issue' or 'list': `statement issue issue ...`, "
    "`statement list list`, or its id."
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


def _issue(args: argparse.Namespace) -> int:
    """``statement issue PORTFOLIO|--all --from DATE --to DATE``."""
    from equity.services.statements import issue_all, issue_statement

    if args.all and args.operand is not None:
        raise ValidationError("--all", f"give a portfolio ({args.operand!r}) or --all, not both")
    _no_documents(args, "issue")
    start, end = _period(args)
    db = _db(args)
    if not args.all:
        print(issue_statement(db, args.operand, start, end).id)
        return EXIT_OK
    run = issue_all(db, start, end, progress=_progress)
    print(
        f"issued {len(run.issued)}, skipped {len(run.skipped)}, refused {len(run.refused)} "
        f"statements for {start} to {end}"
    )
    for name, reason in run.refused:
        print(f"refused {name}: {reason}")
    return EXIT_PROBLEMS if run.refused else EXIT_OK


def _progress(done: int, total: int, name: str, outcome: str) -> None:
    sys.stderr.write(f"[{done}/{total}] {name}: {outcome}\n")
    sys.stderr.flush()


def _list(args: argparse.Namespace) -> int:
    """``statement list PORTFOLIO [--json]``: newest period first, versions newest first."""
    from equity.services.statements import list_statements

    if args.all:
        raise ValidationError("--all", "statement list takes one portfolio")
    if args.from_date or args.to_date:
        raise ValidationError("statement list", "lists every period: --from and --to do not apply")
    _no_documents(args, "list")
    listed = list_statements(_db(args), args.operand)
    if args.json:
        print_json([issued_document(item) for item in listed])
        return EXIT_OK
    if not listed:
        print("no issued statements")
    for item in listed:
        print(
            f"{item.start} to {item.end}  v{item.version}  {item.status:<8}  "
            f"{item.issued_at:%Y-%m-%d %H:%M} {item.issued_by}  {item.sha256[:12]}  {item.id}"
        )
        for moved in item.differences:
            print(f"    {moved.figure}: issued {moved.issued}, now {moved.now}")
    return EXIT_OK


def _no_documents(args: argparse.Namespace, action: str) -> None:
    if args.pdf or args.html:
        raise ValidationError(
            "statement " + action, "--pdf and --html go with `statement PORTFOLIO`"
        )


def issued_document(item: IssuedStatement) -> dict[str, object]:
    """One issued statement as ``statement list --json`` prints it, keys in contract order."""
    return {
        "id": str(item.id),
        "from": item.start.isoformat(),
        "to": item.end.isoformat(),
        "version": item.version,
        "issued_at": item.issued_at.isoformat(),
        "issued_by": item.issued_by,
        "sha256": item.sha256,
        "status": item.status,
        "differences": [
            {"figure": d.figure, "issued": d.issued, "now": d.now} for d in item.differences
        ],
    }


STATEMENT_ACTIONS.update({"issue": _issue, "list": _list})


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
        "flows": [flow.document() for flow in statement.flows],
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
