"""Forms by role on the pages anyone reads: a viewer gets no write form, only exports."""

from __future__ import annotations

import pytest

from equity.services.portfolios import set_four_eyes
from equity.storage.database import Database
from tests.app.screen import assert_no_exception
from tests.app.signed_in import app_as, grant, local_app, point_app_at
from tests.support import new_portfolio

DATA = "pages/data.py"


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    new_portfolio(db, "Alpha")
    new_portfolio(db, "Beta")
    return db


def uploaders(at) -> list[str]:
    return [uploader.key for uploader in at.file_uploader]


def creates_portfolios(at) -> bool:
    return any(field.key == "new_name" for field in at.text_input)


def downloads(at) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


def test_a_viewer_sees_no_write_form_on_the_data_page_only_exports(app_db):
    grant(app_db, "vic@example.com", "viewer")
    at = app_as("vic@example.com", DATA)
    assert_no_exception(at)
    assert uploaders(at) == []
    assert not creates_portfolios(at)
    assert not at.get("form")
    assert any("viewer of Alpha" in c.value for c in at.caption)
    assert len(downloads(at)) >= 2  # history and ledger exports stay


def test_a_manager_imports_into_a_granted_portfolio_but_creates_nothing(app_db):
    grant(app_db, "ann@example.com", "manager", ["Beta"])
    at = app_as("ann@example.com", DATA)
    assert_no_exception(at)
    assert uploaders(at) == ["snapshots_upload", "flows_upload"]
    assert not creates_portfolios(at)  # portfolios and benchmarks are an admin's


def test_a_manager_viewing_another_portfolio_through_a_viewer_grant_is_not_offered_imports(
    app_db,
):
    grant(app_db, "ann@example.com", "viewer", ["Alpha"])
    at = app_as("ann@example.com", DATA)
    assert uploaders(at) == []


def test_an_admin_has_every_form(app_db):
    grant(app_db, "boss@example.com", "admin")
    at = app_as("boss@example.com", DATA)
    assert_no_exception(at)
    assert uploaders(at) == [
        "snapshots_upload",
        "flows_upload",
        "benchmark_upload",
        "fx_upload",
    ]
    assert creates_portfolios(at)


@pytest.mark.parametrize("page", ["pages/history.py", "pages/performance.py", "pages/audit.py"])
def test_a_viewer_reads_the_other_pages_without_any_write_control(app_db, page):
    grant(app_db, "vic@example.com", "viewer", ["Alpha"])
    at = app_as("vic@example.com", page)
    assert_no_exception(at)
    assert at.sidebar.selectbox(key="portfolio_picker").options == ["Alpha"]
    assert not at.file_uploader
    assert not [b for b in at.button if b.key not in ("sign_out",)]


def test_a_four_eyes_portfolio_offers_no_flows_file_to_a_signed_in_manager(app_db):
    """The service refuses such a file from the app; the page says where flows go instead."""
    set_four_eyes(app_db, "Beta", True)
    grant(app_db, "ann@example.com", "manager", ["Beta"])
    at = app_as("ann@example.com", DATA)
    assert_no_exception(at)
    assert uploaders(at) == ["snapshots_upload"]
    assert any("Four-eyes approval is on for Beta" in c.value for c in at.caption)


def test_in_local_mode_the_operator_still_imports_a_flows_file_into_a_four_eyes_portfolio(
    app_db,
):
    set_four_eyes(app_db, "Beta", True)
    at = local_app(DATA, portfolio="Beta")
    assert uploaders(at) == [
        "snapshots_upload",
        "flows_upload",
        "benchmark_upload",
        "fx_upload",
    ]
