"""Users and their grants: add, replace, list, remove, and the four-eyes setting.

The scenario: an operator (the CLI's channel) sets up the people of a small firm with two
portfolios, Alpha Fund and Beta Book; a signed-in admin then manages them from the app.
"""

from __future__ import annotations

import pytest

from equity.errors import AccessDeniedError, NotFoundError, ValidationError
from equity.services.access import grant_for
from equity.services.portfolios import get_portfolio, set_four_eyes
from equity.services.users import list_users, remove_user, set_user
from tests.engine.access_support import clear_users, latest_audit, table_contents
from tests.support import TEST_ACTOR, TEST_NOW, new_portfolio


@pytest.fixture
def firm(db):
    clear_users(db)
    new_portfolio(db, "Alpha Fund")
    new_portfolio(db, "Beta Book")
    yield db
    clear_users(db)


def test_a_manager_of_named_portfolios_is_stored_with_sorted_names(firm) -> None:
    view = set_user(firm, "Ann@Firm.com ", "Manager", ["beta book", "Alpha Fund"])

    assert view.email == "ann@firm.com"
    assert view.role == "manager"
    assert view.portfolios == ("Alpha Fund", "Beta Book")
    assert view.created_at == TEST_NOW
    assert view.created_by == TEST_ACTOR
    grant = grant_for(firm, "ANN@firm.com")
    assert grant is not None and grant.role.value == "manager"
    ids = {get_portfolio(firm, name).id for name in ("Alpha Fund", "Beta Book")}
    assert grant.portfolio_ids == ids


def test_no_portfolios_named_means_all_of_them(firm) -> None:
    view = set_user(firm, "boss@firm.com", "admin", None)

    assert view.portfolios is None
    assert grant_for(firm, "boss@firm.com").portfolio_ids is None


def test_adding_again_replaces_the_role_and_the_grants(firm) -> None:
    set_user(firm, "ann@firm.com", "manager", ["Alpha Fund", "Beta Book"])
    view = set_user(firm, "ANN@FIRM.COM", "viewer", ["Beta Book"])

    assert (view.role, view.portfolios) == ("viewer", ("Beta Book",))
    assert [(u.email, u.role, u.portfolios) for u in list_users(firm)] == [
        ("ann@firm.com", "viewer", ("Beta Book",))
    ]
    widened = set_user(firm, "ann@firm.com", "viewer", None)
    assert widened.portfolios is None
    assert widened.created_at == view.created_at  # the person's first grant, kept


def test_a_portfolio_named_twice_in_two_spellings_is_granted_once(firm) -> None:
    view = set_user(firm, "ann@firm.com", "manager", ["Alpha Fund", "alpha  fund"])

    assert view.portfolios == ("Alpha Fund",)


def test_users_are_listed_by_email_with_their_portfolios(firm) -> None:
    set_user(firm, "zoe@firm.com", "viewer", ["Beta Book"])
    set_user(firm, "ann@firm.com", "manager", ["Beta Book", "Alpha Fund"])
    set_user(firm, "boss@firm.com", "admin", None)

    assert [(u.email, u.role, u.portfolios) for u in list_users(firm)] == [
        ("ann@firm.com", "manager", ("Alpha Fund", "Beta Book")),
        ("boss@firm.com", "admin", None),
        ("zoe@firm.com", "viewer", ("Beta Book",)),
    ]


