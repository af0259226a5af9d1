"""The Admin page lists firm-wide changes: FX imports and settings, when, who and what.

They belong to no portfolio, so no portfolio's Audit page shows them; yet a new base
currency or a replaced rate moves every firm total. Text from people (a firm name, an
actor) reaches the table as literal text, never as Markdown.
"""

from __future__ import annotations

import pytest

from equity.services.audit import firm_trail
from equity.services.benchmarks import import_benchmark_csv
from equity.services.fx import import_fx_rates
from equity.services.settings import set_setting
from equity.storage.database import Database
from tests.app.screen import assert_no_exception
from tests.app.signed_in import app_as, grant, local_app, point_app_at
from tests.support import new_portfolio

ADMIN = "pages/admin.py"
HOSTILE = "**Acme** :red[x] <script>alert(1)</script> [link](http://evil.example)"


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    new_portfolio(db, "Alpha")
    return db


def firm_changes(at) -> list[dict]:
    tables = [frame for frame in at.dataframe if "What" in frame.value.columns]
    return tables[0].value.to_dict("records") if tables else []


def test_fx_imports_and_setting_changes_are_listed_newest_first_with_literal_text(app_db):
    import_fx_rates(app_db.acting_as("fx@example.com"), "date,currency,rate\n2025-01-02,EUR,1.08\n")
    set_setting(app_db.acting_as("boss@example.com"), "firm_name", HOSTILE)
    set_setting(app_db.acting_as("boss@example.com"), "base_currency", "EUR")
    at = local_app(ADMIN, portfolio="Alpha")
    assert_no_exception(at)
    rows = firm_changes(at)
    assert [(r["Who"], r["What"]) for r in rows] == [
        ("boss@example.com", "Setting changed"),
        ("boss@example.com", "Setting changed"),
        ("fx@example.com", "FX rates imported"),
    ]
    details = {r["Details"] for r in rows}
    assert "base_currency: USD (default) -> EUR" in details
    assert f"firm_name:  (default) -> {HOSTILE}" in details
    assert any(d.startswith("imported 1 FX rate(s) in USD for EUR") for d in details)
    assert all(r["When"].endswith("UTC") for r in rows)
    # The hostile name is a table cell only: no Markdown element carries it.
    assert not [m for m in at.markdown if "Acme" in m.value]


def test_a_benchmark_import_is_listed_under_its_own_words(app_db):
    import_benchmark_csv(
        app_db.acting_as("ops@example.com"), HOSTILE, "date,close\n2025-01-02,10\n"
    )
    at = local_app(ADMIN, portfolio="Alpha")
    assert_no_exception(at)
    [row] = firm_changes(at)
    assert (row["Who"], row["What"]) == ("ops@example.com", "Benchmark imported")
    assert (
        row["Details"]
        == f"benchmark {HOSTILE!r}: 1 close(s) from 2025-01-02 to 2025-01-02 added or replaced"
    )


def test_an_admin_with_no_firm_change_reads_so(app_db):
    at = local_app(ADMIN, portfolio="Alpha")
    assert_no_exception(at)
    assert firm_changes(at) == []
    assert any("no firm setting has been changed yet" in c.value for c in at.caption)


def test_changes_to_people_are_not_firm_changes(app_db):
    grant(app_db, "boss@example.com", "admin")
    at = app_as("boss@example.com", ADMIN)
    at.text_input(key="admin_email").input("ann@example.com")
    at.selectbox(key="admin_role").select("viewer")
    at.button(key="admin_save").click().run()
    assert_no_exception(at)
    assert firm_changes(at) == []
    assert [e.action for e in firm_trail(app_db.acting_as("boss@example.com"))] == []


def test_only_an_administrator_reads_the_firm_changes(app_db):
    set_setting(app_db, "firm_name", "Acme")
    grant(app_db, "ann@example.com", "manager", ["Alpha"])
    at = app_as("ann@example.com", ADMIN)
    assert_no_exception(at)
    assert firm_changes(at) == []
