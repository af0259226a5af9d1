"""Four-eyes: a flow proposed in the app changes nothing until a second person approves it.

Alpha: opening 1,000,000.00; P&L +100 on 2 Jan 2025, -50 on 3 Jan, +25 on 6 Jan, so its
equity reads 1,000,100.00 / 1,000,050.00 / 1,000,075.00 on those days.
"""

from __future__ import annotations

import copy
import threading
from datetime import timedelta

import pytest

from equity.clock import FrozenClock
from equity.errors import AccessDeniedError, EquityError, NotFoundError, ValidationError
from equity.services.approvals import (
    approve_pending,
    count_pending,
    list_pending,
    needs_approval,
    pending_impact,
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
from tests.engine.four_eyes_support import (
    ADMIN,
    CHECKER,
    MAKER,
    OUTSIDER,
    VIEWER,
    balance,
    ledger_count,
    pending_rows,
    people,  # noqa: F401 (the fixture every test here uses)
)
from tests.support import TEST_NOW, D, day, equity_by_date, full_dump

pytestmark = pytest.mark.usefixtures("people")

BEFORE = {
    "2025-01-02": D("1000100.00"),
    "2025-01-03": D("1000050.00"),
    "2025-01-06": D("1000075.00"),
}


def deposit(amount: str = "500", on: str = "2025-01-03", **extra) -> FlowRequest:
    return FlowRequest("Alpha", day(on), "deposit", D(amount), **extra)


def test_a_proposal_changes_no_equity_and_records_no_flow(db):
    maker = db.as_signed_in(MAKER)
    view = propose_cash_flow(maker, deposit(notes="top-up"))
    assert (view.action, view.status, view.proposed_by) == ("record", "pending", MAKER)
    assert (view.kind, view.amount, view.notes, view.flow_date) == (
        "deposit",
        D("500.00"),
        "top-up",
        day("2025-01-03"),
    )
    assert view.portfolio_name == "Alpha" and view.flow_id is None
    assert equity_by_date(db, "Alpha") == BEFORE
    assert ledger_count(db) == 0
    assert [p.id for p in list_pending(maker, "Alpha")] == [view.id]
    assert count_pending(db.as_signed_in(VIEWER), "Alpha") == 1
    assert audit_trail(db, "Alpha")[0].action == "flow.propose"


def test_approval_applies_once_and_moves_equity_by_the_amount_from_the_flow_date(db):
    pending = propose_cash_flow(db.as_signed_in(MAKER), deposit("500"))
    checker = db.as_signed_in(CHECKER)
    preview = pending_impact(checker, pending.id)
    assert (preview.equity_on_date_before, preview.equity_on_date_after) == (
        D("1000050.00"),
        D("1000550.00"),
    )
    impact = approve_pending(checker, pending.id)
    assert impact.new_equity_balance == D("1000575.00") == balance(db)
    assert equity_by_date(db, "Alpha") == {
        "2025-01-02": D("1000100.00"),
        "2025-01-03": D("1000550.00"),
        "2025-01-06": D("1000575.00"),
    }
    [flow] = list_cash_flows(db, "Alpha")
    assert (flow.id, flow.created_by, flow.amount) == (impact.flow_id, MAKER, D("500.00"))
    [row] = pending_rows(db)
    assert (row.status, row.decided_by, row.flow_id) == ("approved", CHECKER, flow.id)
    entry = audit_trail(db, "Alpha")[0]
    assert (entry.action, entry.actor, entry.flow_id) == ("flow.record", CHECKER, flow.id)
    assert f"proposed by {MAKER}" in entry.details
    assert count_pending(db, "Alpha") == 0


def test_approving_twice_applies_once_and_the_second_hears_already_approved(db):
    pending = propose_cash_flow(db.as_signed_in(MAKER), deposit("500"))
    approve_pending(db.as_signed_in(CHECKER), pending.id)
    with pytest.raises(ValidationError, match=f"already approved by {CHECKER}"):
        approve_pending(db.as_signed_in(ADMIN), pending.id)
    assert ledger_count(db) == 1
    assert balance(db) == D("1000575.00")


def test_two_checkers_at_once_apply_the_flow_exactly_once(db):
    pending = propose_cash_flow(db.as_signed_in(MAKER), deposit("500"))
    outcomes: list[object] = []
    barrier = threading.Barrier(2)

    def approve(email: str) -> None:
        barrier.wait()
        try:
            outcomes.append(approve_pending(db.as_signed_in(email), pending.id))
        except EquityError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=approve, args=(who,)) for who in (CHECKER, ADMIN)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(outcomes) == 2 and len(refused) == 1, outcomes
    assert "already approved" in str(refused[0])
    assert ledger_count(db) == 1
    assert balance(db) == D("1000575.00")


@pytest.mark.parametrize("checker", [MAKER, "Ann@Firm.COM"])
def test_the_maker_cannot_approve_their_own_proposal(db, checker):
    pending = propose_cash_flow(db.as_signed_in(MAKER), deposit())
    before = full_dump(db)
    with pytest.raises(ValidationError, match="you proposed this; a different person must"):
        approve_pending(db.as_signed_in(checker), pending.id)
    assert full_dump(db) == before


