"""The Admin page: people, their roles and portfolios, and four-eyes per portfolio."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from equity.services.access import grant_for
from equity.services.portfolios import get_portfolio
from equity.storage.database import Database
from equity.storage.models import AuditEntry
from equity_app.components.admin_four_eyes import LOCAL_NOTE, switch_key
from tests.app.screen import assert_no_exception, texts
from tests.app.signed_in import app_as, grant, local_app, point_app_at
from tests.support import new_portfolio

ADMIN = "pages/admin.py"
BOSS = "boss@example.com"


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    new_portfolio(db, "Alpha")
    new_portfolio(db, "Beta")
    return db


def people(at) -> list[dict]:
    (table,) = [frame for frame in at.dataframe if "Email" in frame.value.columns]
    return table.value.to_dict("records")


def changes_to_people(at) -> list[dict]:
    tables = [frame for frame in at.dataframe if "Change" in frame.value.columns]
    return tables[0].value.to_dict("records") if tables else []


def audit_of(db: Database, action: str) -> list[tuple[str, str]]:
    with db.read() as session:
        rows = session.execute(
            select(AuditEntry.actor, AuditEntry.details).where(AuditEntry.action == action)
        )
        return [tuple(row) for row in rows]


def save(at, email: str, role: str, portfolios: list[str] | None):
    at.text_input(key="admin_email").input(email)
    at.selectbox(key="admin_role").select(role)
    if portfolios is not None:
        at.checkbox(key="admin_all").uncheck().run()
        at.multiselect(key="admin_portfolios").set_value(portfolios)
    return at.button(key="admin_save").click().run()


def test_an_admin_adds_a_manager_of_one_portfolio_audited_under_their_email(app_db):
    grant(app_db, BOSS, "admin")
    at = app_as(BOSS, ADMIN)
    assert_no_exception(at)
    assert people(at) == [
        {
            "Email": BOSS,
            "Role": "admin",
            "Portfolios": "all",
            "Added (UTC)": "2026-06-30 15:00",
            "Added by": "test",
        }
    ]
    save(at, "Ann@Example.com", "manager", ["Beta"])
    assert_no_exception(at)
    assert not at.error
    assert [(p["Email"], p["Role"], p["Portfolios"]) for p in people(at)] == [
        ("ann@example.com", "manager", "Beta"),
        (BOSS, "admin", "all"),
    ]
    ann = grant_for(app_db, "ann@example.com")
    assert ann.role.value == "manager"
    assert ann.portfolio_ids == {get_portfolio(app_db, "Beta").id}
    assert audit_of(app_db, "user.set") == [(BOSS, "ann@example.com is now manager of Beta")]
    [change] = changes_to_people(at)  # stamped by the server's clock, not the test's
    assert change.pop("When").endswith(" UTC")
    assert change == {
        "Who": BOSS,
        "Change": "Access set",
        "Details": "ann@example.com is now manager of Beta",
    }


def test_saving_an_existing_email_replaces_its_access(app_db):
    grant(app_db, BOSS, "admin")
    grant(app_db, "ann@example.com", "manager", ["Alpha"])
    at = app_as(BOSS, ADMIN)
    save(at, "ann@example.com", "viewer", None)
    first = people(at)[0]
    assert (first["Email"], first["Role"], first["Portfolios"]) == (
        "ann@example.com",
        "viewer",
        "all",
    )
    assert grant_for(app_db, "ann@example.com").portfolio_ids is None


def test_a_bad_email_is_refused_in_words_and_nothing_is_written(app_db):
    grant(app_db, BOSS, "admin")
    at = app_as(BOSS, ADMIN)
    save(at, "not an email", "viewer", None)
    assert_no_exception(at)
    (error,) = texts(at, "error")
    assert error.startswith("Email: 'not an email' is not an email address")
    assert len(people(at)) == 1


def test_removing_takes_a_confirmation_and_ends_access(app_db):
    grant(app_db, BOSS, "admin")
    grant(app_db, "ann@example.com", "viewer")
    at = app_as(BOSS, ADMIN)
    # The admin themselves is never offered for removal.
    assert at.selectbox(key="admin_remove_who").options == ["ann@example.com"]
    at.button(key="admin_remove").click().run()
    assert grant_for(app_db, "ann@example.com") is not None  # not yet: asked to confirm
    assert "Remove `ann@example.com`?" in at.warning[0].value
    at.button(key="admin_remove_confirm").click().run()
    assert_no_exception(at)
    assert grant_for(app_db, "ann@example.com") is None
    assert [p["Email"] for p in people(at)] == [BOSS]
    assert [actor for actor, _ in audit_of(app_db, "user.remove")] == [BOSS]


def test_cancel_keeps_the_person(app_db):
    grant(app_db, BOSS, "admin")
    grant(app_db, "ann@example.com", "viewer")
    at = app_as(BOSS, ADMIN)
    at.button(key="admin_remove").click().run()
    at.button(key="admin_remove_cancel").click().run()
    assert grant_for(app_db, "ann@example.com") is not None
    assert at.button(key="admin_remove").label == "Remove…"


def test_four_eyes_is_switched_per_portfolio_and_audited(app_db):
    grant(app_db, BOSS, "admin")
    at = app_as(BOSS, ADMIN)
    beta = get_portfolio(app_db, "Beta")
    assert at.toggle(key=switch_key(beta.id)).value is False
    at.toggle(key=switch_key(beta.id)).set_value(True).run()
    assert_no_exception(at)
    assert get_portfolio(app_db, "Beta").four_eyes is True
    assert get_portfolio(app_db, "Alpha").four_eyes is False
    assert at.toggle(key=switch_key(beta.id)).value is True
    assert audit_of(app_db, "portfolio.four_eyes") == [(BOSS, "four-eyes approval on")]
    at.toggle(key=switch_key(beta.id)).set_value(False).run()
    assert get_portfolio(app_db, "Beta").four_eyes is False


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_a_non_admin_reaching_the_page_by_address_is_refused(app_db, role):
    grant(app_db, "ann@example.com", role)
    at = app_as("ann@example.com", ADMIN)
    assert_no_exception(at)
    assert texts(at, "warning") == [
        "Only an administrator can manage people and portfolio settings."
    ]
    assert not at.dataframe
    assert not at.toggle
    assert not at.text_input


def test_local_mode_has_the_admin_page_with_the_four_eyes_note(app_db):
    at = local_app(ADMIN)
    assert_no_exception(at)
    assert LOCAL_NOTE in texts(at, "info")
    save(at, "ann@example.com", "admin", None)
    assert grant_for(app_db, "ann@example.com").is_admin
    assert people(at)[0]["Email"] == "ann@example.com"


def test_starting_from_a_listed_person_fills_the_form_with_their_access(app_db):
    grant(app_db, BOSS, "admin")
    grant(app_db, "ann@example.com", "manager", ["Alpha", "Beta"])
    at = app_as(BOSS, ADMIN)
    at.selectbox(key="admin_start_from").select("ann@example.com").run()
    assert_no_exception(at)
    assert at.text_input(key="admin_email").value == "ann@example.com"
    assert at.selectbox(key="admin_role").value == "manager"
    assert at.checkbox(key="admin_all").value is False
    assert at.multiselect(key="admin_portfolios").value == ["Alpha", "Beta"]
    at.multiselect(key="admin_portfolios").unselect("Alpha").run()
    at.button(key="admin_save").click().run()
    assert_no_exception(at)
    assert grant_for(app_db, "ann@example.com").portfolio_ids == {get_portfolio(app_db, "Beta").id}
    assert at.selectbox(key="admin_start_from").value is None
    assert at.text_input(key="admin_email").value == ""
    assert not at.warning  # no "default value also set through session state" warning
