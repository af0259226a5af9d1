"""Upgrading from every earlier revision keeps every row; downgrade then upgrade round-trips."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from equity.services.audit import audit_trail
from equity.services.cash_flows import (
    FlowRequest,
    list_cash_flows,
    record_cash_flow,
    void_cash_flow,
)
from equity.services.checks import check_invariants
from equity.services.portfolios import list_portfolios
from equity.storage.migrate import SCHEMA_HEAD, alembic_config, downgrade, upgrade
from tests.support import D, add_days, day, history_rows, new_portfolio


def _state(db, name):
    return (list_portfolios(db), history_rows(db, name), list_cash_flows(db, name))


def _earlier_revisions(db) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(db))
    return [rev.revision for rev in script.walk_revisions() if rev.revision != SCHEMA_HEAD]


def test_upgrade_from_every_earlier_revision_preserves_data(db):
    name = new_portfolio(db)
    add_days(db, name, ("2025-01-02", "50000"), ("2025-01-03", "-20000.55"))
    record_cash_flow(db, FlowRequest(name, day("2025-01-04"), "deposit", D("100000"), "Saturday"))
    flow = record_cash_flow(db, FlowRequest(name, day("2025-01-02"), "withdrawal", D("5.05")))
    void_cash_flow(db, flow.flow_id, "typo")
    before = _state(db, name)
    revisions = _earlier_revisions(db)
    assert revisions, "there is at least one earlier revision to upgrade from"
    for revision in revisions:
        downgrade(db, revision)
        upgrade(db)
        assert _state(db, name) == before, f"data changed upgrading from {revision}"
        assert check_invariants(db) == []
    recorded = [entry for entry in audit_trail(db, name) if entry.action == "flow.record"]
    assert {entry.flow_id for entry in recorded} == {f.id for f in list_cash_flows(db, name)}
