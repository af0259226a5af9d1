"""The Admin page's Portfolio settings (issue 13): rename, archive, decimal separator and
corrections of the start, previewed first and confirmed once.

Alpha: opening equity 1,000,000.00 on 2025-01-01, P&L +100.00 on 2025-01-02, -50.00 on
2025-01-03, +25.00 on 2025-01-06, and a withdrawal of 400,000.00 on 2025-01-03. Equity
on the last day: 1,000,000.00 + 75.00 - 400,000.00 = 600,075.00; raising the opening
equity to 1,200,000.00 moves every day up by 200,000.00, to 800,075.00. Every scenario
runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.portfolios import get_portfolio
from equity.storage.database import Database
from equity_app.components.portfolio_correction import CORRECTION
from tests.app.screen import assert_no_exception, shown, texts
from tests.app.signed_in import app_as, grant, local_app, point_app_at
from tests.hostile_text import NAME
from tests.support import D, add_days, day, full_dump, history_rows, new_portfolio

PAGE = "pages/admin.py"
ALPHA, BETA = "Alpha", "Beta"
PREVIEW = "FormSubmitter:correction_form-Preview correction"
RENAME = "FormSubmitter:rename_form-Rename"


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    new_portfolio(db, ALPHA, opening="1000000", inception="2025-01-01")
    new_portfolio(db, BETA)
    add_days(db, ALPHA, ("2025-01-02", "100.00"), ("2025-01-03", "-50.00"))
    add_days(db, ALPHA, ("2025-01-06", "25.00"))
    record_cash_flow(db, FlowRequest(ALPHA, day("2025-01-03"), "withdrawal", D("400000.00")))
    return db


def picker(at):
    return at.sidebar.selectbox(key="portfolio_picker")


def admin_page(**query: str):
    return local_app(PAGE, **query)


def preview(at, opening: str | None = None, inception: str | None = None):
    if opening is not None:
        at.text_input(key="correct_opening").input(opening)
    if inception is not None:
        at.date_input(key="correct_inception").set_value(day(inception))
    at.button(key=PREVIEW).click().run()
    return at


def test_rename_then_the_old_link_says_where_it_went(app_db):
    at = admin_page(portfolio=ALPHA)
    at.text_input(key="rename_to").input("Alpha Prime")
    at.button(key=RENAME).click().run()
    assert_no_exception(at)
    assert texts(at, "success") == [
        "Renamed 'Alpha' to 'Alpha Prime'. Links with the old name now say what it is called."
    ]
    assert picker(at).value == "Alpha Prime"
    assert at.query_params["portfolio"] == "Alpha Prime"
    assert get_portfolio(app_db, "Alpha Prime").opening_equity == D("1000000.00")

    old_link = local_app("pages/dashboard.py", portfolio=ALPHA)
    assert texts(old_link, "warning")[0].startswith("'Alpha' was renamed to 'Alpha Prime'.")


def test_a_rename_to_a_taken_name_is_refused_in_words_and_writes_nothing(app_db):
    before = full_dump(app_db)
    at = admin_page(portfolio=ALPHA)
    at.text_input(key="rename_to").input("beta")
    at.button(key=RENAME).click().run()
    assert_no_exception(at)
    assert texts(at, "error") == ["Name: a portfolio named 'Beta' already exists"]
    assert full_dump(app_db) == before


def test_archive_then_unarchive_from_the_settings(app_db):
    at = admin_page(portfolio=ALPHA)
    at.button(key="archive_portfolio").click().run()
    assert_no_exception(at)
    assert get_portfolio(app_db, ALPHA).archived
    assert texts(at, "success") == ["Alpha is archived: read-only."]
    assert picker(at).value == ALPHA  # still chosen, shown as archived
    assert not [w for w in at.text_input if w.key in ("rename_to", "correct_opening")]
    at.button(key="unarchive_portfolio").click().run()
    assert_no_exception(at)
    assert not get_portfolio(app_db, ALPHA).archived
    assert texts(at, "success") == ["Alpha is unarchived: writable again."]
    assert at.text_input(key="rename_to")


def test_the_decimal_separator_is_stored_as_it_is_switched(app_db):
    at = admin_page(portfolio=ALPHA)
    radio = at.radio(key=f"decimal_separator_{get_portfolio(app_db, ALPHA).id.hex}")
    radio.set_value("comma (1.234,56)").run()
    assert_no_exception(at)
    assert get_portfolio(app_db, ALPHA).decimal_comma
    assert at.text_input(key="correct_opening").value == "1000000.00"  # filled before
    assert at.radio(key=radio.key).value == "comma (1.234,56)"


def cli(db: Database, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "equity", "--db", db.url, *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_correction_is_previewed_then_confirmed_and_equals_the_cli_result(app_db, tmp_path):
    at = preview(admin_page(portfolio=ALPHA), opening="1200000.00")
    assert_no_exception(at)
    assert [shown(m.value) for m in at.markdown if m.value.startswith("Correct ")] == [
        "Correct opening equity $1,000,000.00 → $1,200,000.00."
    ]
    assert [(m.label, m.value) for m in at.metric] == [
        ("Current equity after", "$800,075.00"),
        ("Lowest equity after (on 2025-01-03)", "$800,050.00"),
    ]
    assert at.metric[0].delta == "+$200,000.00 from $600,075.00"
    assert "3 days of equity will be recomputed." in at.caption.values
    assert at.text_input(key="correct_opening").disabled  # what shows is what is applied
    assert history_rows(app_db, ALPHA)[-1][1] == D("600075.00")  # nothing written yet

    at.button(key="correction_confirm").click().run()
    assert_no_exception(at)
    [done] = texts(at, "success")
    assert done.startswith(
        "Corrected Alpha: opening equity $1,000,000.00 → $1,200,000.00. 3 days recomputed in "
    )
    assert done.endswith(" s; equity now $800,075.00.")
    app_history = history_rows(app_db, ALPHA)
    at.run()  # a refresh applies nothing twice
    assert history_rows(app_db, ALPHA) == app_history

    # The same correction from the command line on a copy made before it.
    twin = _twin(app_db, tmp_path)
    answer = cli(twin, "portfolio", "set", ALPHA, "--opening-equity", "1200000.00")
    assert answer.returncode == 0, answer.stderr
    assert history_rows(twin, ALPHA) == app_history
    twin.dispose()


def _twin(db: Database, tmp_path) -> Database:
    """A SQLite copy of the fixture's portfolios, built the same way, for the CLI to correct."""
    from equity.storage.database import open_database
    from equity.storage.migrate import ensure_schema
    from tests.support import TEST_ACTOR, TEST_CLOCK

    twin = open_database(f"sqlite:///{tmp_path / 'twin.db'}", clock=TEST_CLOCK, actor=TEST_ACTOR)
    ensure_schema(twin)
    new_portfolio(twin, ALPHA, opening="1000000", inception="2025-01-01")
    add_days(twin, ALPHA, ("2025-01-02", "100.00"), ("2025-01-03", "-50.00"))
    add_days(twin, ALPHA, ("2025-01-06", "25.00"))
    record_cash_flow(twin, FlowRequest(ALPHA, day("2025-01-03"), "withdrawal", D("400000.00")))
    return twin


