"""Issuing on the Statements page, the list of issued ones, and the dashboard's notice.

Issue this statement -> a confirmation -> Confirm writes exactly one version (a rerun
after it writes nothing more); a backdated deposit then shows the statement restated
with its differences, its issued PDF downloads as stored (same SHA-256) and Reissue
makes version 2. Viewers get no Issue button. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.statements import issue_statement, list_statements
from equity.storage.database import Database
from equity_app.format import money
from tests.app.screen import assert_no_exception, shown
from tests.app.signed_in import app_as, grant, point_app_at
from tests.engine.issued_support import CLIENT, JANUARY, seed_client

PAGE = "pages/statements.py"
DASHBOARD = "pages/dashboard.py"


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    seed_client(db)
    return db


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The bytes behind each download button, by file name, as the browser would get them."""
    files: dict[str, bytes] = {}
    add = MediaFileManager.add

    def recording(self, content, mimetype, coordinates, file_name=None, **kwargs):
        if file_name and isinstance(content, bytes | bytearray):
            files[file_name] = bytes(content)
        return add(self, content, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", recording)
    return files


def january(at):
    at.button_group(key="statement_kind").set_value("Custom").run()
    at.date_input(key="statement_dates").set_value(JANUARY).run()
    return at


def issued_rows(at) -> list[tuple]:
    [frame] = [d.value for d in at.dataframe if "SHA-256" in d.value.columns]
    return [tuple(row) for row in frame.itertuples(index=False, name=None)]


def differences(at) -> list[tuple]:
    [frame] = [d.value for d in at.dataframe if list(d.value.columns)[1:] == ["As issued", "Now"]]
    return [tuple(row) for row in frame.itertuples(index=False, name=None)]


def test_issue_this_statement_confirms_then_writes_once(app_db, open_app):
    at = january(open_app(PAGE, portfolio=CLIENT))
    assert_no_exception(at)
    assert "No statement of this portfolio has been issued yet." in [m.value for m in at.text]
    at.button(key="statement_issue").click().run()
    assert list_statements(app_db, CLIENT) == []  # nothing before Confirm
    assert any("Issue the statement of" in shown(m.value) for m in at.markdown)
    at.button(key="statement_issue_confirm").click().run()
    assert_no_exception(at)
    [issued] = list_statements(app_db, CLIENT)
    assert [shown(s.value) for s in at.success] == [
        f"Issued version 1 of the statement from 2025-01-01 to 2025-01-31 "
        f"(SHA-256 {issued.sha256[:12]}…)."
    ]
    assert issued_rows(at)[0][:3] == ("2025-01-01 to 2025-01-31", 1, "current")
    at.run()  # a refresh after the write writes nothing more
    assert len(list_statements(app_db, CLIENT)) == 1
    assert not [b for b in at.button if b.key == "statement_issue_confirm"]
    assert at.button(key="statement_issue").label == "Issue again (version 2)"


def test_a_restated_statement_lists_its_differences_downloads_as_issued_and_reissues(
    app_db, open_app, served
):
    first = issue_statement(app_db, CLIENT, *JANUARY)
    record_cash_flow(app_db, FlowRequest(CLIENT, date(2025, 1, 15), "deposit", Decimal("10000")))
    at = january(open_app(PAGE, portfolio=CLIENT))
    assert_no_exception(at)
    assert [w.value for w in at.warning] == [
        "1 issued statement no longer matches the books: restated below."
    ]
    assert issued_rows(at)[0][:3] == ("2025-01-01 to 2025-01-31", 1, "restated")
    moved = {row[0]: row[1:] for row in differences(at)}
    assert moved["Deposits"] == (money(Decimal("0.00"), "USD"), money(Decimal("10000"), "USD"))
    assert {"Closing equity", "TWR, period"} <= set(moved)
    pdf = served["statement-2025-01-01-2025-01-31-v1.pdf"]
    assert hashlib.sha256(pdf).hexdigest() == first.sha256
    at.button(key=f"statement_reissue_{first.id}").click().run()
    assert any("Reissue the statement of" in shown(m.value) for m in at.markdown)
    at.button(key="statement_issue_confirm").click().run()
    assert_no_exception(at)
    newest = list_statements(app_db, CLIENT)[0]
    assert (newest.version, newest.previous_id, newest.status) == (2, first.id, "current")
    assert not at.warning  # version 1 is replaced: nothing left restated
    assert [row[1:3] for row in issued_rows(at)] == [(2, "current"), (1, "restated")]


def test_a_viewer_sees_the_issued_list_but_no_issue_button(app_db):
    issue_statement(app_db, CLIENT, *JANUARY)
    grant(app_db, "vic@example.com", "viewer", [CLIENT])
    at = app_as("vic@example.com", PAGE)
    assert_no_exception(at)
    assert not [b for b in at.button if b.key == "statement_issue"]
    assert "managers and admins issue them" in " ".join(c.value for c in at.caption)
    assert len(issued_rows(at)) == 1
    assert "Download issued PDF" in [d.proto.label for d in at.get("download_button")]


def test_the_dashboard_says_how_many_issued_statements_are_restated(app_db, open_app):
    issue_statement(app_db, CLIENT, *JANUARY)
    at = open_app(DASHBOARD, portfolio=CLIENT)
    assert_no_exception(at)
    assert not [m for m in at.markdown if "restated" in m.value]
    record_cash_flow(app_db, FlowRequest(CLIENT, date(2025, 1, 15), "deposit", Decimal("1")))
    at = open_app(DASHBOARD, portfolio=CLIENT)
    assert_no_exception(at)
    [notice] = [m.value for m in at.markdown if "restated" in m.value]
    assert "**1 issued statement restated**" in notice
    [link] = [p for p in at.get("page_link") if p.proto.label == "See them on Statements"]
    assert link.proto.page.endswith("statements")
