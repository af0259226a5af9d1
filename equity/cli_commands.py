"""One function per command: parse the arguments, call one service, print the answer."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from equity.config import default_actor
from equity.domain.csv_rows import MAX_CSV_BYTES
from equity.domain.validation import parse_date
from equity.errors import ValidationError
from equity.exit_codes import EXIT_OK, EXIT_PROBLEMS
from equity.money import fmt2, format_money, parse_amount, parse_positive_amount
from equity.storage.database import Database, open_database
from equity.storage.migrate import ensure_schema

#: The lookup rule of ``equity.services.lookup.find_portfolio``, in the help of every
#: command that takes a PORTFOLIO (one wording, whichever module registers the command).
PORTFOLIO_HELP = (
    "PORTFOLIO is an id when it parses as one, else a name (matched ignoring case, "
    "full-width forms and repeated spaces)"
)


def _db(args: argparse.Namespace) -> Database:
    """Open the configured database and migrate it if it is behind (cheap when it is not).

    The command line's edge: the system clock, and EQUITY_USER or the OS user as actor.
    """
    db = open_database(args.db, actor=default_actor())
    opened = getattr(args, "opened_databases", None)
    if opened is not None:  # main() disposes them when the command ends
        opened.append(db)
    ensure_schema(db)
    return db


def read_upload(path: Path) -> bytes:
    """The file's bytes, reading at most one byte past the upload limit.

    ``/dev/zero``, a pipe that never ends or a huge file is refused after 20 MB instead
    of being read into memory whole.
    """
    with path.open("rb") as handle:
        data = handle.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise ValidationError("file", f"{str(path)!r} is over 20 MB; the limit is 20 MB")
    return data


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, indent=2)
    sys.stdout.write("\n")


def _optional_date(text: str | None, field: str) -> date | None:
    return parse_date(text, field) if text else None


def cmd_init(args: argparse.Namespace) -> int:
    from equity.services.demo import load_demo

    db = _db(args)
    print(f"database ready at head: {db.display_url}")
    if args.demo:
        created = load_demo(db)
        print(
            f"demo portfolios loaded: {', '.join(created)}"
            if created
            else "demo not loaded: the database already has portfolios"
        )
    return EXIT_OK


def cmd_portfolio_add(args: argparse.Namespace) -> int:
    from equity.services.portfolios import NewPortfolio, create_portfolio

    request = NewPortfolio(
        name=args.name,
        opening_equity=parse_amount(args.opening_equity, "opening_equity"),
        inception_date=parse_date(args.inception, "inception"),
        currency=args.currency,
    )
    view = create_portfolio(_db(args), request)
    print(
        f"created {view.name} ({view.id}) with {format_money(view.opening_equity, view.currency)}"
    )
    return EXIT_OK


def cmd_portfolio_list(args: argparse.Namespace) -> int:
    from equity import output
    from equity.services.portfolios import list_portfolios

    views = list_portfolios(_db(args), include_archived=getattr(args, "archived", False))
    if args.json:
        print_json(output.portfolio_list(views))
        return EXIT_OK
    for view in views:
        print(
            f"{view.name:<32} {view.currency} {fmt2(view.equity_balance):>20}"
            f"  since {view.inception_date}  {view.id}"
        )
    return EXIT_OK


def cmd_snapshot_add(args: argparse.Namespace) -> int:
    from equity.services.snapshots import SnapshotInput, upsert_snapshots

    day = SnapshotInput(
        snapshot_date=parse_date(args.date, "date"),
        daily_pnl=parse_amount(args.daily_pnl, "daily_pnl", allow_negative=True),
        total_value=parse_amount(args.total_value, "total_value", allow_negative=True)
        if args.total_value is not None
        else None,
    )
    result = upsert_snapshots(_db(args), args.portfolio, [day], source="manual")
    verb = "replaced" if result.updated else "added"
    print(
        f"{verb} {day.snapshot_date}; {result.days_recomputed} day(s) recomputed; "
        f"equity now {fmt2(result.new_equity_balance)}"
    )
    return EXIT_OK


def cmd_flow_add(args: argparse.Namespace) -> int:
    from equity import output
    from equity.services.cash_flows import FlowRequest, record_cash_flow

    request = FlowRequest(
        portfolio=args.portfolio,
        flow_date=parse_date(args.date, "date"),
        kind=args.kind,
        amount=parse_positive_amount(args.amount, "amount"),
        notes=args.notes,
        idempotency_key=args.idempotency_key,
    )
    impact = record_cash_flow(_db(args), request)
    if args.json:
        print_json(output.flow_added(impact))
    elif impact.already_recorded:
        print(f"already recorded as {impact.flow_id}; equity {fmt2(impact.new_equity_balance)}")
    else:
        print(
            f"recorded {impact.flow_id}; {impact.days_recomputed} day(s) recomputed; "
            f"equity now {fmt2(impact.new_equity_balance)}"
        )
    return EXIT_OK


def cmd_flow_void(args: argparse.Namespace) -> int:
    from equity.services.cash_flows import void_cash_flow

    impact = void_cash_flow(_db(args), args.flow_id, args.reason)
    print(
        f"voided {impact.flow_id}; {impact.days_recomputed} day(s) recomputed; "
        f"equity now {fmt2(impact.new_equity_balance)}"
    )
    return EXIT_OK


def cmd_flow_list(args: argparse.Namespace) -> int:
    from equity import output
    from equity.services.cash_flows import list_cash_flows
    from equity.services.export import write_ledger_csv

    flows = list_cash_flows(_db(args), args.portfolio)
    if args.json:
        print_json(output.flow_list(flows))
        return EXIT_OK
    if args.csv:
        write_ledger_csv(sys.stdout, flows)
        return EXIT_OK
    for flow in flows:
        state = "VOID" if flow.voided else "live"
        print(
            f"{flow.flow_date}  {flow.kind:<10} {fmt2(flow.amount):>18}  {state}"
            f"  {flow.id}  {flow.notes or ''}"
        )
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    from equity import output
    from equity.reads.history import equity_history
    from equity.services.export import write_history_csv

    start = _optional_date(args.start, "start")
    end = _optional_date(args.end, "end")
    if start and end and start > end:
        raise ValidationError("start", f"{start} is after the end {end}")
    history = equity_history(_db(args), args.portfolio, start, end)
    rows = output.history_rows(history)
    if args.json:
        print_json(output.history_document(history))
    elif args.csv:
        write_history_csv(sys.stdout, history.frame)
    else:
        for row in rows:
            print(
                f"{row['date']}  equity {row['equity_balance']:>18}  pnl {row['daily_pnl']:>14}  "
                f"in {row['equity_inflow']:>12}  out {row['equity_outflow']:>12}"
            )
        print(f"current equity: {fmt2(history.current_equity)} {history.portfolio.currency}")
    return EXIT_OK


def cmd_performance(args: argparse.Namespace) -> int:
    from equity import output
    from equity.reads.performance import performance_detail

    detail = performance_detail(_db(args), args.portfolio, args.benchmark)
    data = output.performance_document(detail, args.period, args.benchmark)
    if args.json:
        print_json(data)
        return EXIT_OK
    for key, value in data.items():
        print(f"{key:<18} {value if value is not None else 'undefined'}")
    return EXIT_OK


def cmd_benchmark_import(args: argparse.Namespace) -> int:
    from equity.cli_transfer import import_options
    from equity.services.benchmarks import import_benchmark_csv

    options = import_options(args)
    view = import_benchmark_csv(_db(args), args.name, read_upload(args.file), options)
    print(f"{view.name}: {view.prices} close(s) from {view.first_date} to {view.last_date}")
    return EXIT_OK


def cmd_benchmark_list(args: argparse.Namespace) -> int:
    from equity import output
    from equity.services.benchmarks import list_benchmarks

    views = list_benchmarks(_db(args))
    if args.json:
        print_json(output.benchmark_list(views))
        return EXIT_OK
    for view in views:
        print(f"{view.name:<32} {view.prices:>6} close(s)  {view.first_date} .. {view.last_date}")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from equity import output
    from equity.services.audit import audit_trail
    from equity.services.export import write_csv

    rows = output.audit(audit_trail(_db(args), args.portfolio))
    if args.json:
        print_json(rows)
    elif args.csv:
        write_csv(sys.stdout, rows)
    else:
        for row in rows:
            print(f"{row['recorded_at']}  {row['actor']:<16} {row['action']:<24} {row['details']}")
    return EXIT_OK


def cmd_recompute(args: argparse.Namespace) -> int:
    from equity.services.recompute import recompute_all, recompute_portfolio

    db = _db(args)
    start = _optional_date(args.from_date, "from")
    if args.all:
        for name, count in recompute_all(db, start).items():
            print(f"{name}: {count} day(s) recomputed")
    else:
        print(
            f"{args.portfolio}: {recompute_portfolio(db, args.portfolio, start)} day(s) recomputed"
        )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from equity.services.checks import check_invariants

    problems = check_invariants(_db(args), args.portfolio)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return EXIT_PROBLEMS
    print("all invariants hold")
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    from equity.services.users import grant_scope, set_user

    view = set_user(_db(args), args.email, args.role, args.portfolios)
    print(f"{view.email}: {view.role} of {grant_scope(view.portfolios)}")
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace) -> int:
    from equity import output
    from equity.services.users import grant_scope, list_users

    views = list_users(_db(args))
    if args.json:
        print_json(output.user_list(views))
        return EXIT_OK
    if not views:
        print("no users: add one with  python -m equity user add EMAIL --role admin")
        return EXIT_OK
    width = max(len("email"), *(len(view.email) for view in views))
    print(f"{'email':<{width}}  {'role':<7}  portfolios")
    for view in views:
        print(f"{view.email:<{width}}  {view.role:<7}  {grant_scope(view.portfolios)}")
    return EXIT_OK


def cmd_user_remove(args: argparse.Namespace) -> int:
    from equity.domain.access import normalized_email
    from equity.services.users import remove_user

    remove_user(_db(args), args.email)
    print(f"removed {normalized_email(args.email)}: they can no longer sign in")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init,
    "portfolio add": cmd_portfolio_add,
    "portfolio list": cmd_portfolio_list,
    "snapshot add": cmd_snapshot_add,
    "flow add": cmd_flow_add,
    "flow void": cmd_flow_void,
    "flow list": cmd_flow_list,
    "history": cmd_history,
    "performance": cmd_performance,
    "recompute": cmd_recompute,
    "benchmark import": cmd_benchmark_import,
    "benchmark list": cmd_benchmark_list,
    "audit": cmd_audit,
    "check": cmd_check,
    "user add": cmd_user_add,
    "user list": cmd_user_list,
    "user remove": cmd_user_remove,
}
