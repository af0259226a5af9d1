"""The firm's base currency: USD until an admin sets a known ISO code; every change audited."""

from __future__ import annotations

import pytest

from equity.errors import AccessDeniedError, ValidationError
from equity.services.settings import get_base_currency, get_setting, set_setting
from tests.engine.access_support import clear_users, latest_audit, table_contents
from tests.support import TEST_NOW


def test_a_new_firm_totals_in_us_dollars(db):
    assert get_base_currency(db) == "USD"
    view = get_setting(db, "base_currency")
    assert (view.value, view.updated_at, view.updated_by) == ("USD", None, None)


def test_setting_the_base_currency_is_stored_with_who_and_when(db):
    view = set_setting(db, "base_currency", " eur ")
    assert (view.key, view.value, view.updated_by) == ("base_currency", "EUR", db.actor)
    assert view.updated_at == TEST_NOW
    assert get_base_currency(db) == "EUR"
    entry = latest_audit(db)
    assert (entry.portfolio_id, entry.action) == (None, "setting.set")
    assert entry.details == "base_currency: USD (default) -> EUR"
    set_setting(db, "base_currency", "GBP")
    assert latest_audit(db).details == "base_currency: EUR -> GBP"
    assert get_setting(db, "base_currency").value == "GBP"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("base_currency", "EURO", "currency: 'EURO' is not a supported ISO currency code"),
        ("base_currency", "XYZ", "currency: 'XYZ' is not a supported ISO currency code"),
        (
            "colour",
            "blue",
            "setting: 'colour' is not a setting; known: base_currency, firm_name, logo_path",
        ),
    ],
)
def test_an_unknown_currency_or_setting_is_refused_and_nothing_changes(db, key, value, message):
    set_setting(db, "base_currency", "CHF")
    before = table_contents(db)
    with pytest.raises(ValidationError) as refused:
        set_setting(db, key, value)
    assert str(refused.value) == message
    assert table_contents(db) == before


def test_only_an_admin_changes_a_setting(db):
    from equity.services.users import set_user

    clear_users(db)
    try:
        set_user(db, "manager@firm.example", "manager", None)
        set_user(db, "admin@firm.example", "admin", None)
        before = table_contents(db)
        with pytest.raises(AccessDeniedError, match="only an admin can change settings"):
            set_setting(db.as_signed_in("manager@firm.example"), "base_currency", "EUR")
        assert table_contents(db) == before
        set_setting(db.as_signed_in("admin@firm.example"), "base_currency", "EUR")
        assert get_base_currency(db) == "EUR"
        assert latest_audit(db).actor == "admin@firm.example"
    finally:
        clear_users(db)
