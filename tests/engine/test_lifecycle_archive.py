"""Archived portfolios: out of the lists and the firm view, refusing every write, still read."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from equity.errors import AccessDeniedError, PortfolioArchivedError, ValidationError
from equity.reads.firm import firm_view
from equity.reads.history import equity_history
from equity.reads.performance import performance_report
from equity.services.approvals import (
    approve_pending,
    propose_cash_flow,
    propose_void,
    reject_pending,
)
from equity.services.audit import audit_trail
from equity.services.cash_flows import (
    FlowRequest,
    list_cash_flows,
    record_cash_flow,
    void_cash_flow,
)
from equity.services.demo import load_demo
from equity.services.imports import FlowRow, import_cash_flows, import_snapshots_csv
from equity.services.lifecycle import correct_portfolio, preview_correction
from equity.services.portfolios import (
    archive_portfolio,
    get_portfolio,
    list_portfolios,
    rename_portfolio,
    set_decimal_comma,
    set_four_eyes,
    set_opening_equity,
    unarchive_portfolio,
)
from equity.services.recompute import recompute_all, recompute_portfolio
from equity.services.snapshots import (
    SnapshotInput,
    delete_snapshot,
    preview_snapshot_delete,
    upsert_snapshots,
)
from equity.storage.database import Database
from equity.storage.models import CashFlow, PendingFlow
from tests.engine.four_eyes_support import ADMIN, CHECKER, MAKER, people  # noqa: F401 (the four-eyes cast)
from tests.support import TEST_ACTOR, TEST_NOW, D, add_days, day, full_dump, new_portfolio

REFUSAL = "'Alpha' is archived: unarchive it to change it"


def _flow_id(db: Database) -> object:
    with db.read() as session:
        return session.execute(select(CashFlow.id).limit(1)).scalar_one()


def _pending_id(db: Database) -> object:
    with db.read() as session:
        return session.execute(select(PendingFlow.id).limit(1)).scalar_one()


#: Every kind of write an operator can make to one portfolio, by name.
OPERATOR_WRITES: dict[str, Callable[[Database], object]] = {
    "record flow": lambda db: record_cash_flow(
        db, FlowRequest("Alpha", day("2025-01-06"), "deposit", D("10"))
    ),
    "void flow": lambda db: void_cash_flow(db, _flow_id(db), "typo"),
    "add snapshot": lambda db: upsert_snapshots(
        db, "Alpha", [SnapshotInput(day("2025-01-07"), D("5"))]
    ),
    "import snapshots": lambda db: import_snapshots_csv(
        db, "Alpha", "snapshot_date,daily_pnl\n2025-01-07,5\n"
    ),
    "import flows": lambda db: import_cash_flows(
        db, "Alpha", [FlowRow(day("2025-01-07"), "deposit", D("5"), None)]
    ),
    "delete snapshot": lambda db: delete_snapshot(db, "Alpha", day("2025-01-03")),
    "opening equity": lambda db: correct_portfolio(db, "Alpha", opening_equity=D("900")),
    "inception": lambda db: correct_portfolio(db, "Alpha", inception=day("2024-12-01")),
    "set_opening_equity": lambda db: set_opening_equity(db, "Alpha", D("900")),
    "rename": lambda db: rename_portfolio(db, "Alpha", "Alpha Two"),
    "four-eyes": lambda db: set_four_eyes(db, "Alpha", True),
    "decimal comma": lambda db: set_decimal_comma(db, "Alpha", True),
}


@pytest.fixture
def archived_alpha(db: Database) -> Database:
    """Alpha with days and a live flow, archived; Beta live beside it."""
    new_portfolio(db, "Alpha", opening="1000")
    new_portfolio(db, "Beta", opening="500")
    add_days(db, "Alpha", ("2025-01-02", "10"), ("2025-01-03", "20"))
    record_cash_flow(db, FlowRequest("Alpha", day("2025-01-03"), "deposit", D("100")))
    archive_portfolio(db, "Alpha")
    return db


@pytest.mark.parametrize("write", OPERATOR_WRITES, ids=list(OPERATOR_WRITES))
def test_an_archived_portfolio_refuses_every_write_and_keeps_the_database(archived_alpha, write):
    before = full_dump(archived_alpha)
    with pytest.raises(PortfolioArchivedError) as refused:
        OPERATOR_WRITES[write](archived_alpha)
    assert str(refused.value) == REFUSAL
    assert full_dump(archived_alpha) == before


def test_the_previews_say_why_instead_of_offering_the_change(archived_alpha):
    before = full_dump(archived_alpha)
    assert preview_correction(archived_alpha, "Alpha", opening_equity=D("900")).refusal == REFUSAL
    assert preview_snapshot_delete(archived_alpha, "Alpha", day("2025-01-03")).refusal == REFUSAL
    assert full_dump(archived_alpha) == before


def test_reads_still_work_on_an_archived_portfolio(archived_alpha):
    assert equity_history(archived_alpha, "Alpha").current_equity == D("1130.00")
    assert performance_report(archived_alpha, "Alpha").current_equity == D("1130.00")
    assert [flow.amount for flow in list_cash_flows(archived_alpha, "Alpha")] == [D("100.00")]
    assert audit_trail(archived_alpha, "Alpha")[0].action == "portfolio.archive"
    view = get_portfolio(archived_alpha, "Alpha")
    assert (view.archived, view.equity_balance) == (True, D("1130.00"))


def test_archived_portfolios_leave_the_list_and_the_firm_view_unless_asked_for(archived_alpha):
    assert [view.name for view in list_portfolios(archived_alpha)] == ["Beta"]
    everyone = list_portfolios(archived_alpha, include_archived=True)
    assert [(view.name, view.archived) for view in everyone] == [
        ("Alpha", True),
        ("Beta", False),
    ]
    firm = firm_view(archived_alpha, TEST_NOW.date())
    assert [line.name for line in firm.portfolios] == ["Beta"]
    with_archived = firm_view(archived_alpha, TEST_NOW.date(), include_archived=True)
    assert [line.name for line in with_archived.portfolios] == ["Alpha", "Beta"]


def test_a_database_whose_portfolios_are_all_archived_is_not_empty_for_the_demo(db):
    new_portfolio(db, "Alpha")
    archive_portfolio(db, "Alpha")
    before = full_dump(db)
    assert load_demo(db) == []
    assert full_dump(db) == before


def test_recompute_still_repairs_an_archived_portfolio(archived_alpha):
    """Recompute changes no fact; ``recompute --all`` must not stop at a closed portfolio."""
    assert recompute_all(archived_alpha) == {"Alpha": 2, "Beta": 0}
    assert recompute_portfolio(archived_alpha, "Alpha") == 2


def test_unarchiving_makes_it_writable_and_listed_again_audited(archived_alpha):
    view = unarchive_portfolio(archived_alpha, "Alpha")
    assert view.archived is False
    record_cash_flow(archived_alpha, FlowRequest("Alpha", day("2025-01-06"), "deposit", D("10")))
    assert get_portfolio(archived_alpha, "Alpha").equity_balance == D("1140.00")
    assert [view.name for view in list_portfolios(archived_alpha)] == ["Alpha", "Beta"]
    actions = [(e.action, e.actor) for e in audit_trail(archived_alpha, "Alpha")]
    assert actions[1:3] == [("portfolio.unarchive", TEST_ACTOR), ("portfolio.archive", TEST_ACTOR)]


def test_archiving_twice_or_unarchiving_a_live_portfolio_is_refused(archived_alpha):
    before = full_dump(archived_alpha)
    with pytest.raises(ValidationError, match="'Alpha' is already archived"):
        archive_portfolio(archived_alpha, "Alpha")
    with pytest.raises(ValidationError, match="'Beta' is not archived"):
        unarchive_portfolio(archived_alpha, "Beta")
    assert full_dump(archived_alpha) == before


@pytest.mark.usefixtures("people")
def test_proposals_approvals_and_rejections_are_refused_once_archived(db):
    """The four-eyes paths pass the same gate: propose, approve, reject, propose a void."""
    record_cash_flow(db, FlowRequest("Alpha", day("2025-01-03"), "deposit", D("70")))
    maker = db.as_signed_in(MAKER)
    propose_cash_flow(maker, FlowRequest("Alpha", day("2025-01-06"), "deposit", D("10")))
    archive_portfolio(db.as_signed_in(ADMIN), "Alpha")
    before = full_dump(db)
    checker = db.as_signed_in(CHECKER)
    attempts = [
        lambda: propose_cash_flow(
            maker, FlowRequest("Alpha", day("2025-01-06"), "deposit", D("20"))
        ),
        lambda: propose_void(maker, _flow_id(db), "typo"),
        lambda: approve_pending(checker, _pending_id(db)),
        lambda: reject_pending(checker, _pending_id(db), "no"),
    ]
    for attempt in attempts:
        with pytest.raises(PortfolioArchivedError, match=REFUSAL):
            attempt()
    assert full_dump(db) == before


@pytest.mark.usefixtures("people")
def test_only_an_admin_archives_or_unarchives(db):
    manager = db.as_signed_in(MAKER)
    before = full_dump(db)
    with pytest.raises(AccessDeniedError, match="only an admin can archive portfolios"):
        archive_portfolio(manager, "Alpha")
    assert full_dump(db) == before
    archive_portfolio(db.as_signed_in(ADMIN), "Alpha")
    archived = full_dump(db)
    with pytest.raises(AccessDeniedError, match="only an admin can unarchive portfolios"):
        unarchive_portfolio(manager, "Alpha")
    assert full_dump(db) == archived
    assert get_portfolio(manager, "Alpha").archived is True  # still readable by its managers


def test_the_decimal_comma_is_a_setting_of_the_portfolio_audited_once(db):
    new_portfolio(db, "Alpha")
    assert get_portfolio(db, "Alpha").decimal_comma is False
    assert set_decimal_comma(db, "Alpha", True).decimal_comma is True
    before = full_dump(db)
    set_decimal_comma(db, "Alpha", True)  # already set: nothing to describe
    assert full_dump(db) == before
    entry = audit_trail(db, "Alpha")[0]
    assert (entry.action, entry.details) == (
        "portfolio.number_format",
        "decimal separator comma (1.000,00)",
    )
