"""``fx import``, ``settings get|set`` and ``firm``: the firm view from the command line.

``firm --json`` keys (issue 12): ``base_currency``, ``as_of``, ``total_equity_base`` (a
2-decimal string, or null when a rate is missing), ``missing_rates`` (currencies),
``portfolios`` (each ``name``, ``currency``, ``equity``, ``equity_base``, ``fx_rate``,
``last_snapshot``, ``stale``). Amounts are 2-decimal strings like the rest of the
contract; a rate is its exact decimal text (``"1.1"``), null when missing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from equity.cli_commands import _db, print_json, read_upload
from equity.cli_transfer import add_import_options, import_options
from equity.exit_codes import EXIT_OK
from equity.money import fmt2

if TYPE_CHECKING:
    from equity.reads.firm import FirmPortfolio, FirmView


def add_firm_parsers(commands: argparse._SubParsersAction) -> None:
    """Add ``fx``, ``settings`` and ``firm`` to the top-level commands."""
    fx = commands.add_parser("fx", help="FX rates for the firm view's total")
    fx_actions = fx.add_subparsers(dest="action", required=True)
    fx_import = fx_actions.add_parser(
        "import",
        help="CSV with columns date,currency,rate: one unit of currency is rate units of the "
        "base currency; a date already imported is replaced",
    )
    fx_import.add_argument("file", type=Path)
    add_import_options(fx_import)  # --map COLUMN=FIELD, --decimal-comma, as every import

    settings = commands.add_parser("settings", help="firm-wide settings (base_currency)")
    settings_actions = settings.add_subparsers(dest="action", required=True)
    settings_set = settings_actions.add_parser("set", help="change a setting (admin)")
    settings_set.add_argument("key", metavar="base_currency")
    settings_set.add_argument("value", help="an ISO currency code such as USD")
    settings_get = settings_actions.add_parser("get", help="a setting's value")
    settings_get.add_argument("key", metavar="base_currency")

    firm = commands.add_parser(
        "firm", help="every portfolio's equity, and the total in the base currency"
    )
    firm.add_argument("--json", action="store_true")


def cmd_fx_import(args: argparse.Namespace) -> int:
    from equity.services.fx import import_fx_rates, import_sentence

    imported = import_fx_rates(_db(args), read_upload(args.file), import_options(args))
    print(import_sentence(imported))
    return EXIT_OK


def cmd_settings_set(args: argparse.Namespace) -> int:
    from equity.services.settings import set_setting

    view = set_setting(_db(args), args.key, args.value)
    print(
        f"{view.key} is now {view.value}; the firm view uses FX rates quoted in {view.value}"
        if view.key == "base_currency"
        else f"{view.key} is now {view.value!r}"
    )
    return EXIT_OK


def cmd_settings_get(args: argparse.Namespace) -> int:
    from equity.services.settings import get_setting

    view = get_setting(_db(args), args.key)
    origin = "default" if view.updated_by is None else f"set by {view.updated_by}"
    print(f"{view.key} {view.value} ({origin})")
    return EXIT_OK


def cmd_firm(args: argparse.Namespace) -> int:
    from equity.reads.firm import firm_view

    db = _db(args)
    # Its documents carry no returns: skip reading every history, at any firm size.
    view = firm_view(db, db.clock.today(), returns_up_to=0)
    if args.json:
        print_json(firm_document(view))
        return EXIT_OK
    for line in firm_lines(view):
        print(line)
    return EXIT_OK


def firm_document(view: FirmView) -> dict[str, object]:
    """The JSON document of ``firm --json``, keys in the contract's order."""
    total = view.total_equity_base
    return {
        "base_currency": view.base_currency,
        "as_of": view.as_of.isoformat(),
        "total_equity_base": None if total is None else fmt2(total),
        "missing_rates": list(view.missing_rates),
        "portfolios": [_portfolio_document(line) for line in view.portfolios],
    }


def _portfolio_document(line: FirmPortfolio) -> dict[str, object]:
    from equity.services.fx import rate_text

    return {
        "name": line.name,
        "currency": line.currency,
        "equity": fmt2(line.equity),
        "equity_base": None if line.equity_base is None else fmt2(line.equity_base),
        "fx_rate": None if line.fx_rate is None else rate_text(line.fx_rate),
        "last_snapshot": None if line.last_snapshot is None else line.last_snapshot.isoformat(),
        "stale": line.stale,
    }


def firm_lines(view: FirmView) -> list[str]:
    """The plain-text view: one line per portfolio, then the totals."""
    from equity.services.fx import rate_text

    base = view.base_currency
    lines = [f"firm view in {base} as of {view.as_of}"]
    for p in view.portfolios:
        rate = "no rate" if p.fx_rate is None else f"x {rate_text(p.fx_rate)}"
        in_base = "-" if p.equity_base is None else f"{fmt2(p.equity_base)} {base}"
        last = p.last_snapshot.isoformat() if p.last_snapshot else "no snapshot"
        flag = "  STALE" if p.stale else ""
        lines.append(
            f"{p.name:<32} {fmt2(p.equity):>18} {p.currency}  {rate:<16} {in_base:>22}  "
            f"last {last}{flag}"
        )
    for currency, total in view.totals_by_currency.items():
        lines.append(f"{currency} portfolios: {fmt2(total)} {currency}")
    if view.total_equity_base is None:
        lines.append(
            f"firm total in {base}: incomplete, no rate for {', '.join(view.missing_rates)}"
        )
    else:
        lines.append(f"firm total in {base}: {fmt2(view.total_equity_base)}")
    return lines


FIRM_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "fx import": cmd_fx_import,
    "settings set": cmd_settings_set,
    "settings get": cmd_settings_get,
    "firm": cmd_firm,
}