def test_the_operator_named_like_the_maker_cannot_approve_either(db):
    pending = propose_cash_flow(db.as_signed_in(MAKER), deposit())
    with pytest.raises(ValidationError, match="you proposed this"):
        approve_pending(db.acting_as("ANN@firm.com"), pending.id)
    assert ledger_count(db) == 0
    approve_pending(db.acting_as("operator"), pending.id)
    assert ledger_count(db) == 1


@pytest.mark.parametrize(
    ("who", "refusal"),
    [(VIEWER, "viewers cannot change it"), (OUTSIDER, "not a portfolio open to you")],
)
def test_a_viewer_or_ungranted_manager_cannot_propose(db, who, refusal):
    before = full_dump(db)
    with pytest.raises(AccessDeniedError, match=refusal):
        propose_cash_flow(db.as_signed_in(who), deposit())
    assert full_dump(db) == before


def test_a_viewer_or_ungranted_manager_cannot_approve_or_reject(db):
    pending = propose_cash_flow(db.as_signed_in(MAKER), deposit())
    before = full_dump(db)
    viewer, outsider = db.as_signed_in(VIEWER), db.as_signed_in(OUTSIDER)
    with pytest.raises(AccessDeniedError, match="viewers cannot change it"):
        approve_pending(viewer, pending.id)
    with pytest.raises(AccessDeniedError, match="viewers cannot change it"):
        reject_pending(viewer, pending.id, "no")
    # Another portfolio's proposal reads exactly like an id that does not exist.
    with pytest.raises(NotFoundError, match="no proposal waiting") as hidden:
        approve_pending(outsider, pending.id)
    with pytest.raises(NotFoundError, match="no proposal waiting"):
        reject_pending(outsider, pending.id, "no")
    with pytest.raises(NotFoundError) as unknown:
        approve_pending(outsider, "00000000-0000-0000-0000-000000000000")
    assert str(hidden.value).replace(str(pending.id), "X") == str(unknown.value).replace(
        "00000000-0000-0000-0000-000000000000", "X"
    )
    with pytest.raises(AccessDeniedError):
        list_pending(outsider, "Alpha")
    assert full_dump(db) == before


def test_a_rejection_leaves_equity_and_ledger_untouched_and_keeps_the_reason(db):
    pending = propose_cash_flow(db.as_signed_in(MAKER), deposit())
    view = reject_pending(db.as_signed_in(CHECKER), pending.id, "  wrong account ")
    assert (view.status, view.decided_by, view.decision_note) == (
        "rejected",
        CHECKER,
        "wrong account",
    )
    assert equity_by_date(db, "Alpha") == BEFORE and ledger_count(db) == 0
    assert list_pending(db, "Alpha") == []
    entry = audit_trail(db, "Alpha")[0]
    assert (entry.action, entry.actor) == ("flow.reject", CHECKER)
    assert "wrong account" in entry.details
    with pytest.raises(ValidationError, match=f"already rejected by {CHECKER}"):
        approve_pending(db.as_signed_in(ADMIN), pending.id)
    assert ledger_count(db) == 0


def test_the_maker_may_withdraw_their_own_proposal(db):
    pending = propose_cash_flow(db.as_signed_in(MAKER), deposit())
    view = reject_pending(db.as_signed_in(MAKER), pending.id, "typo in the amount")
    assert (view.status, view.decided_by) == ("rejected", MAKER)
    assert audit_trail(db, "Alpha")[0].action == "flow.withdraw_proposal"
    assert ledger_count(db) == 0


def test_a_rejection_needs_a_reason(db):
    pending = propose_cash_flow(db.as_signed_in(MAKER), deposit())
    with pytest.raises(ValidationError, match="reason: is required"):
        reject_pending(db.as_signed_in(CHECKER), pending.id, "   ")
    assert [p.status for p in pending_rows(db)] == ["pending"]


def test_a_proposal_that_would_make_equity_negative_is_refused_at_once(db):
    before = full_dump(db)
    too_much = FlowRequest("Alpha", day("2025-01-02"), "withdrawal", D("1000100.01"))
    with pytest.raises(ValidationError, match="negative"):
        propose_cash_flow(db.as_signed_in(MAKER), too_much)
    with pytest.raises(ValidationError, match="amount"):
        propose_cash_flow(db.as_signed_in(MAKER), deposit("0"))
    with pytest.raises(ValidationError, match="date"):
        propose_cash_flow(db.as_signed_in(MAKER), deposit(on="2024-12-31"))
    assert full_dump(db) == before


