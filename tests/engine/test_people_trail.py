"""Changes to people are audited outside any portfolio and read by admins only."""

from __future__ import annotations

import pytest

from equity.errors import AccessDeniedError
from equity.services.audit import people_trail
from equity.services.users import remove_user, set_user
from tests.engine.access_support import clear_users
from tests.support import new_portfolio


@pytest.fixture
def firm(db):
    clear_users(db)
    new_portfolio(db, "Alpha")
    yield db
    clear_users(db)


def test_admins_read_who_granted_and_removed_whom_newest_first(firm):
    set_user(firm, "root@firm.com", "admin", None)
    boss = firm.as_signed_in("root@firm.com")
    set_user(boss, "ann@firm.com", "manager", ["Alpha"])
    remove_user(boss, "ann@firm.com")
    trail = people_trail(boss)
    assert [(e.actor, e.action) for e in trail] == [
        ("root@firm.com", "user.remove"),
        ("root@firm.com", "user.set"),
        ("tester@example.com", "user.set"),
    ]
    assert trail[1].details == "ann@firm.com is now manager of Alpha"
    assert people_trail(firm) == trail  # the operator reads it too


def test_a_manager_cannot_read_the_changes_to_people(firm):
    set_user(firm, "ann@firm.com", "manager", None)
    with pytest.raises(AccessDeniedError, match="only an admin can see the changes to people"):
        people_trail(firm.as_signed_in("ann@firm.com"))
