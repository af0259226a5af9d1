"""Corrections to a portfolio's start: previewed first, applied with the recompute forward.

The history after a correction must equal one built from scratch with the corrected
opening equity and inception (a fresh portfolio given the same days and flows).
"""

from __future__ import annotations

import pytest

from equity.errors import AccessDeniedError, ValidationError
from equity.services.audit import audit_trail
from equity.services.cash_flows import FlowRequest, record_cash_flow, void_cash_flow
from equity.services.lifecycle import correct_portfolio, preview_correction
from equity.services.portfolios import get_portfolio
from equity.services.recompute import recompute_portfolio
from equity.services.snapshots import delete_snapshot, preview_snapshot_delete
from equity.storage.database import Database
from tests.engine.four_eyes_support import MAKER, people  # noqa: F401 (the cast)
from tests.support import TEST_ACTOR, D, add_days, day, full_dump, history_rows, new_portfolio

DAYS = (("2025-01-02", "50"), ("2025-01-03", "-20"), ("2025-01-06", "30"))
FLOWS = (("2025-01-03", "withdrawal", "300"), ("2025-01-04", "deposit", "100"))


def _build(db: Database, name: str, opening: str, inception: str) -> str:
    """The same days and flows on a portfolio of the given start."""
    new_portfolio(db, name, opening=opening, inception=inception)
    add_days(db, name, *DAYS)
    for iso, kind, amount in FLOWS:
        record_cash_flow(db, FlowRequest(name, day(iso), kind, D(amount)))
    return name


def test_the_preview_shows_the_impact_and_writes_nothing(db):
    _build(db, "Alpha", "1000", "2025-01-01")
    before = full_dump(db)

    preview = preview_correction(db, "Alpha", opening_equity=D("400"))

    assert full_dump(db) == before
    assert (preview.old_opening_equity, preview.new_opening_equity) == (D("1000"), D("400.00"))
    assert (preview.old_inception, preview.new_inception) == (day("2025-01-01"),) * 2
    assert preview.days_recomputed == 4  # three days and the flow's carried-forward 2025-01-04
    assert (preview.current_equity_before, preview.current_equity_after) == (
        D("860.00"),
        D("260.00"),
    )
    # 400 + 50 = 450; 450 - 20 - 300 = 130 on 2025-01-03, the lowest day
    assert (preview.lowest_equity_after, preview.lowest_equity_date) == (
        D("130.00"),
        day("2025-01-03"),
    )
    assert preview.refusal is None
    assert preview.changes_anything


def test_a_preview_of_a_refused_correction_says_why_and_writes_nothing(db):
    _build(db, "Alpha", "1000", "2025-01-01")
    before = full_dump(db)

    preview = preview_correction(db, "Alpha", opening_equity=D("200"))

    assert preview.refusal == (
        "opening_equity: opening equity of $200.00 would make equity negative on "
        "2025-01-03 (-$70.00)"
    )
    assert preview.current_equity_after == preview.current_equity_before == D("860.00")
    assert full_dump(db) == before


@pytest.mark.parametrize(
    ("opening", "inception"),
    [("400", None), ("2500", "2024-12-01"), (None, "2024-06-30"), ("290", "2025-01-02")],
    ids=["lower opening", "raise and move back", "move back", "lowered near zero, first day"],
)
def test_the_history_after_a_correction_equals_one_built_from_scratch(db, opening, inception):
    _build(db, "Alpha", "1000", "2025-01-01")
    view = correct_portfolio(
        db,
        "Alpha",
        opening_equity=D(opening) if opening else None,
        inception=day(inception) if inception else None,
    )

    fresh = _build(db, "Fresh", opening or "1000", inception or "2025-01-01")
    assert history_rows(db, "Alpha") == history_rows(db, fresh)
    scratch = get_portfolio(db, fresh)
    assert (view.opening_equity, view.inception_date, view.equity_balance) == (
        scratch.opening_equity,
        scratch.inception_date,
        scratch.equity_balance,
    )
    corrected = history_rows(db, "Alpha")
    recompute_portfolio(db, "Alpha")  # the recompute from the ledger finds nothing to change
    assert history_rows(db, "Alpha") == corrected


def test_both_fields_change_in_one_transaction_each_audited(db):
    _build(db, "Alpha", "1000", "2025-01-01")
    correct_portfolio(db, "Alpha", opening_equity=D("900"), inception=day("2024-12-31"))
    entries = [(e.action, e.actor, e.details) for e in audit_trail(db, "Alpha")[:2]]
    assert sorted(entries) == [
        ("portfolio.inception", TEST_ACTOR, "inception 2025-01-01 -> 2024-12-31"),
        ("portfolio.opening_equity", TEST_ACTOR, "opening equity $1,000.00 -> $900.00"),
    ]


def test_values_equal_to_the_stored_ones_write_nothing(db):
    _build(db, "Alpha", "1000", "2025-01-01")
    before = full_dump(db)
    correct_portfolio(db, "Alpha", opening_equity=D("1000.00"), inception=day("2025-01-01"))
    assert full_dump(db) == before
    assert not preview_correction(db, "Alpha", opening_equity=D("1000")).changes_anything