def test_an_approval_that_would_now_make_equity_negative_changes_nothing(db):
    maker = db.as_signed_in(MAKER)
    withdrawal = FlowRequest("Alpha", day("2025-01-06"), "withdrawal", D("1000000"))
    first = propose_cash_flow(maker, withdrawal)
    second = propose_cash_flow(maker, withdrawal)
    approve_pending(db.as_signed_in(CHECKER), first.id)
    before = full_dump(db)
    with pytest.raises(ValidationError, match="negative"):
        approve_pending(db.as_signed_in(CHECKER), second.id)
    assert full_dump(db) == before
    assert [p.id for p in list_pending(db, "Alpha")] == [second.id]


def test_a_void_proposal_approved_voids_the_flow(db):
    flow = record_cash_flow(db, deposit("500"))  # the operator records directly
    maker = db.as_signed_in(MAKER)
    pending = propose_void(maker, flow.flow_id, "duplicate of the wire")
    assert (pending.action, pending.flow_id, pending.reason) == (
        "void",
        flow.flow_id,
        "duplicate of the wire",
    )
    assert (pending.kind, pending.amount) == ("deposit", D("500.00"))
    assert balance(db) == D("1000575.00")
    with pytest.raises(ValidationError, match="already has a void waiting"):
        propose_void(db.as_signed_in(CHECKER), flow.flow_id, "again")
    impact = approve_pending(db.as_signed_in(CHECKER), pending.id)
    assert impact.new_equity_balance == D("1000075.00") == balance(db)
    assert equity_by_date(db, "Alpha") == BEFORE
    [voided] = list_cash_flows(db, "Alpha")
    assert voided.voided and voided.voided_by == MAKER
    assert voided.void_reason == "duplicate of the wire"


def test_a_void_proposal_needs_a_reason_and_a_live_flow_of_a_granted_portfolio(db):
    flow = record_cash_flow(db, deposit("500"))
    beta = record_cash_flow(db, FlowRequest("Beta", day("2025-01-03"), "deposit", D("1")))
    maker = db.as_signed_in(MAKER)
    before = full_dump(db)
    with pytest.raises(ValidationError, match="reason: is required"):
        propose_void(maker, flow.flow_id, " ")
    with pytest.raises(NotFoundError, match="no cash flow"):
        propose_void(maker, beta.flow_id, "not mine")
    with pytest.raises(AccessDeniedError, match="viewers"):
        propose_void(db.as_signed_in(VIEWER), flow.flow_id, "no")
    assert full_dump(db) == before
    void_cash_flow(db, flow.flow_id, "gone")
    with pytest.raises(ValidationError, match="already voided"):
        propose_void(maker, flow.flow_id, "again")


def test_the_same_idempotency_key_answers_the_first_proposal(db):
    maker = db.as_signed_in(MAKER)
    first = propose_cash_flow(maker, deposit(idempotency_key="form-1"))
    again = propose_cash_flow(maker, deposit(idempotency_key="form-1"))
    assert again == first
    with pytest.raises(ValidationError, match="idempotency_key"):
        propose_cash_flow(maker, deposit("501", idempotency_key="form-1"))
    assert len(pending_rows(db)) == 1
    flow = record_cash_flow(db, deposit("7"))
    void = propose_void(maker, flow.flow_id, "dup", idempotency_key="void-1")
    assert propose_void(maker, flow.flow_id, "dup", idempotency_key="void-1") == void
    assert len(pending_rows(db)) == 2


def test_the_operator_records_directly_even_with_four_eyes_on(db):
    assert not needs_approval(db, "Alpha")
    impact = record_cash_flow(db, deposit("500"))
    assert impact.new_equity_balance == D("1000575.00")
    void_cash_flow(db, impact.flow_id, "test")
    assert balance(db) == D("1000075.00")


def test_a_signed_in_person_cannot_record_or_void_directly_on_a_four_eyes_portfolio(db):
    flow = record_cash_flow(db, deposit("500"))
    maker = db.as_signed_in(MAKER)
    assert needs_approval(maker, "Alpha") and not needs_approval(maker.acting_as(MAKER), "Alpha")
    before = full_dump(db)
    with pytest.raises(AccessDeniedError, match="requires a second person's approval"):
        record_cash_flow(maker, deposit())
    with pytest.raises(AccessDeniedError, match="requires a second person's approval"):
        void_cash_flow(maker, flow.flow_id, "dup")
    assert full_dump(db) == before
    # The preview stays open: the form shows the impact before proposing.
    assert record_cash_flow(maker, deposit(), preview=True).equity_on_date_after == D(
        "1000550.00"
    ) + D("500")


def test_pending_items_are_listed_oldest_first_and_impact_is_a_read(db):
    maker = db.as_signed_in(MAKER)
    later = copy.copy(maker)
    later.clock = FrozenClock(TEST_NOW + timedelta(minutes=1))
    second = propose_cash_flow(later, deposit("2"))
    first = propose_cash_flow(maker, deposit("1"))
    assert [p.id for p in list_pending(db.as_signed_in(VIEWER), "Alpha")] == [
        first.id,
        second.id,
    ]
    before = full_dump(db)
    impact = pending_impact(db.as_signed_in(VIEWER), second.id)
    assert impact.new_equity_balance == D("1000077.00")
    assert full_dump(db) == before
