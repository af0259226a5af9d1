"""The dashboard's "All portfolios" table lists only what the person may see.

Its rows come from a cache shared by every session; the grant is applied on each run.
"""

from __future__ import annotations

import pytest

from equity.storage.database import Database
from tests.app.screen import assert_no_exception
from tests.app.signed_in import app_as, grant, local_app, point_app_at
from tests.support import new_portfolio


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    for name in ("Alpha", "Beta", "Gamma"):
        new_portfolio(db, name)
    return db


def overview_names(at) -> list[str]:
    tables = [frame.value for frame in at.dataframe if "Portfolio" in frame.value.columns]
    return sorted(tables[0]["Portfolio"]) if tables else []


def test_a_manager_of_two_sees_only_those_two_in_the_overview(app_db):
    grant(app_db, "ann@example.com", "manager", ["Alpha", "Gamma"])
    grant(app_db, "root@example.com", "admin")
    assert overview_names(local_app()) == ["Alpha", "Beta", "Gamma"]  # the cache is now full
    at = app_as("ann@example.com")
    assert_no_exception(at)
    assert overview_names(at) == ["Alpha", "Gamma"]
    assert overview_names(app_as("root@example.com")) == ["Alpha", "Beta", "Gamma"]
