"""The unit of work, the injected clock and actor, and previews as uncommitted use cases."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from equity.clock import FrozenClock, SystemClock
from equity.errors import ValidationError
from equity.services.audit import audit_trail
from equity.services.cash_flows import (
    FlowRequest,
    list_cash_flows,
    record_cash_flow,
    void_cash_flow,
)
from equity.services.demo import DEMO_NAMES, load_demo
from equity.services.portfolios import get_portfolio
from equity.storage.models import AuditEntry, Benchmark
from tests.support import (
    TEST_ACTOR,
    TEST_NOW,
    D,
    add_days,
    day,
    equity_by_date,
    full_dump,
    new_portfolio,
)


def _benchmarks(db) -> list[str]:
    with db.read() as session:
        return list(session.execute(select(Benchmark.name).order_by(Benchmark.name)).scalars())


def _as_utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back naive (they are stored in UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_a_unit_of_work_keeps_nothing_without_commit(db):
    with db.unit_of_work() as uow:
        uow.session.add(Benchmark(id=uuid.uuid4(), name="Left uncommitted"))
        uow.session.flush()
    with db.unit_of_work() as uow:
        uow.session.add(Benchmark(id=uuid.uuid4(), name="Committed"))
        uow.commit()
    assert _benchmarks(db) == ["Committed"]


def test_an_exception_after_the_work_rolls_it_back(db):
    with pytest.raises(ValidationError), db.unit_of_work() as uow:
        uow.session.add(Benchmark(id=uuid.uuid4(), name="Doomed"))
        uow.session.flush()
        raise ValidationError("name", "refused after the write")
    assert _benchmarks(db) == []


def test_the_fixture_clock_and_actor_stamp_flows_and_audit(db):
    name = new_portfolio(db, opening="1000", inception="2026-06-01")
    impact = record_cash_flow(db, FlowRequest(name, day("2026-06-30"), "deposit", D("250")))
    (flow,) = list_cash_flows(db, name)
    assert (flow.id, flow.created_by) == (impact.flow_id, TEST_ACTOR)
    assert _as_utc(flow.created_at) == TEST_NOW
    entry = audit_trail(db, name)[0]
    assert (entry.action, entry.actor, _as_utc(entry.recorded_at)) == (
        "flow.record",
        TEST_ACTOR,
        TEST_NOW,
    )


def test_the_day_after_the_clock_is_the_future_whatever_the_machine_says(db):
    name = new_portfolio(db, opening="1000", inception="2026-06-01")
    with pytest.raises(
        ValidationError, match=r"2026-07-01 is in the future \(today is 2026-06-30\)"
    ):
        record_cash_flow(db, FlowRequest(name, day("2026-07-01"), "deposit", D("1")))
    later = db.acting_as(TEST_ACTOR)
    later.clock = FrozenClock(TEST_NOW + timedelta(days=1))
    impact = record_cash_flow(later, FlowRequest(name, day("2026-07-01"), "deposit", D("1")))
    assert impact.new_equity_balance == D("1001.00")


def test_acting_as_shares_the_engine_and_writes_as_the_other_actor(db):
    ops = db.acting_as("ops@fund.example")
    assert (ops.engine, ops._sessions, ops.clock) == (db.engine, db._sessions, db.clock)
    assert (db.actor, ops.actor) == (TEST_ACTOR, "ops@fund.example")
    name = new_portfolio(db, opening="1000", inception="2026-06-01")
    deposit = record_cash_flow(db, FlowRequest(name, day("2026-06-02"), "deposit", D("500")))
    void_cash_flow(ops, deposit.flow_id, "wrong account")
    (flow,) = list_cash_flows(db, name)
    assert (flow.created_by, flow.voided_by) == (TEST_ACTOR, "ops@fund.example")
    assert [e.actor for e in audit_trail(db, name)] == [
        "ops@fund.example",
        TEST_ACTOR,
        TEST_ACTOR,
    ]


def test_a_flow_preview_answers_the_impact_and_writes_nothing_not_even_audit(db):
    name = new_portfolio(db, opening="1000000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "50000"), ("2025-01-03", "-20000"))
    before = full_dump(db)
    impact = record_cash_flow(
        db, FlowRequest(name, day("2025-01-02"), "withdrawal", D("30000.50")), preview=True
    )
    assert (impact.equity_on_date_before, impact.equity_on_date_after) == (
        D("1050000.00"),
        D("1019999.50"),
    )
    assert (impact.current_equity_before, impact.new_equity_balance) == (
        D("1030000.00"),
        D("999999.50"),
    )
    assert impact.days_recomputed == 2
    assert full_dump(db) == before
    assert list_cash_flows(db, name) == []


def test_a_void_preview_answers_the_impact_and_writes_nothing(db):
    name = new_portfolio(db, opening="1000000", inception="2025-01-01")
    add_days(db, name, ("2025-01-02", "50000"))
    deposit = record_cash_flow(db, FlowRequest(name, day("2025-01-02"), "deposit", D("100000")))
    with db.read() as session:
        entries = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    before = full_dump(db)
    impact = void_cash_flow(db, deposit.flow_id, "typo", preview=True)
    assert (impact.current_equity_before, impact.new_equity_balance) == (
        D("1150000.00"),
        D("1050000.00"),
    )
    assert full_dump(db) == before
    with db.read() as session:
        assert session.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == entries
    assert get_portfolio(db, name).equity_balance == D("1150000.00")


def test_a_refused_preview_says_why_like_the_write_would(db):
    name = new_portfolio(db, opening="1000", inception="2025-01-01")
    with pytest.raises(
        ValidationError, match=r"withdrawal of \$1,000.01 would make equity negative"
    ):
        record_cash_flow(
            db, FlowRequest(name, day("2025-01-02"), "withdrawal", D("1000.01")), preview=True
        )


def test_frozen_clock_is_utc_and_refuses_a_naive_moment():
    evening_in_new_york = datetime(2026, 6, 30, 22, 0, tzinfo=timezone(timedelta(hours=-4)))
    clock = FrozenClock(evening_in_new_york)
    assert (clock.now(), clock.today()) == (
        datetime(2026, 7, 1, 2, 0, tzinfo=UTC),
        day("2026-07-01"),
    )
    with pytest.raises(ValueError, match="aware"):
        FrozenClock(datetime(2026, 6, 30, 15, 0))
    assert SystemClock().now().tzinfo is UTC


def test_demo_data_ends_on_the_clock_s_last_business_day(sqlite_db):
    # The fixtures' today, 2026-06-30, is a Tuesday; a Sunday clock ends on the Friday.
    sunday = sqlite_db.acting_as(TEST_ACTOR)
    sunday.clock = FrozenClock(datetime(2026, 6, 28, 12, 0, tzinfo=UTC))
    load_demo(sunday)
    assert {max(equity_by_date(sqlite_db, name)) for name in DEMO_NAMES} == {"2026-06-26"}
    assert {e.actor for name in DEMO_NAMES for e in audit_trail(sqlite_db, name)} == {"demo-loader"}
