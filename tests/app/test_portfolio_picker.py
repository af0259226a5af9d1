"""The sidebar's portfolio picker: a default, a shared link, a choice that follows the user."""

from __future__ import annotations

from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.storage.database import open_database
from tests.app.screen import assert_no_exception, shown, texts
from tests.support import D, day

HARBOR = "Harbor Long/Short"


def picker(at):
    return at.sidebar.selectbox(key="portfolio_picker")


def test_the_first_portfolio_by_name_is_chosen_and_put_in_the_url(demo_url, open_app):
    at = open_app()
    assert picker(at).value == "Atlas Global Macro"
    assert at.query_params["portfolio"] == "Atlas Global Macro"
    assert at.title[0].value == "Atlas Global Macro"


def test_a_shared_link_selects_its_portfolio(demo_url, open_app):
    at = open_app(portfolio=HARBOR)
    assert_no_exception(at)
    assert picker(at).value == HARBOR
    assert shown(at.title[0].value) == HARBOR


def test_the_choice_follows_the_user_across_pages_and_into_the_url(demo_url, open_app):
    at = open_app()
    picker(at).select("Meridian Income").run()
    assert at.title[0].value == "Meridian Income"
    assert at.query_params["portfolio"] == "Meridian Income"
    for page in ("pages/cash_flows.py", "pages/history.py", "pages/data.py"):
        at.switch_page(page).run()
        assert_no_exception(at)
        assert picker(at).value == "Meridian Income", page
    at.switch_page("pages/dashboard.py").run()
    assert at.title[0].value == "Meridian Income"
    assert any(m.value.startswith("€") for m in at.metric)  # shown in the portfolio's currency


def test_a_portfolio_created_behind_the_apps_back_is_found_by_its_link(demo_url, open_app):
    """Another server creates it within the cache lifetime: a miss re-reads the database."""
    at = open_app()
    assert picker(at).value == "Atlas Global Macro"  # the list is now cached for 60 s
    db = open_database(demo_url)
    create_portfolio(db, NewPortfolio("Kestrel Credit", D("2500000"), day("2025-01-02")))
    db.dispose()
    at.query_params["portfolio"] = "Kestrel Credit"
    at.run()
    assert_no_exception(at)
    assert picker(at).value == "Kestrel Credit"
    assert at.title[0].value == "Kestrel Credit"
    assert not texts(at, "warning")


UNKNOWN = "Nope Capital"
UNKNOWN_SAID = (
    "No portfolio is named 'Nope Capital'. Choose one in the sidebar: nothing is shown or "
    "recorded until you do."
)


def test_a_link_to_an_unknown_portfolio_says_so_and_chooses_none(demo_url, open_app):
    at = open_app(portfolio=UNKNOWN)
    assert_no_exception(at)
    assert texts(at, "warning") == [UNKNOWN_SAID]
    assert picker(at).value is None
    assert picker(at).options == ["Atlas Global Macro", HARBOR, "Meridian Income"]
    assert at.query_params["portfolio"] == UNKNOWN
    assert at.title[0].value == "Dashboard"
    assert not at.metric and not at.get("plotly_chart")


def test_an_unknown_portfolio_shows_no_cash_flow_form_and_no_void(demo_url, open_app):
    at = open_app("pages/cash_flows.py", portfolio=UNKNOWN)
    assert_no_exception(at)
    assert texts(at, "warning") == [UNKNOWN_SAID]
    assert not at.main.text_input and not at.main.date_input and not at.main.radio
    assert not at.main.button and not at.main.selectbox and not at.get("form")
    assert not at.main.get("expander")  # (the sidebar folds its About panel in one)


def test_an_unknown_portfolio_shows_only_the_create_form_on_the_data_page(demo_url, open_app):
    at = open_app("pages/data.py", portfolio=UNKNOWN)
    assert_no_exception(at)
    assert texts(at, "warning") == [UNKNOWN_SAID]
    assert [w.key for w in at.main.text_input] == ["new_name", "new_opening"]
    assert [w.key for w in at.main.selectbox] == ["new_currency"]
    assert [b.label for b in at.main.button] == ["Create portfolio"]  # the create form's
    assert not at.get("file_uploader") and not at.get("download_button")


def test_choosing_a_portfolio_after_an_unknown_link_shows_it(demo_url, open_app):
    at = open_app("pages/cash_flows.py", portfolio=UNKNOWN)
    picker(at).select(HARBOR).run()
    assert_no_exception(at)
    assert at.query_params["portfolio"] == HARBOR
    assert not texts(at, "warning")
    assert at.main.text_input(key="flow_amount")
