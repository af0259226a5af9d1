"""Running the app as a signed-in person: a fake ``[auth]`` section and a seeded ``st.user``.

AppTest's ``secrets`` stands in for ``.streamlit/secrets.toml`` (its ``[auth]`` section
switches the app out of local mode) and ``user`` for what the OIDC provider sent. Grants
are written straight to the tables here so these tests do not depend on the users service.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from streamlit.testing.v1 import AppTest

from equity.storage.database import Database
from equity.storage.models import Portfolio, User, UserPortfolio
from tests.app.conftest import APP, TIMEOUT
from tests.support import TEST_NOW

#: What an ``[auth]`` section holds; nothing here is ever contacted by these tests.
AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "a-test-cookie-secret-of-enough-length",
        "client_id": "equity",
        "client_secret": "not-a-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
}


def point_app_at(db: Database, monkeypatch) -> Database:
    """The app reads ``db``'s database, with no people in it yet (PostgreSQL is shared)."""
    with db.engine.begin() as connection:
        connection.execute(delete(UserPortfolio))
        connection.execute(delete(User))
    monkeypatch.setenv("EQUITY_DATABASE_URL", db.url)
    return db


def grant(db: Database, email: str, role: str, portfolios: Sequence[str] | None = None) -> None:
    """Store ``email``'s role on the named portfolios (None: all)."""
    with db.unit_of_work() as uow:
        session = uow.session
        session.add(
            User(
                email=email,
                role=role,
                all_portfolios=portfolios is None,
                created_at=TEST_NOW,
                created_by="test",
            )
        )
        session.flush()
        for name in portfolios or ():
            portfolio_id = session.execute(
                select(Portfolio.id).where(Portfolio.name == name)
            ).scalar_one()
            session.add(UserPortfolio(email=email, portfolio_id=portfolio_id))
        uow.commit()


def app_as(email: str | None, page: str | None = None, **query: str) -> AppTest:
    """The app with sign-in configured, run as ``email`` (None: signed out)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets.update(AUTH)
    at.user = {"is_logged_in": False} if email is None else {"is_logged_in": True, "email": email}
    at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def local_app(page: str | None = None, **query: str) -> AppTest:
    """The app without an ``[auth]`` section: local mode, the operator at the keyboard."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page).run()
    return at
