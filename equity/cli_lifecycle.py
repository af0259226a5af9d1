"""A portfolio's life from the command line: settings, rename, archive, corrections.

``portfolio set``, ``portfolio rename|archive|unarchive`` and ``snapshot delete`` (issue 13).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from equity.cli_commands import _db
from equity.exit_codes import EXIT_OK

PORTFOLIO_HELP = (
    "PORTFOLIO is an id when it parses as one, else a name (matched ignoring case, "
    "full-width forms and repeated spaces)"
)


def add_lifecycle_parsers(
    portfolio: argparse._SubParsersAction, snapshot: argparse._SubParsersAction
) -> None:
    """Add the lifecycle actions to the ``portfolio`` and ``snapshot`` commands."""
    portfolio_set = portfolio.add_parser("set", help="change a portfolio's settings (admin)")
    portfolio_set.add_argument("portfolio", help=PORTFOLIO_HELP)
    portfolio_set.add_argument(
        "--four-eyes",
        choices=["on", "off"],
        required=True,
        help="on: a flow recorded or voided in the app waits for a second person's approval",
    )


def cmd_portfolio_set(args: argparse.Namespace) -> int:
    from equity.services.portfolios import set_four_eyes

    view = set_four_eyes(_db(args), args.portfolio, args.four_eyes == "on")
    print(f"{view.name}: four-eyes approval {'on' if view.four_eyes else 'off'}")
    return EXIT_OK


LIFECYCLE_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "portfolio set": cmd_portfolio_set,
}
