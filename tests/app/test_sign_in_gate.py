"""The sign-in gate: nothing of the app shows before sign-in, or to a person without a grant."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from equity.storage.database import Database
from equity.storage.models import User, UserPortfolio
from tests.app.screen import PAGES, assert_no_exception, texts
from tests.app.signed_in import app_as, grant, point_app_at
from tests.support import new_portfolio

ALL_PAGES = [*PAGES, "pages/admin.py"]


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    new_portfolio(db, "Alpha")
    return db


def assert_only_the_gate(at) -> None:
    """No figures, no picker, no forms, no menu of pages."""
    assert_no_exception(at)
    assert not at.metric
    assert not at.sidebar.selectbox
    assert not at.selectbox
    assert not at.text_input
    assert not at.number_input
    assert [t.value for t in at.title] == ["Equity"]


def test_signed_out_sees_the_apps_name_and_only_a_sign_in_button(app_db):
    at = app_as(None)
    assert_only_the_gate(at)
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.sidebar.button


@pytest.mark.parametrize("page", ALL_PAGES)
def test_a_deep_link_signed_out_shows_the_gate_too(app_db, page):
    at = app_as(None, page, portfolio="Alpha")
    assert_only_the_gate(at)
    assert [b.label for b in at.button] == ["Sign in"]


def test_signed_in_without_a_grant_sees_their_email_and_sign_out_only(app_db):
    at = app_as("Stranger@Example.com")
    assert_only_the_gate(at)
    (warning,) = texts(at, "warning")
    assert warning.startswith("`stranger@example.com` has no access to this app")
    assert [b.label for b in at.button] == ["Sign out"]


def test_an_email_shown_on_the_no_access_page_stays_literal(app_db):
    at = app_as("**bold**[x](http://evil)@example.com")
    assert_only_the_gate(at)
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith("`**bold**[x](http://evil)@example.com` has no access")


@pytest.mark.parametrize("verified", [False, "false"])
def test_an_unverified_email_is_refused_even_with_a_grant(app_db, verified):
    grant(app_db, "ann@example.com", "admin")
    at = app_as(None)
    at.user = {"is_logged_in": True, "email": "ann@example.com", "email_verified": verified}
    at.run()
    assert_only_the_gate(at)
    assert "unverified" in at.error[0].value
    assert [b.label for b in at.button] == ["Sign out"]


def test_a_provider_without_an_email_claim_is_refused(app_db):
    at = app_as(None)
    at.user = {"is_logged_in": True, "name": "Ann"}
    at.run()
    assert_only_the_gate(at)
    assert "no usable email" in at.error[0].value


@pytest.mark.parametrize("page", ALL_PAGES)
def test_a_deep_link_without_a_grant_shows_the_no_access_page(app_db, page):
    at = app_as("stranger@example.com", page, portfolio="Alpha")
    assert_only_the_gate(at)
    assert [b.label for b in at.button] == ["Sign out"]


def test_signed_in_with_a_grant_sees_the_email_and_sign_out_in_the_sidebar(app_db):
    grant(app_db, "ann@example.com", "viewer")
    at = app_as("Ann@Example.com")
    assert_no_exception(at)
    assert at.sidebar.selectbox(key="portfolio_picker").value == "Alpha"
    captions = [c.value for c in at.sidebar.caption]
    assert "Signed in as `ann@example.com` (viewer)" in captions
    assert [b.label for b in at.sidebar.button] == ["Sign out"]
    assert not [b for b in at.sidebar.get("badge") if "Local mode" in str(b.proto)]


def test_sign_out_from_the_sidebar_brings_back_the_sign_in_page(app_db):
    grant(app_db, "ann@example.com", "viewer")
    at = app_as("ann@example.com")
    at.sidebar.button(key="sign_out").click().run()
    assert_only_the_gate(at)
    assert [b.label for b in at.button] == ["Sign in"]


def test_a_grant_removed_mid_session_closes_the_app_on_the_next_run(app_db):
    grant(app_db, "ann@example.com", "viewer")
    at = app_as("ann@example.com")
    assert at.sidebar.selectbox(key="portfolio_picker").value == "Alpha"
    with app_db.engine.begin() as connection:
        connection.execute(delete(UserPortfolio))
        connection.execute(delete(User))
    at.run()
    assert_only_the_gate(at)
    assert [b.label for b in at.button] == ["Sign out"]
