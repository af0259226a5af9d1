"""AppTest fixtures: the app pointed at a throwaway SQLite file, caches cleared per test.

The demo database is built once per session and copied for each test that needs it,
which keeps the suite fast on a two-core CI runner.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from equity.services.demo import load_demo
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT = 30


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database holding the demo portfolios, built once."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(f"sqlite:///{path}")
    ensure_schema(db)
    load_demo(db)
    db.dispose()  # closing the last connection folds the WAL back into the file
    return path


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def empty_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database file that does not exist yet: the app creates and migrates it."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    monkeypatch.setenv("EQUITY_DATABASE_URL", url)
    return url


@pytest.fixture
def demo_url(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A private copy of the demo database."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("EQUITY_DATABASE_URL", url)
    return url


@pytest.fixture
def open_app() -> Callable[..., AppTest]:
    """Run the app (optionally on a page, with query parameters) and return the AppTest."""

    def run(page: str | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.query_params.update(query)
        if page:  # straight to the page, as a link to it would: no run of the dashboard first
            at.switch_page(page)
        return at.run()

    return run
