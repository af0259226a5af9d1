"""The sidebar's portfolio picker: a default, a shared link, a choice that follows the user."""

from __future__ import annotations

from tests.app.screen import assert_no_exception, texts

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
    assert at.title[0].value == HARBOR


def test_a_link_to_an_unknown_portfolio_says_so_and_shows_another(demo_url, open_app):
    at = open_app(portfolio="Nope Capital")
    assert_no_exception(at)
    assert any("No portfolio is named 'Nope Capital'" in t for t in texts(at.sidebar, "warning"))
    assert picker(at).value == "Atlas Global Macro"


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
