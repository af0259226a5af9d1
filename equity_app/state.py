"""The one Database of this server process, opened, migrated and (on first start) seeded.

The engine lives in ``st.cache_resource`` keyed by URL, so every session and every page of
one server shares one connection pool, and a test pointing ``EQUITY_DATABASE_URL`` at a
fresh file gets a fresh engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from equity.config import DEFAULT_DATABASE_URL, database_url
from equity.services.demo import load_demo
from equity.services.portfolios import list_portfolios
from equity.storage.database import Database, open_database
from equity.storage.migrate import ensure_schema
from equity_app.literal import md

_DEMO_NOTICE_SHOWN = "demo_notice_shown"


@dataclass(frozen=True)
class Engine:
    """The Database plus what happened when this process first opened it."""

    db: Database
    demo_loaded_now: tuple[str, ...]


def current_url() -> str:
    """The configured URL (env var, secrets file, else the embedded SQLite file)."""
    return database_url()


@st.cache_resource(show_spinner="Opening the database…", on_release=lambda e: e.db.dispose())
def _engine(url: str) -> Engine:
    db = open_database(url)
    ensure_schema(db)
    loaded: list[str] = []
    # Only the default embedded file is seeded: never write demo rows into a real database.
    if url == DEFAULT_DATABASE_URL and not list_portfolios(db):
        loaded = load_demo(db)
    return Engine(db=db, demo_loaded_now=tuple(loaded))


def engine() -> Engine:
    return _engine(current_url())


def database(url: str | None = None) -> Database:
    """The shared Database for ``url`` (by default the configured one), for reads."""
    return _engine(url or current_url()).db


def writer() -> Database:
    """The shared Database as the current person writes to it: every write goes through this.

    Signed in, the services check that person's grant and audit the write under their
    email; in local mode the operator writes with full rights under their own name.
    """
    from equity_app.identity import current_identity  # identity reads this module

    return current_identity().database()


def today() -> date:
    """The app's "today" (date defaults, stale-snapshot warnings): the database's clock."""
    return database().clock.today()


def announce_demo_once() -> None:
    """Say on screen, once per session, that demo portfolios were just created."""
    loaded = engine().demo_loaded_now
    if loaded and not st.session_state.get(_DEMO_NOTICE_SHOWN):
        st.session_state[_DEMO_NOTICE_SHOWN] = True
        st.info(
            "The database was empty, so demo portfolios were loaded: "
            + ", ".join(md(name) for name in loaded)
            + ". Create your own on the Data page.",
            icon=":material/info:",
        )
