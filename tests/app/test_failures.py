"""No traceback ever reaches a user: an unreachable database and an unexpected error read as
short messages on the page, and their details go to the server log."""

from __future__ import annotations

import logging

import pytest

from equity_app import data
from tests.app.screen import PAGES, assert_no_exception, texts

#: Nothing listens on port 1: the connection is refused at once.
UNREACHABLE = "postgresql+psycopg2://equity:s3cret@127.0.0.1:1/equity"
CANNOT_REACH = (
    "The database cannot be reached, so nothing can be shown or recorded. Check that the "
    "database server is running and accepts connections, and that EQUITY_DATABASE_URL (or "
    ".streamlit/secrets.toml) points at it: postgresql+psycopg2://equity:***@127.0.0.1:1/equity. "
    "Then reload this page. The error is in the server log."
)


@pytest.fixture
def unreachable_url(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("EQUITY_DATABASE_URL", UNREACHABLE)
    return UNREACHABLE


@pytest.mark.parametrize("page", PAGES)
def test_an_unreachable_database_reads_as_a_message_on_every_page(
    unreachable_url, open_app, page, caplog
):
    with caplog.at_level(logging.ERROR, logger="equity_app"):
        at = open_app(page)
    assert_no_exception(at)
    assert texts(at, "error") == [CANNOT_REACH]
    assert not at.sidebar.selectbox  # and no form, no figure: nothing is shown
    assert not at.main.text_input and not at.get("plotly_chart")
    logged = [r for r in caplog.records if r.name.startswith("equity_app")]
    assert logged and "Connection refused" in logged[0].getMessage() + str(logged[0].exc_info[1])
    assert all("s3cret" not in r.getMessage() for r in logged)


def test_an_unexpected_error_on_a_page_is_a_short_message_and_a_logged_traceback(
    demo_url, open_app, monkeypatch, caplog
):
    def broken(**_options: object) -> list:
        raise RuntimeError("internal detail that must not reach the screen")

    monkeypatch.setattr(data, "firm", broken)
    with caplog.at_level(logging.ERROR, logger="equity_app"):
        at = open_app()
    assert_no_exception(at)
    [message] = texts(at, "error")
    assert message.startswith("Something went wrong while drawing this page.")
    assert "internal detail" not in message
    [record] = [r for r in caplog.records if r.name.startswith("equity_app")]
    assert record.exc_info and "internal detail" in str(record.exc_info[1])


def test_tracebacks_are_never_sent_to_the_browser():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
