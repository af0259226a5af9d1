"""Every page renders, without an exception, on an empty database and on the demo data."""

from __future__ import annotations

import pytest

from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema
from tests.app.screen import PAGES, assert_no_exception, texts
from tests.support import D, day


@pytest.mark.parametrize("page", PAGES)
def test_an_empty_database_renders_an_empty_state_on_every_page(empty_url, open_app, page):
    at = open_app(page)
    assert_no_exception(at)
    if page != "pages/data.py":
        assert any("no portfolios" in text for text in texts(at, "info"))
    assert not at.sidebar.selectbox  # no picker without portfolios


def test_an_empty_non_default_database_is_not_seeded_with_the_demo(empty_url, open_app):
    at = open_app()
    assert not any("demo portfolios were loaded" in text for text in texts(at, "info"))
    assert "Demo data" not in str(at.sidebar)


@pytest.mark.parametrize("page", PAGES)
def test_the_demo_data_renders_on_every_page(demo_url, open_app, page):
    at = open_app(page)
    assert_no_exception(at)
    assert at.sidebar.selectbox(key="portfolio_picker").value == "Atlas Global Macro"


def test_the_sidebar_shows_the_masked_database_and_the_demo_badge(demo_url, open_app):
    at = open_app()
    [about] = [e for e in at.sidebar.expander if e.label == "About"]  # folded by default
    database = str(about.caption[0].value)
    assert "Database:" in database and "demo.db" in database
    assert any("Demo data" in m.value for m in at.sidebar.markdown)


def _portfolio(url: str, name: str, *days: tuple[str, str]) -> None:
    db = open_database(url)
    ensure_schema(db)
    create_portfolio(db, NewPortfolio(name, D("1000000"), day("2025-01-02")))
    for iso, pnl in days:
        upsert_snapshots(db, name, [SnapshotInput(day(iso), D(pnl))], source="batch")
    db.dispose()


@pytest.mark.parametrize("page", PAGES)
def test_a_portfolio_without_snapshots_says_so_instead_of_drawing(empty_url, open_app, page):
    _portfolio(empty_url, "Fresh Fund")
    at = open_app(page)
    assert_no_exception(at)
    if page in ("pages/dashboard.py", "pages/history.py"):
        assert any("has no snapshots yet" in text for text in texts(at, "info"))


@pytest.mark.parametrize("page", PAGES)
def test_a_portfolio_with_a_single_day_renders(empty_url, open_app, page):
    _portfolio(empty_url, "One Day Fund", ("2025-01-03", "2500.00"))
    at = open_app(page)
    assert_no_exception(at)
