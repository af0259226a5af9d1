"""The command-line contract of DESIGN.md: exact names, JSON keys and exit codes.

Exit 0 on success, 1 when ``check`` finds problems, 2 on bad input (with a first line
starting ``error: `` on stderr, no traceback, nothing written), 3 when the database (or
anything else that is not the input) failed, 141 when the reader of stdout went away.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from sqlalchemy.exc import DBAPIError

from equity.cli_approvals import APPROVAL_COMMANDS, add_approval_parsers
from equity.cli_commands import COMMANDS, PORTFOLIO_HELP
from equity.cli_firm import FIRM_COMMANDS, add_firm_parsers
from equity.cli_lifecycle import LIFECYCLE_COMMANDS, add_lifecycle_parsers
from equity.cli_statements import STATEMENT_COMMANDS, add_statement_parsers
from equity.cli_transfer import TRANSFER_COMMANDS, add_import_options, add_transfer_parsers
from equity.domain.rules import FLOW_KINDS
from equity.errors import ConflictError, EquityError, StorageError
from equity.exit_codes import (
    EXIT_BAD_INPUT,
    EXIT_CLOSED_PIPE,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
)
from equity.storage.database import translate_database_error

#: Every command's function by "command action"; each module registers its own parsers.
ALL_COMMANDS = {
    **COMMANDS,
    **APPROVAL_COMMANDS,
    **FIRM_COMMANDS,
    **LIFECYCLE_COMMANDS,
    **TRANSFER_COMMANDS,
    **STATEMENT_COMMANDS,
}


class ContractParser(argparse.ArgumentParser):
    """argparse, but its errors start with ``error: `` as the contract says."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"error: {message}\n")
        self.print_usage(sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> ContractParser:
    parser = ContractParser(prog="python -m equity", description=__doc__, epilog=PORTFOLIO_HELP)
    parser.add_argument("--db", help="database URL (default: EQUITY_DATABASE_URL or SQLite)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=ContractParser)

    init = commands.add_parser("init", help="migrate to head; --demo loads demo portfolios")
    init.add_argument("--demo", action="store_true")

    portfolio = commands.add_parser("portfolio").add_subparsers(dest="action", required=True)
    add = portfolio.add_parser("add")
    add.add_argument("name", help="shown as typed (NFKC-normalised); must not read as an id")
    add.add_argument("--opening-equity", required=True)
    add.add_argument("--inception", required=True)
    add.add_argument("--currency", default="USD")
    portfolio.add_parser("list").add_argument("--json", action="store_true")

    snapshot = commands.add_parser("snapshot").add_subparsers(dest="action", required=True)
    snap_add = snapshot.add_parser("add")
    snap_add.add_argument("portfolio", help=PORTFOLIO_HELP)
    snap_add.add_argument("date")
    snap_add.add_argument("--daily-pnl", required=True)
    snap_add.add_argument("--total-value")
    snap_import = snapshot.add_parser(
        "import", help="CSV of snapshot_date,daily_pnl[,total_value] (or a history --csv)"
    )
    snap_import.add_argument("portfolio", help=PORTFOLIO_HELP)
    snap_import.add_argument("file", type=Path)
    add_import_options(snap_import)

    flow = commands.add_parser("flow").add_subparsers(dest="action", required=True)
    flow_add = flow.add_parser("add")
    flow_add.add_argument("portfolio", help=PORTFOLIO_HELP)
    flow_add.add_argument("date")
    flow_add.add_argument("kind", choices=FLOW_KINDS)
    flow_add.add_argument("amount")
    flow_add.add_argument("--notes")
    flow_add.add_argument("--idempotency-key")
    flow_add.add_argument("--json", action="store_true")
    flow_void = flow.add_parser("void")
    flow_void.add_argument("flow_id")
    flow_void.add_argument("--reason", required=True)
    flow_list = flow.add_parser("list")
    flow_list.add_argument("portfolio", help=PORTFOLIO_HELP)
    flow_list_form = flow_list.add_mutually_exclusive_group()
    flow_list_form.add_argument("--json", action="store_true")
    flow_list_form.add_argument("--csv", action="store_true", help="what flow import reads")
    add_approval_parsers(flow)
    add_transfer_parsers(commands, flow)
    add_lifecycle_parsers(portfolio, snapshot)

    history = commands.add_parser("history")
    history.add_argument("portfolio", help=PORTFOLIO_HELP)
    history.add_argument("--start")
    history.add_argument("--end")
    form = history.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true")
    form.add_argument("--csv", action="store_true")

    performance = commands.add_parser("performance")
    performance.add_argument("portfolio", help=PORTFOLIO_HELP)
    performance.add_argument("--json", action="store_true")
    performance.add_argument("--benchmark", help="compare with this imported benchmark")
    performance.add_argument(
        "--period", choices=["MTD", "QTD", "YTD", "1Y", "3Y", "ITD"], help="one period's figures"
    )

    benchmark = commands.add_parser("benchmark").add_subparsers(dest="action", required=True)
    bench_import = benchmark.add_parser("import", help="CSV with columns date,close")
    bench_import.add_argument("name")
    bench_import.add_argument("file", type=Path)
    add_import_options(bench_import)
    benchmark.add_parser("list").add_argument("--json", action="store_true")

    audit = commands.add_parser("audit", help="every change to a portfolio, newest first")
    audit.add_argument("portfolio", help=PORTFOLIO_HELP)
    audit_form = audit.add_mutually_exclusive_group()
    audit_form.add_argument("--json", action="store_true")
    audit_form.add_argument("--csv", action="store_true")

    recompute = commands.add_parser("recompute")
    target = recompute.add_mutually_exclusive_group(required=True)
    target.add_argument("portfolio", nargs="?", help=PORTFOLIO_HELP)
    target.add_argument("--all", action="store_true")
    recompute.add_argument("--from", dest="from_date")

    check = commands.add_parser("check")
    check.add_argument("portfolio", nargs="?", help=PORTFOLIO_HELP)

    _add_user_parsers(commands)
    add_firm_parsers(commands)
    add_statement_parsers(commands)
    return parser


def _add_user_parsers(commands: argparse._SubParsersAction) -> None:
    """``user add|list|remove``: who may sign in to the app, with which role and portfolios."""
    user = commands.add_parser("user", help="who may sign in, and their role")
    actions = user.add_subparsers(dest="action", required=True)
    user_add = actions.add_parser("add", help="add a user, or replace their role and portfolios")
    user_add.add_argument("email")
    user_add.add_argument("--role", required=True, metavar="admin|manager|viewer")
    user_add.add_argument(
        "--portfolio",
        action="append",
        dest="portfolios",
        metavar="NAME",
        help="a portfolio granted (repeat for several); none: every portfolio",
    )
    actions.add_parser("list").add_argument("--json", action="store_true")
    actions.add_parser("remove", help="take away every access").add_argument("email")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every outcome is an exit status and words, never a traceback."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        undecodable = next((a for a in arguments if _has_undecodable_bytes(a)), None)
        if undecodable is not None:
            sys.stderr.write(f"error: argument {undecodable!a} is not valid UTF-8 text\n")
            return EXIT_BAD_INPUT
        args = build_parser().parse_args(arguments)
        code = _run(args)
        sys.stdout.flush()  # inside the try: a closed pipe shows up here at the latest
        return code
    except BrokenPipeError:
        return _reader_went_away()
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted; a write in progress was rolled back\n")
        return EXIT_INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    """The command, then its databases closed: a caller in this process keeps no pool open."""
    args.opened_databases = []
    try:
        return _dispatch(args)
    finally:
        for db in args.opened_databases:
            db.dispose()


def _dispatch(args: argparse.Namespace) -> int:
    key = args.command if not hasattr(args, "action") else f"{args.command} {args.action}"
    try:
        return ALL_COMMANDS[key](args)
    except (StorageError, ConflictError) as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_FAILURE
    except DBAPIError as error:  # e.g. the server refused the connection before any work
        sys.stderr.write(f"error: {translate_database_error(error)}\n")
        return EXIT_FAILURE
    except EquityError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        raise
    except OSError as error:
        sys.stderr.write(f"error: {error.strerror or error}: {getattr(error, 'filename', '')}\n")
        return EXIT_BAD_INPUT
    except Exception as error:  # the contract: words and status 3, never a traceback
        return _unexpected(error)


def _unexpected(error: Exception) -> int:
    """A failure that is not the user's input (a migration that stopped, a driver error).

    Its first line is shown; ``EQUITY_TRACEBACK=1`` adds the traceback for a developer.
    """
    lines = str(error).strip().splitlines()
    sys.stderr.write(f"error: {lines[0] if lines else type(error).__name__}\n")
    if os.environ.get("EQUITY_TRACEBACK"):
        traceback.print_exception(error, file=sys.stderr)
    return EXIT_FAILURE


def _reader_went_away() -> int:
    """``history ... | head -1``: the reader closed the pipe, which is not an error.

    The Python documentation's recipe (signal module, "Note on SIGPIPE"): point stdout at
    devnull so the interpreter's final flush cannot fail again, and exit as a process
    killed by SIGPIPE would (128 + 13), which is what ``seq`` or ``cat`` report.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_CLOSED_PIPE


def _has_undecodable_bytes(argument: str) -> bool:
    """Python keeps bytes that are not UTF-8 as lone surrogates; no database can store them."""
    return any("\udc80" <= ch <= "\udcff" for ch in argument)
