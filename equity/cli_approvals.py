"""``flow pending | approve | reject``: the four-eyes queue from the command line.

The command line is the operator's channel (not signed in), so it may approve on any
portfolio, but never a proposal its own actor (``EQUITY_USER`` or the OS user) made:
maker and checker are two people on every channel.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from equity.cli_commands import PORTFOLIO_HELP, _db, print_json
from equity.exit_codes import EXIT_OK
from equity.money import fmt2


def add_approval_parsers(flow: argparse._SubParsersAction) -> None:
    """Add ``pending``, ``approve`` and ``reject`` to the ``flow`` command's subparsers."""
    pending = flow.add_parser("pending", help="proposals waiting for a second person, oldest first")
    pending.add_argument("portfolio", help=PORTFOLIO_HELP)
    pending.add_argument("--json", action="store_true")
    approve = flow.add_parser("approve", help="apply a proposal (not one you proposed)")
    approve.add_argument("id", help="the proposal's id (flow pending lists them)")
    reject = flow.add_parser("reject", help="reject a proposal; its maker's rejection withdraws it")
    reject.add_argument("id", help="the proposal's id (flow pending lists them)")
    reject.add_argument("--reason", required=True)


def cmd_flow_pending(args: argparse.Namespace) -> int:
    from equity import output
    from equity.services.approvals import list_pending

    views = list_pending(_db(args), args.portfolio)
    if args.json:
        print_json(output.pending_list(views))
        return EXIT_OK
    if not views:
        print("no flows wait for approval")
    for view in views:
        what = view.notes if view.action == "record" else f"void {view.flow_id}: {view.reason}"
        print(
            f"{view.id}  {view.action:<6} {view.flow_date}  {view.kind:<10} "
            f"{fmt2(view.amount):>18}  by {view.proposed_by} at "
            f"{view.proposed_at:%Y-%m-%d %H:%M} UTC  {what or ''}"
        )
    return EXIT_OK


def cmd_flow_approve(args: argparse.Namespace) -> int:
    from equity.services.approvals import approve_pending

    impact = approve_pending(_db(args), args.id)
    print(
        f"approved {args.id}: applied to flow {impact.flow_id}; "
        f"{impact.days_recomputed} day(s) recomputed; "
        f"equity now {fmt2(impact.new_equity_balance)}"
    )
    return EXIT_OK


def cmd_flow_reject(args: argparse.Namespace) -> int:
    from equity.services.approvals import reject_pending

    view = reject_pending(_db(args), args.id, args.reason)
    withdrawn = (view.decided_by or "").casefold() == view.proposed_by.casefold()
    verb = "withdrew" if withdrawn else "rejected"
    print(
        f"{verb} {view.id} ({view.action} of the {view.kind} of {fmt2(view.amount)} on "
        f"{view.flow_date}, proposed by {view.proposed_by}); equity unchanged"
    )
    return EXIT_OK


APPROVAL_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "flow pending": cmd_flow_pending,
    "flow approve": cmd_flow_approve,
    "flow reject": cmd_flow_reject,
}
