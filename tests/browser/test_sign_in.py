"""Signing in for real: Chromium, the app, and an OpenID Connect provider on loopback.

One provider and one server for the module, over a demo database of its own in which an
admin, a manager of one portfolio and a viewer are granted before anyone signs in. Each
test is a fresh browser context (no cookie), so each signs in through the provider's form.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import quote

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures say why: skipped locally, a failure under CI=true
    expect = None

from equity.services.cash_flows import list_cash_flows
from equity.storage.database import open_database
from tests.browser.conftest import tab_on
from tests.browser.oidc import (
    SIGN_IN,
    SIGN_OUT,
    SignedInApp,
    add_user,
    demo_database,
    go_to,
    oidc_provider,
    open_settled,
    settle,
    sign_in,
    sign_out,
    signed_in_server,
)
from tests.browser.test_journeys import fill_flow

pytestmark = pytest.mark.browser

ATLAS = "Atlas Global Macro"
HARBOR = "Harbor Long/Short"
MERIDIAN = "Meridian Income"
EVERY_PORTFOLIO = [ATLAS, HARBOR, MERIDIAN]
ADMIN = "ada.admin@firm.example"
MANAGER = "max.manager@firm.example"
VIEWER = "vic.viewer@firm.example"
STRANGER = "sam.stranger@elsewhere.example"


@pytest.fixture(scope="module")
def app(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SignedInApp]:
    """The server with sign-in configured, its people granted before it starts."""
    folder = tmp_path_factory.mktemp("sign_in")
    database_url = demo_database(folder)
    add_user(database_url, ADMIN, "admin")
    add_user(database_url, MANAGER, "manager", [HARBOR])
    add_user(database_url, VIEWER, "viewer")
    with oidc_provider() as provider, signed_in_server(database_url, provider, folder) as server:
        yield server


@pytest.fixture
def tab(chromium, app: SignedInApp):
    """A fresh browser context on the server: no identity cookie, nobody signed in."""
    with tab_on(chromium, app.base_url) as page:
        yield page


def test_signed_out_sees_only_the_app_name_and_sign_in(tab, screenshots_dir):
    for path in ("/", f"/cash_flows?portfolio={quote(ATLAS)}", "/audit", "/admin"):
        open_settled(tab, path)
        expect(tab.get_by_role("heading", name="Equity")).to_be_visible()
        expect(tab.get_by_role("button", name=SIGN_IN, exact=True)).to_be_visible()
        expect(tab.get_by_test_id("stMain").get_by_role("button")).to_have_count(1)
        expect(tab.get_by_test_id("stSidebar").get_by_role("button")).to_have_count(0)
        expect(tab.get_by_test_id("stSidebarNav")).to_have_count(0)
        expect(tab.get_by_test_id("stMetricValue")).to_have_count(0)
        expect(tab.get_by_test_id("stPlotlyChart")).to_have_count(0)
        expect(tab.get_by_test_id("stForm")).to_have_count(0)
        expect(tab.get_by_test_id("stDataFrame")).to_have_count(0)
        expect(tab.get_by_text(ATLAS)).to_have_count(0)
        expect(tab.get_by_test_id("stException")).to_have_count(0)
    open_settled(tab)
    tab.screenshot(path=screenshots_dir / "sign_in.png")
    tab.get_by_role("button", name=SIGN_IN, exact=True).click()
    expect(tab.locator("input[name='sub']")).to_be_visible()
    tab.screenshot(path=screenshots_dir / "sign_in_provider.png")


def test_an_unknown_email_sees_only_that_it_has_no_access(tab, screenshots_dir):
    open_settled(tab)
    sign_in(tab, STRANGER)
    expect(tab.get_by_text(STRANGER, exact=True)).to_be_visible()
    expect(tab.get_by_text("has no access")).to_be_visible()
    expect(tab.get_by_role("button", name=SIGN_OUT, exact=True)).to_be_visible()
    expect(tab.get_by_test_id("stSidebarNav")).to_have_count(0)
    expect(tab.get_by_test_id("stMetricValue")).to_have_count(0)
    expect(tab.get_by_test_id("stForm")).to_have_count(0)
    for name in EVERY_PORTFOLIO:
        expect(tab.get_by_text(name)).to_have_count(0)
    tab.screenshot(path=screenshots_dir / "no_access.png")
    open_settled(tab, f"/cash_flows?portfolio={quote(ATLAS)}")  # a deep link changes nothing
    expect(tab.get_by_text("has no access")).to_be_visible()
    expect(tab.get_by_test_id("stForm")).to_have_count(0)


def test_an_admin_sees_every_portfolio_every_form_and_the_admin_page(tab):
    open_settled(tab)
    sign_in(tab, ADMIN.upper())  # the provider's spelling; the grant is found all the same
    expect_signed_in_as(tab, ADMIN)
    assert picker_options(tab) == EVERY_PORTFOLIO
    expect(tab.get_by_test_id("stMetricValue").first).to_be_visible()
    expect(nav_link(tab, "Admin")).to_be_visible()
    go_to(tab, "Cash flows")
    expect(record_button(tab)).to_be_visible()
    go_to(tab, "Data")
    expect(tab.get_by_role("button", name="Create portfolio")).to_be_visible()
    go_to(tab, "Admin")
    for email in (ADMIN, MANAGER, VIEWER):
        expect(table_cell(tab, email)).to_be_attached()
    expect(tab.get_by_test_id("stException")).to_have_count(0)


def test_a_manager_sees_only_their_portfolio_records_a_flow_audited_by_email_then_signs_out(
    tab, app: SignedInApp
):
    open_settled(tab)
    sign_in(tab, MANAGER)
    expect_signed_in_as(tab, MANAGER)
    expect(tab.get_by_test_id("stMetricValue").first).to_be_visible()
    for other in (ATLAS, MERIDIAN):  # not in the overview, the charts or anywhere else
        expect(tab.get_by_text(other)).to_have_count(0)
    assert picker_options(tab) == [HARBOR]
    expect(nav_link(tab, "Admin")).to_have_count(0)
    assert refusal_for(tab, ATLAS) == refusal_for(tab, "No Such Fund")  # existence not revealed
    open_settled(tab, f"/cash_flows?portfolio={quote(HARBOR)}")  # a granted deep link works
    fill_flow(tab, "4321.09", "Signed-in deposit")
    record_button(tab).click()
    settle(tab)
    tab.locator(".st-key-flow_confirm button").click()
    settle(tab)
    expect(tab.get_by_test_id("stToast").filter(has_text="Equity now")).to_be_visible()
    recorded = flows_noted(app, HARBOR, "Signed-in deposit")
    assert [(flow.amount, flow.created_by) for flow in recorded] == [(Decimal("4321.09"), MANAGER)]
    go_to(tab, "Audit")
    expect(table_cell(tab, MANAGER)).to_be_attached()  # the newest change is theirs
    sign_out(tab)
    expect(tab.get_by_role("button", name=SIGN_IN, exact=True)).to_be_visible()
    expect(tab.get_by_test_id("stMetricValue")).to_have_count(0)
    open_settled(tab, "/cash_flows")  # the cookie is gone: a new run is signed out too
    expect(tab.get_by_role("button", name=SIGN_IN, exact=True)).to_be_visible()
    expect(tab.get_by_test_id("stForm")).to_have_count(0)


def test_a_viewer_sees_the_figures_but_no_form_to_write_with(tab):
    open_settled(tab)
    sign_in(tab, VIEWER)
    expect_signed_in_as(tab, VIEWER)
    assert picker_options(tab) == EVERY_PORTFOLIO
    expect(tab.get_by_test_id("stMetricValue").first).to_be_visible()
    expect(nav_link(tab, "Admin")).to_have_count(0)
    go_to(tab, "Cash flows")
    expect(tab.get_by_test_id("stDataFrame").first).to_be_visible()  # the ledger is there
    expect(record_button(tab)).to_have_count(0)
    expect(tab.get_by_role("button", name="Void")).to_have_count(0)
    go_to(tab, "Data")
    expect(tab.get_by_test_id("stForm")).to_have_count(0)
    expect(tab.get_by_test_id("stFileUploader")).to_have_count(0)
    expect(tab.get_by_test_id("stException")).to_have_count(0)


def expect_signed_in_as(page, email: str) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(email)).to_be_visible()
    expect(sidebar.get_by_role("button", name=SIGN_OUT, exact=True)).to_be_visible()


def picker_options(page) -> list[str]:
    """The names the sidebar's portfolio picker offers, in order."""
    page.locator(".st-key-portfolio_picker").get_by_role("combobox").click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    names = [text.strip() for text in options.all_inner_texts()]
    page.keyboard.press("Escape")
    return names


def refusal_for(page, name: str) -> str:
    """What the dashboard says to a link naming ``name``, with the name taken out."""
    open_settled(page, f"/?portfolio={quote(name)}")
    expect(page.get_by_test_id("stMetricValue")).to_have_count(0)
    alert = page.get_by_test_id("stAlert")
    expect(alert.first).to_be_visible()
    return " ".join(alert.all_inner_texts()).replace(name, "NAME")


def table_cell(page, text: str):
    """A dataframe cell showing exactly ``text`` (the grid draws on a canvas; its cells
    are in the accessible table behind it, attached but not "visible")."""
    return page.get_by_test_id("stDataFrame").get_by_text(text, exact=True).first


def nav_link(page, title: str):
    return page.get_by_test_id("stSidebarNav").get_by_role("link", name=title)


def record_button(page):
    return page.get_by_test_id("stFormSubmitButton").get_by_role("button", name="Record")


def flows_noted(app: SignedInApp, portfolio: str, notes: str) -> list:
    """The live flows of ``portfolio`` whose notes are ``notes``, read by the operator."""
    db = open_database(app.database_url)
    try:
        return [flow for flow in list_cash_flows(db, portfolio) if flow.notes == notes]
    finally:
        db.dispose()
