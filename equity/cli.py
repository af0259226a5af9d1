"""The command-line contract of DESIGN.md: exact names, JSON keys and exit codes.

Exit 0 on success, 1 when ``check`` finds problems, 2 on bad input (with a first line
starting ``error: `` on stderr, no traceback, nothing written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from sqlalchemy.exc import DBAPIError

from equity.cli_commands import COMMANDS
from equity.errors import ConflictError, EquityError, StorageError
from equity.storage.database import translate_database_error

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT, EXIT_FAILURE = 0, 1, 2, 3


class ContractParser(argparse.ArgumentParser):
    """argparse, but its errors start with ``error: `` as the contract says."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"error: {message}\n")
        self.print_usage(sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> ContractParser:
    parser = ContractParser(prog="python -m equity", description=__doc__)
    parser.add_argument("--db", help="database URL (default: EQUITY_DATABASE_URL or SQLite)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=ContractParser)

    init = commands.add_parser("init", help="migrate to head; --demo loads demo portfolios")
    init.add_argument("--demo", action="store_true")

    portfolio = commands.add_parser("portfolio").add_subparsers(dest="action", required=True)
    add = portfolio.add_parser("add")
    add.add_argument("name")
    add.add_argument("--opening-equity", required=True)
    add.add_argument("--inception", required=True)
    add.add_argument("--currency", default="USD")
    portfolio.add_parser("list").add_argument("--json", action="store_true")

    snapshot = commands.add_parser("snapshot").add_subparsers(dest="action", required=True)
    snap_add = snapshot.add_parser("add")
    snap_add.add_argument("portfolio")
    snap_add.add_argument("date")
    snap_add.add_argument("--daily-pnl", required=True)
    snap_add.add_argument("--total-value")
    snap_import = snapshot.add_parser("import")
    snap_import.add_argument("portfolio")
    snap_import.add_argument("file", type=Path)

    flow = commands.add_parser("flow").add_subparsers(dest="action", required=True)
    flow_add = flow.add_parser("add")
    flow_add.add_argument("portfolio")
    flow_add.add_argument("date")
    flow_add.add_argument("kind", choices=["deposit", "withdrawal"])
    flow_add.add_argument("amount")
    flow_add.add_argument("--notes")
    flow_add.add_argument("--idempotency-key")
    flow_add.add_argument("--json", action="store_true")
    flow_void = flow.add_parser("void")
    flow_void.add_argument("flow_id")
    flow_void.add_argument("--reason", required=True)
    flow_list = flow.add_parser("list")
    flow_list.add_argument("portfolio")
    flow_list.add_argument("--json", action="store_true")

    history = commands.add_parser("history")
    history.add_argument("portfolio")
    history.add_argument("--start")
    history.add_argument("--end")
    form = history.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true")
    form.add_argument("--csv", action="store_true")

    performance = commands.add_parser("performance")
    performance.add_argument("portfolio")
    performance.add_argument("--json", action="store_true")
    performance.add_argument("--benchmark", help="compare with this imported benchmark")
    performance.add_argument(
        "--period", choices=["MTD", "QTD", "YTD", "1Y", "3Y", "ITD"], help="one period's figures"
    )

    benchmark = commands.add_parser("benchmark").add_subparsers(dest="action", required=True)
    bench_import = benchmark.add_parser("import", help="CSV with columns date,close")
    bench_import.add_argument("name")
    bench_import.add_argument("file", type=Path)
    benchmark.add_parser("list").add_argument("--json", action="store_true")

    audit = commands.add_parser("audit", help="every change to a portfolio, newest first")
    audit.add_argument("portfolio")
    audit_form = audit.add_mutually_exclusive_group()
    audit_form.add_argument("--json", action="store_true")
    audit_form.add_argument("--csv", action="store_true")

    recompute = commands.add_parser("recompute")
    target = recompute.add_mutually_exclusive_group(required=True)
    target.add_argument("portfolio", nargs="?")
    target.add_argument("--all", action="store_true")
    recompute.add_argument("--from", dest="from_date")

    check = commands.add_parser("check")
    check.add_argument("portfolio", nargs="?")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    key = args.command if not hasattr(args, "action") else f"{args.command} {args.action}"
    try:
        return COMMANDS[key](args)
    except (StorageError, ConflictError) as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_FAILURE
    except DBAPIError as error:  # e.g. the server refused the connection before any work
        sys.stderr.write(f"error: {translate_database_error(error)}\n")
        return EXIT_FAILURE
    except EquityError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_BAD_INPUT
    except OSError as error:
        sys.stderr.write(f"error: {error.strerror or error}: {getattr(error, 'filename', '')}\n")
        return EXIT_BAD_INPUT
