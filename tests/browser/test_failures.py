"""In Chromium, a database that cannot be reached reads as a message on every page: no
stException element, no traceback, no driver error text; the error is in the server log."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures say why: skipped locally, a failure under CI=true
    expect = None

from tests.browser.conftest import open_page, streamlit_server, tab_on

pytestmark = pytest.mark.browser

#: Nothing listens on port 1, so every connection is refused.
UNREACHABLE = "postgresql+psycopg2://equity:s3cret@127.0.0.1:1/equity"
PAGES = ["/", "/cash_flows", "/history", "/performance", "/audit", "/statements", "/data"]


@pytest.fixture(scope="module")
def unreachable_server(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    log = tmp_path_factory.mktemp("unreachable") / "streamlit.log"
    with streamlit_server(UNREACHABLE, log) as base_url:
        yield base_url, log


def test_an_unreachable_database_is_a_message_not_a_traceback(chromium, unreachable_server):
    """Every page in turn, in one tab: each is a fresh run of the app against the refusal."""
    base_url, log = unreachable_server
    with tab_on(chromium, base_url) as page:
        for path in PAGES:
            try:
                open_page(page, path)
                main = page.get_by_test_id("stMain")
                expect(main.get_by_test_id("stAlert")).to_contain_text(
                    "The database cannot be reached, so nothing can be shown or recorded."
                )
                expect(main).to_contain_text("postgresql+psycopg2://equity:***@127.0.0.1:1/equity")
                expect(page.get_by_test_id("stException")).to_have_count(0)
                for leak in ("Traceback", "OperationalError", "Connection refused", "s3cret"):
                    expect(page.get_by_test_id("stApp")).not_to_contain_text(leak)
            except Exception as failure:  # a timeout too: say on which page
                failure.add_note(f"on the page {path}")
                raise
    logged = log.read_text()
    assert "the database at postgresql+psycopg2://equity:***@127.0.0.1:1/equity failed" in logged
    assert "Connection refused" in logged and "s3cret" not in logged
