"""`streamlit run app.py` on a fresh checkout: the default file is created, migrated, seeded."""

from __future__ import annotations

import pytest

import equity.config
from tests.app.screen import assert_no_exception, texts


@pytest.fixture
def fresh_checkout(tmp_path, monkeypatch):
    """No env var, no secrets file: the app falls back to sqlite:///data/equity.db here."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EQUITY_DATABASE_URL", raising=False)
    monkeypatch.setattr(equity.config, "SECRETS_FILE", tmp_path / "no-secrets.toml")
    return tmp_path


def test_the_default_database_is_created_and_the_demo_loaded_and_said_once(
    fresh_checkout, open_app
):
    at = open_app()
    assert_no_exception(at)
    assert (fresh_checkout / "data" / "equity.db").is_file()
    [notice] = [t for t in texts(at, "info") if "demo portfolios were loaded" in t]
    assert "Atlas Global Macro" in notice
    assert at.sidebar.selectbox(key="portfolio_picker").value == "Atlas Global Macro"
    assert "sqlite:///data/equity.db" in at.sidebar.caption[0].value
    at.run()
    assert not [t for t in texts(at, "info") if "demo portfolios were loaded" in t]