@pytest.mark.parametrize(
    ("email", "role", "portfolios", "field", "words"),
    [
        ("not-an-email", "viewer", None, "email", "is not an email address"),
        ("ann @firm.com", "viewer", None, "email", "is not an email address"),
        ("ann@firm.com", "owner", None, "role", "is not one of admin, manager, viewer"),
        ("a" * 112 + "@firm.com", "viewer", None, "email", "is over 120 characters"),
        ("ann@firm.com", "manager", [], "portfolios", "name at least one portfolio"),
        ("ann@firm.com", "admin", ["Alpha Fund"], "portfolios", "an admin covers every"),
    ],
    ids=[
        "no at sign",
        "space inside",
        "unknown role",
        "longer than the audit's actor",
        "empty list",
        "admin with names",
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    firm, email, role, portfolios, field, words
) -> None:
    before = table_contents(firm)

    with pytest.raises(ValidationError) as refused:
        set_user(firm, email, role, portfolios)

    assert refused.value.field == field
    assert words in refused.value.message
    assert table_contents(firm) == before


def test_the_longest_email_allowed_signs_its_changes(firm) -> None:
    longest = "a" * 111 + "@firm.com"
    set_user(firm, longest, "admin", None)

    set_four_eyes(firm.as_signed_in(longest), "Alpha Fund", True)

    assert latest_audit(firm).actor == longest


def test_an_unknown_portfolio_among_the_names_writes_nothing(firm) -> None:
    set_user(firm, "ann@firm.com", "manager", ["Alpha Fund"])
    before = table_contents(firm)

    with pytest.raises(NotFoundError, match="Gamma"):
        set_user(firm, "ann@firm.com", "viewer", ["Beta Book", "Gamma"])

    assert table_contents(firm) == before
    assert list_users(firm)[0].role == "manager"


def test_every_change_to_a_user_is_audited_without_a_portfolio(firm) -> None:
    set_user(firm, "ann@firm.com", "manager", ["Beta Book", "Alpha Fund"])
    entry = latest_audit(firm)
    assert (entry.portfolio_id, entry.actor, entry.action) == (None, TEST_ACTOR, "user.set")
    assert entry.details == "ann@firm.com is now manager of Alpha Fund, Beta Book"

    set_user(firm, "ann@firm.com", "admin", None)
    assert latest_audit(firm).details == "ann@firm.com is now admin of all portfolios"

    remove_user(firm, "Ann@Firm.com")
    entry = latest_audit(firm)
    assert (entry.action, entry.details) == (
        "user.remove",
        "ann@firm.com removed (was admin of all portfolios)",
    )
    assert list_users(firm) == []
    assert grant_for(firm, "ann@firm.com") is None


def test_removing_an_unknown_user_is_not_found_and_writes_nothing(firm) -> None:
    before = table_contents(firm)

    with pytest.raises(NotFoundError, match=r"no user ghost@firm\.com"):
        remove_user(firm, "Ghost@firm.com")

    assert table_contents(firm) == before


def test_a_signed_in_admin_manages_others_and_is_audited_by_email(firm) -> None:
    set_user(firm, "boss@firm.com", "admin", None)
    boss = firm.as_signed_in("boss@firm.com")

    view = set_user(boss, "ann@firm.com", "viewer", ["Alpha Fund"])

    assert view.created_by == "boss@firm.com"
    assert latest_audit(firm).actor == "boss@firm.com"
    assert [u.email for u in list_users(boss)] == ["ann@firm.com", "boss@firm.com"]
    remove_user(boss, "ann@firm.com")
    assert [u.email for u in list_users(boss)] == ["boss@firm.com"]


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_a_signed_in_admin_cannot_demote_themselves(firm, role) -> None:
    set_user(firm, "boss@firm.com", "admin", None)
    boss = firm.as_signed_in("Boss@Firm.com")
    before = table_contents(firm)

    with pytest.raises(ValidationError, match="an admin cannot demote themselves"):
        set_user(boss, "boss@firm.com", role, None)

    assert table_contents(firm) == before
    assert set_user(boss, "boss@firm.com", "admin", None).role == "admin"


def test_a_signed_in_admin_cannot_remove_themselves(firm) -> None:
    set_user(firm, "boss@firm.com", "admin", None)
    before = table_contents(firm)

    with pytest.raises(ValidationError, match="an admin cannot remove themselves"):
        remove_user(firm.as_signed_in("boss@firm.com"), "BOSS@firm.com")

    assert table_contents(firm) == before


def test_the_operator_may_demote_or_remove_anyone(firm) -> None:
    set_user(firm, "boss@firm.com", "admin", None)
    operator = firm.acting_as("boss@firm.com")  # same name, but the CLI's channel

    assert set_user(operator, "boss@firm.com", "viewer", None).role == "viewer"
    remove_user(operator, "boss@firm.com")
    assert list_users(firm) == []


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_only_an_admin_sees_or_manages_users(firm, role) -> None:
    set_user(firm, "ann@firm.com", role, None)
    ann = firm.as_signed_in("ann@firm.com")
    before = table_contents(firm)

    with pytest.raises(AccessDeniedError, match=f"ann@firm.com is a {role}: only an admin"):
        list_users(ann)
    with pytest.raises(AccessDeniedError, match="only an admin can manage users"):
        set_user(ann, "ann@firm.com", "admin", None)
    with pytest.raises(AccessDeniedError, match="only an admin can manage users"):
        remove_user(ann, "ann@firm.com")

    assert table_contents(firm) == before


def test_four_eyes_is_switched_by_an_admin_and_audited(firm) -> None:
    set_user(firm, "boss@firm.com", "admin", None)
    boss = firm.as_signed_in("boss@firm.com")
    assert get_portfolio(firm, "Alpha Fund").four_eyes is False

    view = set_four_eyes(boss, "alpha fund", True)

    assert (view.name, view.four_eyes) == ("Alpha Fund", True)
    assert get_portfolio(firm, "Alpha Fund").four_eyes is True
    assert get_portfolio(firm, "Beta Book").four_eyes is False
    entry = latest_audit(firm)
    assert (entry.action, entry.actor, entry.details) == (
        "portfolio.four_eyes",
        "boss@firm.com",
        "four-eyes approval on",
    )
    assert entry.portfolio_id == view.id
    assert set_four_eyes(firm, "Alpha Fund", False).four_eyes is False
    assert latest_audit(firm).details == "four-eyes approval off"


def test_setting_four_eyes_to_what_it_is_writes_nothing(firm) -> None:
    before = table_contents(firm)

    assert set_four_eyes(firm, "Alpha Fund", False).four_eyes is False

    assert table_contents(firm) == before


def test_a_manager_cannot_switch_four_eyes_off_on_their_own_portfolio(firm) -> None:
    set_four_eyes(firm, "Alpha Fund", True)
    set_user(firm, "ann@firm.com", "manager", ["Alpha Fund"])
    before = table_contents(firm)

    with pytest.raises(AccessDeniedError, match="only an admin can change four-eyes"):
        set_four_eyes(firm.as_signed_in("ann@firm.com"), "Alpha Fund", False)

    assert table_contents(firm) == before
    assert before["audit_log"]  # the comparison covers the audit trail too


def test_two_admins_adding_one_email_at_once_both_succeed_the_last_one_wins(
    pg_db, monkeypatch
) -> None:
    """PostgreSQL: the other admin's insert commits between our lookup and ours.

    Our insert then breaks the primary key; the service runs again, finds the row and
    replaces its role, as adding an existing email does.
    """
    from sqlalchemy import insert

    from equity.services import users
    from equity.storage.models import User

    clear_users(pg_db)
    made = users._new_user

    def raced(db, key):
        if not raced.done:
            raced.done = True
            with db.engine.begin() as other:
                other.execute(
                    insert(User).values(
                        email=key, role="viewer", all_portfolios=True,
                        created_at=TEST_NOW, created_by="other@firm.com",
                    )
                )  # fmt: skip
        return made(db, key)

    raced.done = False
    monkeypatch.setattr(users, "_new_user", raced)
    try:
        view = set_user(pg_db, "ann@firm.com", "manager", None)

        assert raced.done
        assert (view.role, view.created_by) == ("manager", "other@firm.com")
        assert [(u.email, u.role) for u in list_users(pg_db)] == [("ann@firm.com", "manager")]
    finally:
        clear_users(pg_db)
