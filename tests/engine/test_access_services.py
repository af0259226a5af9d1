"""Rights live in the services: each guarded write refuses whoever may not make it, writing nothing.

The firm: Alpha and Beta, each with a few days of P&L. Its people: an admin; a manager
granted Alpha only; a viewer of every portfolio; and someone who signed in with no user
row at all. The operator (the CLI, local mode) is not signed in and may do everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from equity.errors import AccessDeniedError
from equity.reads.history import portfolio_overview
from equity.services.benchmarks import import_benchmark_csv
from equity.services.portfolios import (
    NewPortfolio,
    create_portfolio,
    get_portfolio,
    list_portfolios,
    set_four_eyes,
    set_opening_equity,
)
from equity.services.recompute import recompute_all, recompute_portfolio
from equity.services.snapshots import (
    SnapshotInput,
    delete_snapshot,
    preview_replaced_days,
    upsert_snapshots,
)
from equity.services.users import remove_user, set_user
from equity.storage.database import Database
from tests.engine.access_support import clear_users, latest_audit, table_contents
from tests.support import D, add_days, day, new_portfolio

ADMIN = "admin@firm.com"
MANAGER = "alpha.manager@firm.com"  # manager of Alpha only
VIEWER = "viewer@firm.com"  # viewer of every portfolio
STRANGER = "stranger@firm.com"  # signed in, no user row
CLOSES = b"date,close\n2025-01-02,100\n2025-01-03,101\n"


@pytest.fixture
def firm(db):
    clear_users(db)
    for name in ("Alpha", "Beta"):
        new_portfolio(db, name)
        add_days(db, name, ("2025-01-02", "500"), ("2025-01-03", "-200"))
    set_user(db, ADMIN, "admin", None)
    set_user(db, MANAGER, "manager", ["Alpha"])
    set_user(db, VIEWER, "viewer", None)
    yield db
    clear_users(db)


@dataclass(frozen=True)
class Write:
    """One guarded write on ``target``; ``admin_only`` when a granted manager may not make it."""

    name: str
    run: Callable[[Database, str], object]
    admin_only: bool
    audited: bool = True
    #: The write names a portfolio (checked against the grant before the role).
    on_portfolio: bool = True


WRITES = [
    Write(
        "create_portfolio",
        lambda db, _: create_portfolio(db, NewPortfolio("Gamma", D("10"), day("2025-01-01"))),
        admin_only=True,
        on_portfolio=False,
    ),
    Write("set_opening_equity", lambda db, t: set_opening_equity(db, t, D("2000000")), True),
    Write("set_four_eyes", lambda db, t: set_four_eyes(db, t, True), True),
    Write(
        "upsert_snapshots",
        lambda db, t: upsert_snapshots(db, t, [SnapshotInput(day("2025-01-06"), D("75"))]),
        admin_only=False,
    ),
    Write("delete_snapshot", lambda db, t: delete_snapshot(db, t, day("2025-01-03")), False),
    Write("recompute_portfolio", lambda db, t: recompute_portfolio(db, t), False),
    Write("recompute_all", lambda db, _: recompute_all(db), True, on_portfolio=False),
    Write(
        "import_benchmark_csv",
        lambda db, _: import_benchmark_csv(db, "World", CLOSES),
        admin_only=True,
        audited=False,
        on_portfolio=False,
    ),
    Write(
        "set_user",
        lambda db, _: set_user(db, "new@firm.com", "viewer", ["Beta"]),
        admin_only=True,
        on_portfolio=False,
    ),
    Write("remove_user", lambda db, _: remove_user(db, VIEWER), True, on_portfolio=False),
]
IDS = [write.name for write in WRITES]


def refusals(write: Write) -> list[tuple[str, str, str]]:
    """(who, target, words of the refusal) for everyone who may not make ``write``."""
    cases = [
        (VIEWER, "Alpha", f"{VIEWER} is a viewer"),
        (MANAGER, "Beta", "not a portfolio open to you" if write.on_portfolio else "only an"),
        (STRANGER, "Alpha", f"{STRANGER} has no access to this app"),
    ]
    if write.admin_only:
        cases.append((MANAGER, "Alpha", f"{MANAGER} is a manager: only an admin can"))
    return cases


@pytest.mark.parametrize("write", WRITES, ids=IDS)
def test_everyone_without_the_right_is_refused_and_nothing_is_written(firm, write) -> None:
    before = table_contents(firm)

    for who, target, words in refusals(write):
        with pytest.raises(AccessDeniedError) as refused:
            write.run(firm.as_signed_in(who), target)
        assert words in str(refused.value), (who, target)

    assert table_contents(firm) == before


def allowed(write: Write) -> list[str]:
    return [ADMIN, "operator"] if write.admin_only else [ADMIN, MANAGER, "operator"]


@pytest.mark.parametrize(
    ("write", "who"),
    [(write, who) for write in WRITES for who in allowed(write)],
    ids=[f"{write.name}-{who.split('@')[0]}" for write in WRITES for who in allowed(write)],
)
def test_who_has_the_right_writes_and_is_audited_by_name(firm, write, who) -> None:
    acting = firm.acting_as("ops") if who == "operator" else firm.as_signed_in(who)
    before = table_contents(firm)

    write.run(acting, "Alpha")

    assert table_contents(firm) != before
    if write.audited:
        assert latest_audit(firm).actor == ("ops" if who == "operator" else who)


def test_a_viewer_is_told_why_in_words_naming_the_portfolio(firm) -> None:
    with pytest.raises(AccessDeniedError) as refused:
        day_of_pnl = SnapshotInput(day("2025-01-06"), D("1"))
        upsert_snapshots(firm.as_signed_in(VIEWER), "alpha", [day_of_pnl])

    assert str(refused.value) == f"{VIEWER} is a viewer of 'Alpha': viewers cannot change it"


@pytest.mark.parametrize(
    "attempt",
    [
        lambda db, ref: upsert_snapshots(db, ref, [SnapshotInput(day("2025-01-06"), D("1"))]),
        lambda db, ref: delete_snapshot(db, ref, day("2025-01-03")),
        lambda db, ref: recompute_portfolio(db, ref),
        lambda db, ref: get_portfolio(db, ref),
        lambda db, ref: preview_replaced_days(db, ref, [SnapshotInput(day("2025-01-03"), D("1"))]),
    ],
    ids=["upsert", "delete", "recompute", "get", "preview"],
)
def test_an_ungranted_portfolio_reads_exactly_like_an_unknown_one(firm, attempt) -> None:
    manager = firm.as_signed_in(MANAGER)
    messages = []
    for ref in ("Beta", "Gamma"):
        with pytest.raises(AccessDeniedError) as refused:
            attempt(manager, ref)
        messages.append(str(refused.value).replace(ref, "<name>"))

    assert messages[0] == messages[1] == "portfolio: '<name>' is not a portfolio open to you"


def test_each_person_lists_and_overviews_only_their_portfolios(firm) -> None:
    def names(db: Database) -> tuple[list[str], list[str]]:
        listed = [view.name for view in list_portfolios(db)]
        overview = [row.portfolio.name for row in portfolio_overview(db)]
        return listed, overview

    assert names(firm) == (["Alpha", "Beta"], ["Alpha", "Beta"])
    assert names(firm.as_signed_in(ADMIN)) == (["Alpha", "Beta"], ["Alpha", "Beta"])
    assert names(firm.as_signed_in(VIEWER)) == (["Alpha", "Beta"], ["Alpha", "Beta"])
    assert names(firm.as_signed_in(MANAGER)) == (["Alpha"], ["Alpha"])
    assert names(firm.as_signed_in(STRANGER)) == ([], [])


def test_a_granted_manager_reads_their_portfolio_and_its_replaced_days(firm) -> None:
    manager = firm.as_signed_in(MANAGER.upper())  # the provider's spelling of the email

    assert get_portfolio(manager, "alpha").name == "Alpha"
    replaced = preview_replaced_days(manager, "Alpha", [SnapshotInput(day("2025-01-03"), D("9"))])
    assert [(r.snapshot_date, r.old_daily_pnl) for r in replaced] == [
        (day("2025-01-03"), D("-200.00"))
    ]
