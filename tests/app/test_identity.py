"""Who the app says you are, what it lets you pick, and whose name every web write carries."""

from __future__ import annotations

from datetime import date

import pytest
import streamlit as st
from sqlalchemy import select
from streamlit.runtime.secrets import Secrets
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from equity.config import default_actor
from equity.services.cash_flows import list_cash_flows
from equity.services.portfolios import list_portfolios
from equity.storage.database import Database
from equity.storage.models import AuditEntry
from tests.app.conftest import APP, TIMEOUT
from tests.app.screen import assert_no_exception, texts
from tests.app.signed_in import app_as, grant, local_app, point_app_at
from tests.support import new_portfolio

LOCAL_BADGE = "Local mode: no sign-in"
UNKNOWN_WORDS = "No portfolio is named"


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    for name in ("Alpha", "Beta", "Gamma"):
        new_portfolio(db, name)
    return db


def picker(at):
    return at.sidebar.selectbox(key="portfolio_picker")


def badges(at) -> list[str]:
    return [m.value for m in at.sidebar.markdown if "badge[" in m.value]


def test_local_mode_shows_its_badge_and_every_portfolio(app_db):
    at = local_app()
    assert_no_exception(at)
    assert any(LOCAL_BADGE in badge for badge in badges(at))
    assert picker(at).options == ["Alpha", "Beta", "Gamma"]
    assert [b.label for b in at.sidebar.button] == []  # nobody to sign out


def test_signed_in_there_is_no_local_badge(app_db):
    grant(app_db, "ann@example.com", "admin")
    at = app_as("ann@example.com")
    assert not any(LOCAL_BADGE in badge for badge in badges(at))


def test_a_manager_picks_only_among_the_granted_portfolios(app_db):
    grant(app_db, "ann@example.com", "manager", ["Beta", "Gamma"])
    at = app_as("ann@example.com")
    assert_no_exception(at)
    assert picker(at).options == ["Beta", "Gamma"]
    assert picker(at).value == "Beta"
    assert at.title[0].value == "Beta"


def test_a_grant_for_all_portfolios_offers_all_of_them(app_db):
    grant(app_db, "vic@example.com", "viewer")
    at = app_as("vic@example.com")
    assert picker(at).options == ["Alpha", "Beta", "Gamma"]


@pytest.mark.parametrize("page", ["pages/dashboard.py", "pages/history.py", "pages/data.py"])
def test_a_link_to_an_ungranted_portfolio_reads_like_one_that_does_not_exist(app_db, page):
    grant(app_db, "ann@example.com", "manager", ["Beta"])
    ungranted = app_as("ann@example.com", page, portfolio="Alpha")
    unknown = app_as("ann@example.com", page, portfolio="Nope Capital")
    for at in (ungranted, unknown):
        assert_no_exception(at)
        assert picker(at).value is None
        assert not at.metric
        assert not at.file_uploader
    said = [w for w in texts(ungranted, "warning") if UNKNOWN_WORDS in w]
    assert said == [w.replace("Nope Capital", "Alpha") for w in texts(unknown, "warning")]
    assert said == [
        "No portfolio is named 'Alpha'. Choose one in the sidebar: nothing is shown or "
        "recorded until you do."
    ]


def flows_import(at, csv: str):
    at.file_uploader(key="flows_upload").set_value(("flows.csv", csv.encode(), "text/csv")).run()
    return at.button(key="flows_import").click().run()


def test_a_web_write_is_audited_under_the_signed_in_email(app_db):
    grant(app_db, "ann@example.com", "manager", ["Beta"])
    at = app_as("Ann@Example.com", "pages/data.py")
    flows_import(at, "date,kind,amount\n2025-03-03,deposit,250.00\n")
    assert_no_exception(at)
    (beta,) = [p for p in list_portfolios(app_db) if p.name == "Beta"]
    (flow,) = list_cash_flows(app_db, beta.id)
    assert flow.flow_date == date(2025, 3, 3)
    assert flow.created_by == "ann@example.com"
    with app_db.read() as session:
        actors = session.execute(
            select(AuditEntry.actor).where(AuditEntry.action == "flow.record")
        ).scalars()
        assert list(actors) == ["ann@example.com"]


def test_a_local_write_is_audited_under_the_operator(app_db):
    at = local_app("pages/data.py", portfolio="Gamma")
    flows_import(at, "date,kind,amount\n2025-03-03,deposit,250.00\n")
    assert_no_exception(at)
    (gamma,) = [p for p in list_portfolios(app_db) if p.name == "Gamma"]
    (flow,) = list_cash_flows(app_db, gamma.id)
    assert flow.created_by == default_actor()


def test_a_refusal_no_form_caught_is_said_in_words_not_as_a_traceback():
    def page() -> None:
        from equity.errors import AccessDeniedError
        from equity_app import failures

        with failures.guarded():
            raise AccessDeniedError("portfolio: 'Alpha' is not a portfolio open to you")

    at = AppTest.from_function(page).run()
    assert_no_exception(at)
    assert texts(at, "error") == ["portfolio: 'Alpha' is not a portfolio open to you"]


def test_local_mode_turns_away_a_browser_on_another_machine(app_db, monkeypatch):
    """Behind make run's loopback binding: local mode's full rights stay at the keyboard."""
    monkeypatch.setattr("equity_app.identity._remote_address", lambda: "192.0.2.7")
    for page in (None, "pages/data.py", "pages/admin.py"):
        at = local_app(page, portfolio="Alpha")
        assert_no_exception(at)
        assert not at.metric
        assert not at.sidebar.selectbox
        assert not at.file_uploader
        assert not at.button
        (error,) = texts(at, "error")
        assert error.startswith("Not available: this app is in local mode (no sign-in)")


def test_a_secrets_file_without_an_auth_section_is_local_mode(app_db):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets.update({"connections": {"equity": {"url": app_db.url}}})
    at.run()
    assert_no_exception(at)
    assert any(LOCAL_BADGE in badge for badge in badges(at))
    assert picker(at).value == "Alpha"


def test_an_unreadable_secrets_file_fails_closed_rather_than_into_local_mode(
    app_db, monkeypatch, tmp_path
):
    """It may hold the [auth] section: guessing local mode would hand out full rights."""
    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth\nclient_id = "equity"\n', encoding="utf-8")
    monkeypatch.setattr(st, "secrets", Secrets())
    with patch_config_options({"secrets.files": [str(broken)]}):
        at = local_app("pages/data.py", portfolio="Alpha")
    assert_no_exception(at)
    assert not at.metric
    assert not at.sidebar.selectbox
    assert not at.file_uploader
    assert not any(LOCAL_BADGE in badge for badge in badges(at))
    (error,) = texts(at, "error")
    assert error.startswith("Secrets: the server's secrets file (.streamlit/secrets.toml) cannot")
