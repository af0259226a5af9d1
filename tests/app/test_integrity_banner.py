"""The consistency banner: a snapshot edited behind the engine's back is flagged on every page."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from equity.services.recompute import recompute_portfolio
from equity.storage.database import open_database
from equity_app import data
from tests.app.screen import assert_no_exception, texts

ATLAS = "Atlas Global Macro"


def corrupt_one_snapshot(url: str) -> None:
    """What a hand-written UPDATE does: one day's equity no longer follows the formula."""
    db = open_database(url)
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE portfolio_snapshots SET equity_balance = equity_balance + 100 "
                "WHERE snapshot_date = (SELECT MIN(snapshot_date) FROM portfolio_snapshots s "
                "JOIN portfolios p ON p.id = s.portfolio_id WHERE p.name = :name) "
                "AND portfolio_id = (SELECT id FROM portfolios WHERE name = :name)"
            ),
            {"name": ATLAS},
        )
    db.dispose()


def banners(at) -> list[str]:
    return [t for t in texts(at, "warning") if "consistency problem" in t]


@pytest.mark.parametrize("page", ["pages/dashboard.py", "pages/performance.py"])
def test_a_corrupted_snapshot_raises_the_banner_with_the_fix(demo_url, open_app, page):
    corrupt_one_snapshot(demo_url)
    at = open_app(page)
    assert_no_exception(at)
    [banner] = banners(at)
    assert banner.startswith("**1 consistency problem found**")
    assert "equity_balance follows the equity formula" in banner
    assert "python -m equity recompute 'Atlas Global Macro'" in banner


def test_a_clean_database_shows_no_banner_and_a_recompute_clears_it(demo_url, open_app):
    at = open_app()
    assert not banners(at)
    corrupt_one_snapshot(demo_url)
    data.invalidate()
    at.run()
    assert banners(at)
    db = open_database(demo_url)
    recompute_portfolio(db, ATLAS)
    data.invalidate()
    at.run()
    assert_no_exception(at)
    assert not banners(at)


def test_another_portfolios_problem_is_not_this_ones(demo_url, open_app):
    corrupt_one_snapshot(demo_url)
    at = open_app(portfolio="Harbor Long/Short")
    assert_no_exception(at)
    assert not banners(at)
