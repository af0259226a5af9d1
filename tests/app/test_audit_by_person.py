"""The Audit page's person filter: everyone by default, or the changes of one person."""

from __future__ import annotations

import pytest

from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.storage.database import Database
from tests.app.screen import assert_no_exception
from tests.app.signed_in import app_as, grant, point_app_at
from tests.support import TEST_ACTOR, D, day, new_portfolio

AUDIT = "pages/audit.py"
ANN, BOB = "ann@example.com", "bob@example.com"


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """Alpha created by the test operator; Ann records two deposits and Bob one withdrawal."""
    point_app_at(db, monkeypatch)
    new_portfolio(db, "Alpha")
    for who, kind, amount in (
        (ANN, "deposit", "100"),
        (BOB, "withdrawal", "40"),
        (ANN, "deposit", "7"),
    ):
        record_cash_flow(
            db.acting_as(who), FlowRequest("Alpha", day("2025-02-03"), kind, D(amount))
        )
    grant(db, BOB, "viewer")
    return db


def rows(at) -> list[tuple[str, str]]:
    (table,) = at.dataframe
    return [(row["Who"], row["Details"]) for row in table.value.to_dict("records")]


def person(at):
    return at.selectbox(key="audit_person")


def test_everyone_is_the_default_and_the_people_are_those_in_the_trail(app_db):
    at = app_as(BOB, AUDIT)
    assert_no_exception(at)
    assert person(at).value is None
    assert person(at).options == ["Everyone", ANN, BOB, TEST_ACTOR]
    assert [who for who, _ in rows(at)] == [ANN, BOB, ANN, TEST_ACTOR]


def test_choosing_a_person_shows_only_their_changes_and_the_download_follows(app_db):
    at = app_as(BOB, AUDIT)
    person(at).select(ANN).run()
    assert_no_exception(at)
    assert [who for who, _ in rows(at)] == [ANN, ANN]
    assert any(c.value.startswith("2 of 4 changes") for c in at.caption)
    assert at.get("download_button")[0].proto.label == "Download 2 entries as CSV"
    person(at).select(None).run()
    assert len(rows(at)) == 4


def test_person_and_action_filters_combine(app_db):
    at = app_as(BOB, AUDIT)
    person(at).select(TEST_ACTOR).run()
    at.multiselect(key="audit_actions").select("flow.record").run()
    assert rows(at) == []
    at.multiselect(key="audit_actions").unselect("flow.record").select("portfolio.create").run()
    assert [who for who, _ in rows(at)] == [TEST_ACTOR]
