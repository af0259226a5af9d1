"""The flow preview says when the flow's date will create a carried-forward day (issue 12,
item 8), and brings the confirmation into view at phone width (item 12).

Alpha: inception 2025-01-01, snapshots on Thursday 2025-01-02, Friday 2025-01-03 and
Monday 2025-01-06 (the last imported day). Every scenario runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pytest

from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.storage.database import Database
from equity_app.components.preview_note import carried_forward_note
from tests.app.screen import assert_no_exception, texts
from tests.app.signed_in import local_app, point_app_at
from tests.support import D, add_days, new_portfolio

PAGE = "pages/cash_flows.py"
SATURDAY_NOTE = (
    "No snapshot on 2025-01-04 (a Saturday): a carried-forward day will be added with no P&L."
)


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    new_portfolio(db, "Alpha", opening="1000000", inception="2025-01-01")
    add_days(db, "Alpha", ("2025-01-02", "100"), ("2025-01-03", "200"), ("2025-01-06", "-50"))
    return db


def preview(at, when: date, amount: str = "1000.00"):
    at.text_input(key="flow_amount").input(amount)
    at.date_input(key="flow_date").set_value(when)
    at.button(key="FormSubmitter:cash_flow_form-Record").click()
    return at.run()


def notes(at) -> list[str]:
    return [text for text in texts(at, "info") if text.startswith("No snapshot on")]


def test_a_saturday_deposit_says_a_carried_forward_day_will_be_added(app_db):
    at = preview(local_app(PAGE), date(2025, 1, 4))
    assert_no_exception(at)
    assert notes(at) == [SATURDAY_NOTE]


def test_a_deposit_on_an_imported_day_says_nothing_of_it(app_db):
    at = preview(local_app(PAGE), date(2025, 1, 3))
    assert notes(at) == []


def test_a_deposit_after_the_last_imported_day_names_that_day(app_db):
    at = preview(local_app(PAGE), date(2025, 1, 7))
    assert notes(at) == [
        "No snapshot on 2025-01-07 (after the last imported day, 2025-01-06): "
        "a carried-forward day will be added with no P&L."
    ]


def test_a_carried_forward_day_counts_as_a_snapshot_but_not_as_an_imported_day(app_db):
    record_cash_flow(app_db, FlowRequest("Alpha", date(2025, 1, 8), "deposit", D("5")))
    at = preview(local_app(PAGE), date(2025, 1, 8))
    assert notes(at) == []  # the day exists now: no new one
    at.button(key="flow_cancel").click().run()
    preview(at, date(2025, 1, 9))
    assert notes(at) == [
        "No snapshot on 2025-01-09 (after the last imported day, 2025-01-06): "
        "a carried-forward day will be added with no P&L."
    ]


def test_a_proposed_flow_says_the_day_would_come_with_the_approval():
    days = [(date(2025, 1, 3), "batch")]
    assert carried_forward_note(date(2025, 1, 5), days, if_approved=True) == (
        "No snapshot on 2025-01-05 (a Sunday): a carried-forward day with no P&L would be "
        "added on approval."
    )
    assert carried_forward_note(date(2025, 1, 1), [], if_approved=False) == (
        "No snapshot on 2025-01-01 (no figures have been imported yet): a carried-forward day "
        "will be added with no P&L."
    )
    assert carried_forward_note(date(2025, 1, 2), [*days, (date(2025, 1, 6), "import")]) == (
        "No snapshot on 2025-01-02 (a Thursday with no imported figures): a carried-forward "
        "day will be added with no P&L."
    )


def test_the_confirmation_is_brought_into_view_once_after_record(app_db):
    at = preview(local_app(PAGE), date(2025, 1, 3))
    scripts = [h for h in at.get("html") if "scrollIntoView" in h.proto.body]
    assert len(scripts) == 1 and ".st-key-flow_confirmation" in scripts[0].proto.body
    at.run()  # any later run (a filter touched) leaves the page where the person put it
    assert not [h for h in at.get("html") if "scrollIntoView" in h.proto.body]
