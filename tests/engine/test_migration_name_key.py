"""Migration 0004: every portfolio gets its name key, and a clash stops the upgrade loudly."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from equity.services.portfolios import get_portfolio, list_portfolios
from equity.storage.migrate import SCHEMA_HEAD, current_revision, downgrade, upgrade
from tests.support import full_dump, new_portfolio


def test_upgrade_backfills_the_key_of_every_existing_portfolio(db):
    new_portfolio(db, "Alpha Fund")
    new_portfolio(db, "Straße")
    downgrade(db, "0003")
    assert "name_key" not in {c["name"] for c in inspect(db.engine).get_columns("portfolios")}
    upgrade(db)
    with db.engine.connect() as connection:
        keys = connection.execute(text("SELECT name, name_key FROM portfolios ORDER BY name"))
        assert [tuple(row) for row in keys] == [("Alpha Fund", "alpha fund"), ("Straße", "strasse")]
    assert get_portfolio(db, "STRASSE").name == "Straße"


def test_names_that_clash_on_the_key_stop_the_upgrade_and_change_nothing(db):
    new_portfolio(db, "Alpha Fund")
    new_portfolio(db, "Beta")
    downgrade(db, "0003")
    with db.engine.begin() as connection:  # possible before 0004: only exact names were unique
        connection.execute(text("UPDATE portfolios SET name = 'ALPHA fund' WHERE name = 'Beta'"))
    before = full_dump(db)
    with pytest.raises(RuntimeError) as raised:
        upgrade(db)
    assert str(raised.value) == (
        "migration 0004 stopped: these portfolio names differ only in case, width or "
        "spacing, so they cannot all stay unique: 'ALPHA fund' and 'Alpha Fund'. "
        "Rename all but one of each group, then migrate again."
    )
    assert current_revision(db) == "0003"
    assert full_dump(db) == before
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE portfolios SET name = 'Beta' WHERE name = 'ALPHA fund'"))
    upgrade(db)
    assert current_revision(db) == SCHEMA_HEAD
    assert [v.name for v in list_portfolios(db)] == ["Alpha Fund", "Beta"]
