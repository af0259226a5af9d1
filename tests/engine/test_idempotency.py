"""A retried or double-clicked flow is recorded once."""

from __future__ import annotations

import pytest

from equity.services.cash_flows import FlowRequest, list_cash_flows, record_cash_flow
from tests.support import D, add_days, day, new_portfolio


def test_same_idempotency_key_records_once_and_answers_with_the_first_flow(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "0"))
    request = FlowRequest(name, day("2025-01-02"), "deposit", D("100"), idempotency_key="form-1")
    first = record_cash_flow(db, request)
    second = record_cash_flow(db, request)
    assert second.already_recorded and not first.already_recorded
    assert second.flow_id == first.flow_id
    assert second.new_equity_balance == D("1000100.00")
    assert len(list_cash_flows(db, name)) == 1


def test_keys_are_per_portfolio(db):
    a = new_portfolio(db, "A")
    b = new_portfolio(db, "B")
    record_cash_flow(db, FlowRequest(a, day("2025-01-02"), "deposit", D("1"), idempotency_key="k"))
    record_cash_flow(db, FlowRequest(b, day("2025-01-02"), "deposit", D("1"), idempotency_key="k"))
    assert len(list_cash_flows(db, a)) == len(list_cash_flows(db, b)) == 1


def test_the_same_flows_file_imported_twice_records_once(db):
    from equity.services.imports import file_key, import_cash_flows, parse_cash_flow_csv
    from equity.services.portfolios import get_portfolio

    name = new_portfolio(db)
    data = b"date,kind,amount,notes\n2025-01-02,deposit,100,a\n2025-01-03,withdrawal,40,b\n"
    first = import_cash_flows(db, name, parse_cash_flow_csv(data), key_prefix=file_key(data))
    again = import_cash_flows(db, name, parse_cash_flow_csv(data), key_prefix=file_key(data))
    assert (first.recorded, first.already_recorded) == (2, False)
    assert (again.recorded, again.already_recorded) == (0, True)
    assert len(list_cash_flows(db, name)) == 2
    assert get_portfolio(db, name).equity_balance == D("1000060.00")


def test_a_key_reused_for_a_different_flow_is_refused_and_writes_nothing(db):
    """A key belongs to one request: a different amount under it is an error, not a success."""
    from equity.errors import ValidationError
    from tests.support import full_dump

    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "0"))
    x = FlowRequest(name, day("2025-01-02"), "deposit", D("100"), "X", idempotency_key="form-1")
    record_cash_flow(db, x)
    before = full_dump(db)
    for changed in (
        FlowRequest(name, day("2025-01-02"), "deposit", D("250"), "X", idempotency_key="form-1"),
        FlowRequest(name, day("2025-01-02"), "withdrawal", D("100"), "X", idempotency_key="form-1"),
        FlowRequest(name, day("2025-01-01"), "deposit", D("100"), "X", idempotency_key="form-1"),
        FlowRequest(name, day("2025-01-02"), "deposit", D("100"), "Y", idempotency_key="form-1"),
    ):
        with pytest.raises(ValidationError) as refused:
            record_cash_flow(db, changed)
        assert refused.value.field == "idempotency_key"
        assert "was already used for the deposit of $100.00 on 2025-01-02 (X)" in str(refused.value)
        assert full_dump(db) == before
    assert [(f.amount, f.notes) for f in list_cash_flows(db, name)] == [(D("100.00"), "X")]


def test_a_repeat_with_the_same_figures_and_notes_is_still_answered_as_recorded(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "0"))
    request = FlowRequest(
        name, day("2025-01-02"), "deposit", D("100.00"), "  X ", idempotency_key="k"
    )
    record_cash_flow(db, request)
    assert record_cash_flow(db, request).already_recorded
