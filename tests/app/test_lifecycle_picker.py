"""A portfolio's life in the picker (issue 13): old links after a rename, archived ones hidden.

Alpha (opening 1,000,000.00 on 2025-01-01, P&L +100.00 on 2025-01-02) and Beta; every
scenario runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest

from equity.services.portfolios import archive_portfolio, rename_portfolio
from equity.storage.database import Database
from tests.app.screen import assert_no_exception, shown, texts
from tests.app.signed_in import app_as, grant, local_app, point_app_at
from tests.hostile_text import NAME, OTHER
from tests.support import add_days, new_portfolio

ALPHA, BETA = "Alpha", "Beta"


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    new_portfolio(db, ALPHA)
    new_portfolio(db, BETA)
    add_days(db, ALPHA, ("2025-01-02", "100.00"))
    return db


def picker(at):
    return at.sidebar.selectbox(key="portfolio_picker")


def test_an_old_link_after_a_rename_says_so_and_opens_the_new_name(app_db):
    rename_portfolio(app_db, ALPHA, "Alpha Prime")
    at = local_app(portfolio=ALPHA)
    assert_no_exception(at)
    assert texts(at, "warning") == [
        "'Alpha' was renamed to 'Alpha Prime'. Nothing is shown under the old name: open the "
        "portfolio by its new one, and update links that use the old."
    ]
    assert picker(at).value is None
    assert not at.metric
    at.button(key="open_renamed_portfolio").click().run()
    assert_no_exception(at)
    assert picker(at).value == "Alpha Prime"
    assert at.query_params["portfolio"] == "Alpha Prime"
    assert at.title[0].value == "Alpha Prime"
    assert not [w for w in texts(at, "warning") if "renamed" in w]


def test_an_old_hostile_name_and_its_new_name_read_literally(app_db):
    rename_portfolio(app_db, ALPHA, NAME)
    rename_portfolio(app_db, NAME, OTHER)
    at = local_app(portfolio=NAME)
    assert_no_exception(at)
    [warning] = texts(at, "warning")
    assert warning.startswith(f"{NAME!r} was renamed to {OTHER!r}.")
    assert shown(at.button(key="open_renamed_portfolio").label) == f"Open {OTHER}"
    at.button(key="open_renamed_portfolio").click().run()
    assert picker(at).value == OTHER


def test_an_old_name_outside_the_persons_grant_reads_as_unknown(app_db):
    grant(app_db, "viewer@firm.example", "viewer", [BETA])
    rename_portfolio(app_db, ALPHA, "Alpha Prime")
    at = app_as("viewer@firm.example", portfolio=ALPHA)
    assert_no_exception(at)
    assert texts(at, "warning") == [
        "No portfolio is named 'Alpha'. Choose one in the sidebar: nothing is shown or "
        "recorded until you do."
    ]
    assert not [b for b in at.button if b.key == "open_renamed_portfolio"]


def switch(at):
    return at.sidebar.toggle(key="show_archived_switch")


ARCHIVED_SAID = (
    "Alpha is archived, so it is read-only: its history, ledger and returns stay readable; "
    "nothing can be recorded, imported, voided or corrected. Unarchive it in Portfolio "
    "settings on the Admin page to change it again."
)


def test_an_archived_portfolio_leaves_the_picker_until_the_switch_shows_it(app_db):
    archive_portfolio(app_db, ALPHA)
    at = local_app()
    assert_no_exception(at)
    assert picker(at).options == [BETA]
    assert picker(at).value == BETA
    assert switch(at).value is False
    switch(at).set_value(True).run()
    assert picker(at).options == ["Alpha (archived)", BETA]
    picker(at).select(ALPHA).run()
    assert_no_exception(at)
    assert at.title[0].value == ALPHA
    assert texts(at, "info")[0] == ARCHIVED_SAID
    at.switch_page("pages/history.py").run()
    assert switch(at).value is True  # the switch stays on across pages
    assert picker(at).value == ALPHA
    assert texts(at, "info")[0] == ARCHIVED_SAID
    switch(at).set_value(False).run()
    assert picker(at).value == BETA  # an archived choice leaves with its switch
    assert at.query_params["portfolio"] == BETA
    assert not [t for t in texts(at, "info") if "archived" in t]


def test_no_switch_when_nothing_is_archived(app_db):
    at = local_app()
    assert picker(at).options == [ALPHA, BETA]
    assert not at.sidebar.toggle


@pytest.mark.parametrize("page", ["pages/cash_flows.py", "pages/data.py", "pages/history.py"])
def test_a_link_to_an_archived_portfolio_opens_it_with_no_write_offered(app_db, page):
    archive_portfolio(app_db, ALPHA)
    at = local_app(page, portfolio=ALPHA)
    assert_no_exception(at)
    assert picker(at).value == ALPHA
    assert switch(at).value is True
    assert texts(at, "info")[0] == ARCHIVED_SAID
    # The benchmark and FX uploads are the firm's, not this portfolio's; no snapshot or flow
    # import.
    assert [u.key for u in at.get("file_uploader")] in ([], ["benchmark_upload", "fx_upload"])
    # An admin's create form and benchmark name (Data page) are not about this portfolio.
    assert {w.key for w in at.main.text_input} <= {"new_name", "new_opening", "benchmark_name"}
    assert "flow_date" not in {w.key for w in at.main.date_input}
    assert not [t for t in texts(at, "info") if "managers and admins" in t]
    assert not [c for c in at.caption.values if "managers and admins" in c]


def test_an_archived_hostile_name_reads_literally_in_its_banner_and_the_picker(app_db):
    rename_portfolio(app_db, ALPHA, NAME)
    archive_portfolio(app_db, NAME)
    at = local_app(portfolio=NAME)
    assert_no_exception(at)
    assert texts(at, "info")[0] == ARCHIVED_SAID.replace("Alpha", NAME, 1)
    assert picker(at).value == NAME
    assert f"{NAME} (archived)" in picker(at).options


def firm_names(at) -> list[str]:
    """The Portfolio column of the dashboard's firm view; empty when the table is not drawn."""
    tables = [d for d in at.dataframe if "Portfolio" in d.value.columns]
    return [] if not tables else list(tables[0].value["Portfolio"])


def test_the_switch_brings_archived_portfolios_back_to_the_firm_view_marked(app_db):
    new_portfolio(app_db, "Gamma")
    archive_portfolio(app_db, ALPHA)
    at = local_app()
    assert_no_exception(at)
    assert firm_names(at) == [BETA, "Gamma"]
    switch(at).set_value(True).run()
    assert_no_exception(at)
    assert firm_names(at) == ["Alpha (archived)", BETA, "Gamma"]
