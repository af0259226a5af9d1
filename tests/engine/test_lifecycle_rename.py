"""Renaming a portfolio: name rules as at creation, old names answer with the new one."""

from __future__ import annotations

import pytest

from equity.errors import AccessDeniedError, NotFoundError, PortfolioRenamedError, ValidationError
from equity.reads.history import equity_history
from equity.services import portfolios
from equity.services.audit import audit_trail
from equity.services.portfolios import get_portfolio, list_portfolios, rename_portfolio
from tests.engine.four_eyes_support import ADMIN, MAKER, OUTSIDER, people  # noqa: F401 (the cast)
from tests.support import TEST_ACTOR, D, add_days, full_dump, new_portfolio


def test_a_renamed_portfolio_keeps_its_history_and_its_old_name_says_what_it_is_now(db):
    new_portfolio(db, "Alpha", opening="1000")
    add_days(db, "Alpha", ("2025-01-02", "10"))

    view = rename_portfolio(db, "alpha", "Alpha Prime")

    assert (view.name, view.equity_balance) == ("Alpha Prime", D("1010.00"))
    assert equity_history(db, "Alpha Prime").current_equity == D("1010.00")
    with pytest.raises(PortfolioRenamedError) as renamed:
        get_portfolio(db, "ALPHA")
    assert (renamed.value.old_name, renamed.value.new_name) == ("Alpha", "Alpha Prime")
    assert str(renamed.value) == "'Alpha' was renamed to 'Alpha Prime'"
    assert isinstance(renamed.value, NotFoundError)
    with pytest.raises(PortfolioRenamedError, match="'Alpha' was renamed to 'Alpha Prime'"):
        equity_history(db, "Alpha")
    entry = audit_trail(db, "Alpha Prime")[0]
    assert (entry.action, entry.actor, entry.details) == (
        "portfolio.rename",
        TEST_ACTOR,
        "renamed 'Alpha' to 'Alpha Prime'",
    )


def test_an_old_name_points_at_the_current_name_after_several_renames(db):
    new_portfolio(db, "Alpha")
    rename_portfolio(db, "Alpha", "Beta")
    rename_portfolio(db, "Beta", "Gamma")
    for old in ("Alpha", "Beta"):
        with pytest.raises(PortfolioRenamedError, match=f"'{old}' was renamed to 'Gamma'"):
            get_portfolio(db, old)


def test_a_new_portfolio_may_take_a_freed_name_and_then_wins_the_lookup(db):
    new_portfolio(db, "Alpha", opening="1000")
    rename_portfolio(db, "Alpha", "Old Alpha")
    new_portfolio(db, "Alpha", opening="5")

    assert get_portfolio(db, "Alpha").opening_equity == D("5.00")
    assert [view.name for view in list_portfolios(db)] == ["Alpha", "Old Alpha"]


def test_renaming_back_to_an_old_name_is_allowed(db):
    new_portfolio(db, "Alpha")
    rename_portfolio(db, "Alpha", "Beta")
    rename_portfolio(db, "Beta", "Alpha")
    assert get_portfolio(db, "Alpha").name == "Alpha"
    with pytest.raises(PortfolioRenamedError, match="'Beta' was renamed to 'Alpha'"):
        get_portfolio(db, "Beta")


def test_a_change_of_case_is_a_rename_and_the_same_name_writes_nothing(db):
    new_portfolio(db, "alpha fund")
    assert rename_portfolio(db, "alpha fund", "Alpha Fund").name == "Alpha Fund"
    before = full_dump(db)
    assert rename_portfolio(db, "Alpha Fund", "Alpha Fund").name == "Alpha Fund"
    assert full_dump(db) == before


@pytest.mark.parametrize(
    ("new_name", "message"),
    [
        ("beta", "name: a portfolio named 'Beta' already exists"),
        ("ＢＥＴＡ", "name: a portfolio named 'Beta' already exists"),
        ("", "name: "),
        ("Bad\u200bname", "name: "),
        ("123e4567-e89b-12d3-a456-426614174000", "reads as a portfolio id"),
    ],
    ids=["taken", "taken full-width", "empty", "format character", "id-like"],
)
def test_a_bad_or_taken_new_name_is_refused_and_nothing_changes(db, new_name, message):
    new_portfolio(db, "Alpha")
    new_portfolio(db, "Beta")
    before = full_dump(db)
    with pytest.raises(ValidationError) as refused:
        rename_portfolio(db, "Alpha", new_name)
    assert message in str(refused.value)
    assert full_dump(db) == before


def test_a_name_taken_by_a_concurrent_writer_is_refused_in_words(db, monkeypatch):
    """The check passed, the unique key fired (another server took the name meanwhile)."""
    new_portfolio(db, "Alpha")
    new_portfolio(db, "Beta")
    before = full_dump(db)
    monkeypatch.setattr(portfolios, "_name_taken", lambda _session, _key: None)
    with pytest.raises(ValidationError, match="a portfolio named 'Beta' already exists"):
        rename_portfolio(db, "Alpha", "Beta")
    assert full_dump(db) == before


@pytest.mark.usefixtures("people")
def test_only_an_admin_renames_and_an_old_name_stays_hidden_outside_the_grant(db):
    before = full_dump(db)
    with pytest.raises(AccessDeniedError, match="only an admin can rename portfolios"):
        rename_portfolio(db.as_signed_in(MAKER), "Alpha", "Alpha Two")
    assert full_dump(db) == before

    rename_portfolio(db.as_signed_in(ADMIN), "Alpha", "Alpha Two")

    with pytest.raises(PortfolioRenamedError, match="'Alpha' was renamed to 'Alpha Two'"):
        get_portfolio(db.as_signed_in(MAKER), "Alpha")
    with pytest.raises(AccessDeniedError) as hidden:
        get_portfolio(db.as_signed_in(OUTSIDER), "Alpha")
    assert str(hidden.value) == "portfolio: 'Alpha' is not a portfolio open to you"
    assert "Alpha Two" not in str(hidden.value)