def test_an_inception_after_snapshots_and_flows_is_refused_naming_them(db):
    _build(db, "Alpha", "1000", "2025-01-01")
    add_days(db, "Alpha", ("2025-01-07", "1"), ("2025-01-08", "1"))
    before = full_dump(db)

    with pytest.raises(ValidationError) as refused:
        correct_portfolio(db, "Alpha", inception=day("2025-01-08"))

    assert str(refused.value) == (
        "inception: 2025-01-08 is after existing data: snapshots on 5 days "
        "(2025-01-02, 2025-01-03, 2025-01-04 and 2 more) and flows on 2 days "
        "(2025-01-03, 2025-01-04); delete the snapshots and void the flows first, "
        "or choose an earlier date"
    )
    assert full_dump(db) == before
    preview = preview_correction(db, "Alpha", inception=day("2025-01-08"))
    assert preview.refusal == str(refused.value)
    assert full_dump(db) == before


def test_an_inception_after_snapshots_only_asks_only_for_their_deletion(db):
    new_portfolio(db, "Alpha", opening="1000", inception="2025-01-01")
    add_days(db, "Alpha", ("2025-01-02", "5"))
    with pytest.raises(ValidationError) as refused:
        correct_portfolio(db, "Alpha", inception=day("2025-01-03"))
    assert str(refused.value) == (
        "inception: 2025-01-03 is after existing data: snapshots on 2025-01-02; "
        "delete the snapshots first, or choose an earlier date"
    )


def test_a_voided_flow_does_not_hold_the_inception_back(db):
    new_portfolio(db, "Alpha", opening="1000", inception="2025-01-01")
    add_days(db, "Alpha", ("2025-01-06", "5"))
    impact = record_cash_flow(db, FlowRequest("Alpha", day("2025-01-03"), "deposit", D("9")))
    with pytest.raises(ValidationError, match=r"flows on 2025-01-03;"):
        correct_portfolio(db, "Alpha", inception=day("2025-01-06"))
    void_cash_flow(db, impact.flow_id, "typo")
    # the void left no carry-forward row on 2025-01-03, so the first day is 2025-01-06
    assert correct_portfolio(db, "Alpha", inception=day("2025-01-06")).inception_date == (
        day("2025-01-06")
    )


def test_an_inception_in_the_future_is_refused(db):
    new_portfolio(db, "Alpha", opening="1000", inception="2025-01-01")
    before = full_dump(db)
    with pytest.raises(ValidationError, match=r"^inception: 2026-07-01 is in the future$"):
        correct_portfolio(db, "Alpha", inception=day("2026-07-01"))
    assert full_dump(db) == before


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "opening_equity"),
        ("1.005", "opening_equity"),
        ("NaN", "opening_equity"),
        ("1e20", "opening_equity"),
    ],
)
def test_a_bad_opening_equity_is_refused_and_previewed_as_refused(db, amount, message):
    _build(db, "Alpha", "1000", "2025-01-01")
    before = full_dump(db)
    with pytest.raises(ValidationError) as refused:
        correct_portfolio(db, "Alpha", opening_equity=D(amount))
    assert str(refused.value).startswith(message)
    assert preview_correction(db, "Alpha", opening_equity=D(amount)).refusal == str(refused.value)
    assert full_dump(db) == before


def test_a_correction_must_name_something_to_correct(db):
    new_portfolio(db, "Alpha")
    with pytest.raises(ValidationError, match="nothing to correct"):
        correct_portfolio(db, "Alpha")


@pytest.mark.usefixtures("people")
def test_only_an_admin_corrects(db):
    before = full_dump(db)
    manager = db.as_signed_in(MAKER)
    with pytest.raises(AccessDeniedError, match="only an admin can change opening equity"):
        correct_portfolio(manager, "Alpha", opening_equity=D("5"))
    with pytest.raises(AccessDeniedError, match="only an admin can move the inception"):
        preview_correction(manager, "Alpha", inception=day("2024-01-01"))
    assert full_dump(db) == before


def test_the_snapshot_delete_preview_shows_the_impact_and_writes_nothing(db):
    _build(db, "Alpha", "1000", "2025-01-01")
    before = full_dump(db)

    preview = preview_snapshot_delete(db, "Alpha", day("2025-01-03"))

    assert full_dump(db) == before
    assert (preview.old_daily_pnl, preview.old_source, preview.keeps_carry_forward) == (
        D("-20.00"),
        "batch",
        True,
    )
    assert (preview.current_equity_before, preview.current_equity_after) == (
        D("860.00"),
        D("880.00"),
    )
    assert preview.days_recomputed == 3
    assert preview.refusal is None
    result = delete_snapshot(db, "Alpha", day("2025-01-03"))
    assert (result.days_recomputed, result.new_equity_balance) == (3, D("880.00"))


def test_the_snapshot_delete_preview_of_a_day_without_a_snapshot_raises(db):
    new_portfolio(db, "Alpha")
    with pytest.raises(ValidationError, match="2025-01-02 has no snapshot"):
        preview_snapshot_delete(db, "Alpha", day("2025-01-02"))