def test_a_correction_that_would_go_negative_shows_the_refusal_and_no_confirm(app_db):
    before = full_dump(app_db)
    at = preview(admin_page(portfolio=ALPHA), opening="300000.00")
    assert_no_exception(at)
    [refusal] = texts(at, "error")
    assert refusal.startswith("This correction would be refused: ")
    assert "negative" in refusal
    # 300,000.00 + 100.00 - 50.00 - 400,000.00 on 2025-01-03, as the engine's guard found it
    assert [(m.label, m.value) for m in at.metric] == [
        ("Equity it would leave on 2025-01-03", "-$99,950.00")
    ]
    assert not [b for b in at.button if b.key == "correction_confirm"]
    at.button(key="correction_cancel").click().run()
    assert not at.text_input(key="correct_opening").disabled
    assert full_dump(app_db) == before


def test_an_inception_after_the_first_snapshot_is_refused_naming_it(app_db):
    at = preview(admin_page(portfolio=ALPHA), inception="2025-01-03")
    assert_no_exception(at)
    [refusal] = texts(at, "error")
    assert "2025-01-02" in refusal
    assert not [b for b in at.button if b.key == "correction_confirm"]


def test_nothing_changed_is_said_before_any_preview(app_db):
    at = preview(admin_page(portfolio=ALPHA))
    assert texts(at, "error") == [
        "Nothing to correct: change the opening equity or the inception date, then preview."
    ]


def test_a_stale_preview_is_refused_and_writes_nothing(app_db):
    at = preview(admin_page(portfolio=ALPHA), opening="1200000.00")
    add_days(app_db, ALPHA, ("2025-01-07", "10.00"))  # a new day lands meanwhile
    before = full_dump(app_db)
    at.button(key="correction_confirm").click().run()
    assert_no_exception(at)
    assert texts(at, "error") == [
        "The portfolio changed since this preview was made; nothing was corrected. Preview "
        "the correction again to see its impact now."
    ]
    assert full_dump(app_db) == before
    assert CORRECTION.writing not in at.session_state


def test_settings_are_an_admins_only(app_db):
    grant(app_db, "pm@firm.example", "manager", [ALPHA])
    at = app_as("pm@firm.example", PAGE, portfolio=ALPHA)
    assert_no_exception(at)
    assert not at.text_input and not at.get("form")


def test_a_hostile_name_reads_literally_in_the_settings_and_its_rename_sentence(app_db):
    at = admin_page(portfolio=ALPHA)
    at.text_input(key="rename_to").input(NAME)
    at.button(key=RENAME).click().run()
    assert_no_exception(at)
    assert texts(at, "success") == [
        f"Renamed 'Alpha' to {NAME!r}. Links with the old name now say what it is called."
    ]
    assert f"For **{NAME}**, the portfolio chosen in the sidebar." in [
        shown(c) for c in at.caption.values
    ]
