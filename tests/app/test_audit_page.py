"""The Audit page: every change newest first, filterable, and a CSV a spreadsheet can't run."""

from __future__ import annotations

import csv
import io

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from equity.services.cash_flows import FlowRequest, record_cash_flow, void_cash_flow
from equity.services.export import FORMULA_STARTS
from equity.storage.database import open_database
from equity_app import data
from tests.app.screen import assert_no_exception, texts
from tests.support import D, day

PAGE = "pages/audit.py"
ATLAS = "Atlas Global Macro"


def rows(at):
    [table] = [d.value for d in at.dataframe if "Flow id" in d.value.columns]
    return table


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The bytes behind each download button, by file name, as the browser would get them."""
    served: dict[str, bytes] = {}
    add = MediaFileManager.add

    def recording(self, content, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            served[file_name] = bytes(content)
        return add(self, content, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", recording)
    return served


def test_a_deposit_then_its_void_are_listed_newest_first(demo_url, open_app):
    db = open_database(demo_url)
    deposit = record_cash_flow(
        db, FlowRequest(ATLAS, day("2025-03-03"), "deposit", D("1000.00"), notes="Top-up")
    )
    at = open_app(PAGE)
    assert_no_exception(at)
    first = rows(at).iloc[0]
    assert (first["Action"], first["Flow id"]) == ("Flow recorded", str(deposit.flow_id))
    assert first["Effective date"] == "2025-03-03"
    assert "deposit of $1,000.00 (Top-up)" in first["Details"]

    void_cash_flow(db.acting_as("ops@fund"), deposit.flow_id, "Wrong account")
    data.invalidate()  # what the app does after its own writes
    at.run()
    table = rows(at)
    assert list(table["Action"][:2]) == ["Flow voided", "Flow recorded"]
    assert list(table["Flow id"][:2]) == [str(deposit.flow_id)] * 2
    assert table["Who"].iloc[0] == "ops@fund"
    assert "Wrong account" in table["Details"].iloc[0]


def test_the_actions_filter_narrows_the_table_and_the_download(demo_url, open_app):
    at = open_app(PAGE)
    everything = len(rows(at))
    at.multiselect(key="audit_actions").set_value(["flow.record"]).run()
    assert_no_exception(at)
    table = rows(at)
    assert set(table["Action"]) == {"Flow recorded"}
    assert 0 < len(table) < everything
    assert at.get("download_button")[0].label == f"Download {len(table)} entries as CSV"


def test_the_csv_neutralises_text_written_as_a_formula(demo_url, open_app, downloads):
    db = open_database(demo_url)
    note = '=HYPERLINK("http://evil.example","click")'
    actor = "=cmd|' /C calc'!A0"
    request = FlowRequest(ATLAS, day("2025-03-03"), "deposit", D("10.00"), notes=note)
    record_cash_flow(db.acting_as(actor), request)
    at = open_app(PAGE)
    assert_no_exception(at)
    first = rows(at).iloc[0]
    assert (first["Who"], first["Details"]) == (actor, f"deposit of $10.00 ({note})")  # as text
    exported = list(csv.DictReader(io.StringIO(downloads["atlas-global-macro-audit.csv"].decode())))
    assert len(exported) == len(rows(at))
    assert exported[0]["action"] == "flow.record"
    assert exported[0]["actor"] == "'" + actor
    assert exported[0]["details"] == f"deposit of $10.00 ({note})"  # a cell not starting with =
    assert not [cell for row in exported for cell in row.values() if cell[:1] in FORMULA_STARTS]


def test_no_portfolios_means_no_audit_trail_yet(empty_url, open_app):
    at = open_app(PAGE)
    assert_no_exception(at)
    assert any("no portfolios" in text for text in texts(at, "info"))
