"""The Statements page: the figures of the engine's statement, period choices, the
downloads, hostile text literal, and a viewer reading and downloading their portfolio's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from equity.reads.statement import month_period, statement_for
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.statements.wording import flow_rows, return_rows, summary_rows
from equity.storage.database import Database, open_database
from equity_app.components.statement_period import default_month, months, quarters
from equity_app.literal import md
from tests import hostile_text
from tests.app.screen import assert_no_exception, shown
from tests.app.signed_in import app_as, grant, point_app_at
from tests.engine.statement_support import NAME, seed_statement_fund
from tests.engine.test_statement_documents import HOSTILE_NAME, HOSTILE_NOTE

PAGE = "pages/statements.py"


#: Each table of the page by its columns (AppTest does not expose a dataframe's key).
COLUMNS = {
    "statement_summary": ["", "Amount"],
    "statement_returns": ["", "Period", "Since inception"],
    "statement_flows": ["Date", "Kind", "Amount", "Notes"],
}


def table(at, key: str) -> list[tuple]:
    [frame] = [d.value for d in at.dataframe if list(d.value.columns) == COLUMNS[key]]
    return [tuple(row) for row in frame.itertuples(index=False, name=None)]


def downloads(at) -> dict[str, str]:
    return {d.proto.label: d.proto.url for d in at.get("download_button")}


def choose_custom(at, start: date, end: date):
    at.button_group(key="statement_kind").set_value("Custom").run()
    at.date_input(key="statement_dates").set_value((start, end)).run()
    return at


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    seed_statement_fund(db)
    return db


def test_a_custom_period_shows_the_engines_statement(app_db, open_app):
    at = choose_custom(open_app(PAGE, portfolio=NAME), date(2025, 3, 1), date(2025, 3, 31))
    assert_no_exception(at)
    expected = statement_for(app_db, NAME, date(2025, 3, 1), date(2025, 3, 31))
    assert table(at, "statement_summary") == summary_rows(expected)
    assert table(at, "statement_returns") == return_rows(expected)
    assert table(at, "statement_flows") == flow_rows(expected)
    assert set(downloads(at)) == {"Download PDF", "Download HTML"}
    [chart] = at.get("plotly_chart")
    assert '"Equity"' in chart.proto.spec and '"Net contributions"' in chart.proto.spec


def test_month_quarter_and_year_choices(demo_url, open_app):
    at = open_app(PAGE)
    assert_no_exception(at)
    db = open_database(demo_url)
    today = db.clock.today()
    name = at.sidebar.selectbox(key="portfolio_picker").value
    last_month = month_period(today.year - (today.month == 1), (today.month - 2) % 12 + 1)
    shown_month = statement_for(db, name, last_month.start, last_month.end)
    assert table(at, "statement_summary") == summary_rows(shown_month)  # the default
    at.button_group(key="statement_kind").set_value("Quarter").run()
    assert_no_exception(at)
    quarter = at.selectbox(key="statement_quarter").value
    assert quarter == (today.year, (today.month - 1) // 3 + 1)
    at.button_group(key="statement_kind").set_value("Year").run()
    at.selectbox(key="statement_year").set_value(today.year - 1).run()
    assert_no_exception(at)
    year = statement_for(db, name, date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
    assert table(at, "statement_summary") == summary_rows(year)


def test_hostile_name_and_notes_are_shown_literally(tmp_path, monkeypatch, open_app):
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    hostile_text.seed(url)
    monkeypatch.setenv("EQUITY_DATABASE_URL", url)
    first = hostile_text.FIRST_DAY
    at = choose_custom(
        open_app(PAGE, portfolio=hostile_text.NAME), first, date(first.year, first.month, 28)
    )
    assert_no_exception(at)
    assert any(shown(c.value).startswith(f"**{hostile_text.NAME}**") for c in at.caption)
    notes = [row[3] for row in table(at, "statement_flows")]
    assert notes == [hostile_text.NOTE]  # the voided deposit's note is not a flow


def test_a_viewer_reads_and_downloads_a_granted_portfolio(app_db):
    seed_statement_fund(app_db, "Hidden Fund")
    grant(app_db, "vic@example.com", "viewer", [NAME])
    at = app_as("vic@example.com", PAGE)
    assert_no_exception(at)
    assert at.sidebar.selectbox(key="portfolio_picker").options == [NAME]
    assert set(downloads(at)) == {"Download PDF", "Download HTML"}


def test_custom_dates_start_at_inception_and_the_months_list_ends_there(app_db, open_app):
    at = open_app(PAGE, portfolio=NAME)
    assert at.selectbox(key="statement_month").options[-1] == "January 2025"
    at.button_group(key="statement_kind").set_value("Custom").run()
    assert_no_exception(at)
    assert at.date_input(key="statement_dates").min == date(2025, 1, 1)


def test_script_markdown_and_formula_text_is_shown_as_typed(app_db, open_app):
    seed_statement_fund(app_db, HOSTILE_NAME)
    record_cash_flow(
        app_db,
        FlowRequest(HOSTILE_NAME, date(2025, 3, 5), "deposit", Decimal("10"), HOSTILE_NOTE),
    )
    at = choose_custom(open_app(PAGE, portfolio=HOSTILE_NAME), date(2025, 3, 1), date(2025, 3, 31))
    assert_no_exception(at)
    assert any(c.value.startswith(f"**{md(HOSTILE_NAME)}**") for c in at.caption)
    notes = [row[3] for row in table(at, "statement_flows")]
    assert HOSTILE_NOTE in notes


def test_month_and_quarter_lists_run_from_today_back_to_inception():
    listed = months(date(2024, 11, 20), date(2025, 2, 3))
    assert listed == [(2025, 2), (2025, 1), (2024, 12), (2024, 11)]
    assert default_month(listed) == 1  # January 2025: the last complete month
    assert default_month(months(date(2025, 2, 1), date(2025, 2, 3))) == 0
    assert quarters(date(2024, 11, 20), date(2025, 4, 1)) == [(2025, 2), (2025, 1), (2024, 4)]
