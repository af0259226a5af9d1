"""Getting data in and out (issue 13): ``template``, ``snapshot import``, ``flow import``.

Both imports check the whole file first (:mod:`equity.services.import_check`): a file with
any problem exits 2 with every problem listed, one a line, after ``error: N problem(s)``,
and nothing is written. Warnings (weekend days, missing business days) go to stderr and
the import proceeds.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from equity.cli_commands import PORTFOLIO_HELP, _db, read_upload
from equity.domain.templates import TEMPLATE_KINDS
from equity.errors import ValidationError
from equity.exit_codes import EXIT_BAD_INPUT, EXIT_OK
from equity.money import fmt2

if TYPE_CHECKING:  # the import services load only for the commands that use them
    from equity.services.import_check import ImportCheck, ImportOptions

MAP_HELP = (
    "FILE_COLUMN=FIELD: read this column of the file as this field (repeat for several); "
    "common spellings (Date, As of, P&L, NAV, Type, Memo...) are recognised without it"
)


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """``--map COLUMN=FIELD`` (repeatable) and the file's decimal separator."""
    parser.add_argument(
        "--map", action="append", dest="map", default=[], metavar="COLUMN=FIELD", help=MAP_HELP
    )
    separator = parser.add_mutually_exclusive_group()
    separator.add_argument(
        "--decimal-comma",
        dest="decimal_comma",
        action="store_const",
        const=True,
        default=None,
        help="numbers are written 1.234,56 or 1 234,56 (default: the portfolio's setting, else "
        "a point)",
    )
    separator.add_argument(
        "--decimal-point",
        dest="decimal_comma",
        action="store_const",
        const=False,
        help="numbers are written 1,234.56 (overrides a portfolio set to comma)",
    )


def column_map(pairs: list[str]) -> dict[str, str] | None:
    """``["As of=snapshot_date", ...]`` as a mapping; a malformed or repeated pair is an error."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, equals, field = pair.rpartition("=")
        if not equals or not column.strip() or not field.strip():
            raise ValidationError(
                "map", f"{pair!r} is not COLUMN=FIELD (such as 'As of=snapshot_date')"
            )
        column = column.strip()
        if column in mapping:
            raise ValidationError("map", f"column {column!r} is mapped twice")
        mapping[column] = field.strip()
    return mapping or None


def import_options(args: argparse.Namespace) -> ImportOptions:
    """The ``--map`` and separator flags as the services' import options."""
    from equity.services.import_check import ImportOptions

    return ImportOptions(mapping=column_map(args.map), decimal_comma=args.decimal_comma)


def add_transfer_parsers(
    commands: argparse._SubParsersAction, flow: argparse._SubParsersAction
) -> None:
    """``template KIND`` and ``flow import PORTFOLIO FILE``."""
    template = commands.add_parser("template", help="print an import's CSV template")
    template.add_argument("kind", choices=TEMPLATE_KINDS)
    flow_import = flow.add_parser(
        "import", help="record the live flows of a CSV (what flow list --csv writes)"
    )
    flow_import.add_argument("portfolio", help=PORTFOLIO_HELP)
    flow_import.add_argument("file", type=Path)
    add_import_options(flow_import)


def cmd_template(args: argparse.Namespace) -> int:
    from equity.domain.templates import template_csv

    sys.stdout.write(template_csv(args.kind))
    return EXIT_OK


def _refuse_or_warn(check: ImportCheck) -> bool:
    """Print the check's findings on stderr; True when the import may proceed."""
    from equity.services.import_check import refusal_text

    if not check.importable:
        sys.stderr.write(f"error: {refusal_text(check)}\n")
    for warning in check.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    return check.importable


def cmd_snapshot_import(args: argparse.Namespace) -> int:
    from equity.services.import_check import check_snapshot_file, import_checked_snapshots

    db = _db(args)
    check = check_snapshot_file(db, args.portfolio, read_upload(args.file), import_options(args))
    if not _refuse_or_warn(check):
        return EXIT_BAD_INPUT
    result = import_checked_snapshots(db, args.portfolio, check)
    carried = (
        f"; skipped {check.skipped_carried} carried-forward day(s)" if check.skipped_carried else ""
    )
    print(
        f"imported {result.inserted} new and {result.updated} replaced day(s){carried}; "
        f"equity now {fmt2(result.new_equity_balance)}"
    )
    return EXIT_OK


def cmd_flow_import(args: argparse.Namespace) -> int:
    from equity.services.import_check import check_flow_file, import_checked_flows
    from equity.services.imports import file_key

    db = _db(args)
    data = read_upload(args.file)
    check = check_flow_file(db, args.portfolio, data, import_options(args))
    if not _refuse_or_warn(check):
        return EXIT_BAD_INPUT
    # The file's fingerprint keys its flows: running the same import again records nothing.
    result = import_checked_flows(db, args.portfolio, check, key_prefix=file_key(data))
    if result.already_recorded:
        print(
            "already recorded: this file was imported before; "
            f"equity {fmt2(result.new_equity_balance)}"
        )
        return EXIT_OK
    skipped = (
        f"; skipped {plural(result.skipped_voided, 'voided flow')}" if result.skipped_voided else ""
    )
    print(
        f"recorded {plural(result.recorded, 'flow')} from {result.first_date}{skipped}; "
        f"{result.days_recomputed} day(s) recomputed; equity now {fmt2(result.new_equity_balance)}"
    )
    return EXIT_OK


def plural(count: int, noun: str) -> str:
    """``1 voided flow``, ``2 voided flows``."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


TRANSFER_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "template": cmd_template,
    "snapshot import": cmd_snapshot_import,
    "flow import": cmd_flow_import,
}
