"""A portfolio's life from the command line: settings, rename, archive, corrections.

``portfolio set``, ``portfolio rename|archive|unarchive`` and ``snapshot delete`` (issue 13),
each printing one plain sentence, and the ``--archived`` flag of ``portfolio list``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from equity.cli_commands import PORTFOLIO_HELP, _db
from equity.domain.validation import parse_date
from equity.errors import EquityError
from equity.exit_codes import EXIT_OK
from equity.money import parse_amount, stated_money
from equity.services.views import PortfolioView

SEPARATORS = {"comma": True, "point": False}


def add_lifecycle_parsers(
    portfolio: argparse._SubParsersAction, snapshot: argparse._SubParsersAction
) -> None:
    """Add the lifecycle actions to the ``portfolio`` and ``snapshot`` commands."""
    _add_set_parser(portfolio)
    rename = portfolio.add_parser("rename", help="give a portfolio a new name (admin)")
    rename.add_argument("portfolio", help=PORTFOLIO_HELP)
    rename.add_argument("new_name", help="shown as typed (NFKC-normalised); must not read as an id")
    for action, what in (("archive", "close: read-only"), ("unarchive", "open again")):
        parser = portfolio.add_parser(action, help=f"{what} (admin)")
        parser.add_argument("portfolio", help=PORTFOLIO_HELP)
    listing = portfolio.choices["list"]
    listing.add_argument(
        "--archived", action="store_true", help="include archived portfolios (read-only)"
    )
    delete = snapshot.add_parser(
        "delete", help="remove one day's snapshot; a day with flows keeps a carried-forward row"
    )
    delete.add_argument("portfolio", help=PORTFOLIO_HELP)
    delete.add_argument("date")


def _add_set_parser(portfolio: argparse._SubParsersAction) -> None:
    portfolio_set = portfolio.add_parser(
        "set", help="change a portfolio's settings or correct its start (admin)"
    )
    portfolio_set.add_argument("portfolio", help=PORTFOLIO_HELP)
    portfolio_set.add_argument(
        "--opening-equity", help="the capital on the inception date; every day is recomputed"
    )
    portfolio_set.add_argument(
        "--inception", help="YYYY-MM-DD; not after any snapshot or flow, not in the future"
    )
    portfolio_set.add_argument(
        "--four-eyes",
        choices=["on", "off"],
        help="on: a flow recorded or voided in the app waits for a second person's approval",
    )
    portfolio_set.add_argument(
        "--decimal-separator",
        choices=sorted(SEPARATORS),
        help="comma: this portfolio's files and forms write 1.000,00",
    )


def cmd_portfolio_set(args: argparse.Namespace) -> int:
    from equity.services.lifecycle import set_portfolio

    given = (args.opening_equity, args.inception, args.four_eyes, args.decimal_separator)
    if given == (None, None, None, None):  # argparse's words: no option is required alone
        raise EquityError(
            "the following arguments are required: at least one of --opening-equity, "
            "--inception, --four-eyes, --decimal-separator"
        )
    view = set_portfolio(
        _db(args),
        args.portfolio,
        opening_equity=_amount(args.opening_equity),
        inception=parse_date(args.inception, "inception") if args.inception else None,
        four_eyes=None if args.four_eyes is None else args.four_eyes == "on",
        decimal_comma=(
            None if args.decimal_separator is None else SEPARATORS[args.decimal_separator]
        ),
    )
    print(f"{view.name}: {', '.join(_settings_said(view, args))}")
    return EXIT_OK


def _amount(text: str | None):
    return parse_amount(text, "opening_equity") if text is not None else None


def _settings_said(view: PortfolioView, args: argparse.Namespace) -> list[str]:
    """The settings the command named, as they now stand."""
    said = []
    if args.opening_equity is not None:
        said.append(
            f"opening equity {stated_money(view.opening_equity, view.currency)}, "
            f"equity now {stated_money(view.equity_balance, view.currency)}"
        )
    if args.inception is not None:
        said.append(f"inception {view.inception_date}")
    if args.four_eyes is not None:
        said.append(f"four-eyes approval {'on' if view.four_eyes else 'off'}")
    if args.decimal_separator is not None:
        said.append(f"decimal separator {'comma' if view.decimal_comma else 'point'}")
    return said


def cmd_portfolio_rename(args: argparse.Namespace) -> int:
    from equity.services.portfolios import get_portfolio, rename_portfolio

    db = _db(args)
    old = get_portfolio(db, args.portfolio).name
    view = rename_portfolio(db, args.portfolio, args.new_name)
    print(f"{old} is now called {view.name}")
    return EXIT_OK


def cmd_portfolio_archive(args: argparse.Namespace) -> int:
    from equity.services.portfolios import archive_portfolio

    view = archive_portfolio(_db(args), args.portfolio)
    print(f"{view.name} is archived: read-only, and left out of lists until unarchived")
    return EXIT_OK


def cmd_portfolio_unarchive(args: argparse.Namespace) -> int:
    from equity.services.portfolios import unarchive_portfolio

    view = unarchive_portfolio(_db(args), args.portfolio)
    print(f"{view.name} is unarchived: it can be changed again")
    return EXIT_OK


def cmd_snapshot_delete(args: argparse.Namespace) -> int:
    from equity.services.portfolios import get_portfolio
    from equity.services.snapshots import delete_snapshot

    db = _db(args)
    day = parse_date(args.date, "date")
    result = delete_snapshot(db, args.portfolio, day)
    view = get_portfolio(db, args.portfolio)
    print(
        f"Deleted {view.name}'s snapshot of {day}; {result.days_recomputed} day(s) recomputed, "
        f"equity now {stated_money(result.new_equity_balance, view.currency)}"
    )
    return EXIT_OK


LIFECYCLE_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "portfolio set": cmd_portfolio_set,
    "portfolio rename": cmd_portfolio_rename,
    "portfolio archive": cmd_portfolio_archive,
    "portfolio unarchive": cmd_portfolio_unarchive,
    "snapshot delete": cmd_snapshot_delete,
}
