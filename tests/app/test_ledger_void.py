"""Voiding from the ledger row (issue 12, item 11): select the row, say why, confirm.

Alpha: opening equity 1,000,000.00 on 2025-01-01, P&L +100.00 on 2025-01-02 and +200.00
on 2025-01-03, then three deposits dated 2025-01-03: 750,000.00 ("Seed"), 75,000.00
("Top-up") and 250,000.25 ("Late wire"), recorded in that order. The ledger lists the
newest first, so its rows read Late wire, Top-up, Seed. Equity on 2025-01-03 is
1,000,300.00 + 1,075,000.25 = 2,075,300.25; voiding the Top-up leaves 2,000,300.25.
Every scenario runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
import streamlit as st
from sqlalchemy import update

from equity.clock import FrozenClock
from equity.errors import ValidationError
from equity.services.approvals import list_pending
from equity.services.cash_flows import FlowRequest, list_cash_flows, record_cash_flow
from equity.storage.database import Database
from equity.storage.models import Portfolio
from equity_app.components.ledger_table import GENERATION, table_key
from equity_app.messages import as_sentence, counted
from tests.app.screen import assert_no_exception, shown, texts
from tests.app.signed_in import app_as, grant, local_app, point_app_at
from tests.support import TEST_NOW, D, add_days, equity_by_date, new_portfolio

PAGE = "pages/cash_flows.py"
ALPHA = "Alpha"
FLOW_DATE = date(2025, 1, 3)
MAKER = "maker@firm.example"
PREVIEW = "FormSubmitter:void_form-Preview void"


#: Seconds after the test clock's moment for each deposit: one more each time.
TICKS = itertools.count(1)


@pytest.fixture
def app_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    point_app_at(db, monkeypatch)
    new_portfolio(db, ALPHA, opening="1000000", inception="2025-01-01")
    add_days(db, ALPHA, ("2025-01-02", "100.00"), ("2025-01-03", "200.00"))
    for amount, notes in (
        ("750000.00", "Seed"),
        ("75000.00", "Top-up"),
        ("250000.25", "Late wire"),
    ):
        deposit(db, amount, notes)
    return db


def deposit(db: Database, amount: str, notes: str):
    """Recorded a second after the one before, so the ledger lists them in that order.

    Under the frozen test clock they would share one time and list in id order (random).
    """
    ticked = replace(db, clock=FrozenClock(TEST_NOW + timedelta(seconds=next(TICKS))))
    return record_cash_flow(ticked, FlowRequest(ALPHA, FLOW_DATE, "deposit", D(amount), notes))


def flow_id(db: Database, notes: str):
    [flow] = [f for f in list_cash_flows(db, ALPHA) if f.notes == notes]
    return flow.id


def ledger(at):
    [table] = [d.value for d in at.dataframe if "Recorded by" in d.value.columns]
    return table


def grid_key(at) -> str:
    """The ledger grid's key now: a new one each time a selection is taken off."""
    return table_key(at.session_state.get(GENERATION, 0))


def marked_rows(at) -> list[int]:
    key = grid_key(at)
    return at.session_state[key]["selection"]["rows"] if key in at.session_state else []


def select_row(at, position: int, key: str | None = None):
    """What a click on a row sends: its position in the table as it was drawn."""
    at.session_state[key or grid_key(at)] = {
        "selection": {"rows": [position], "columns": [], "cells": []}
    }
    return at.run()


def void_with(at, reason: str):
    at.text_input(key="void_reason").input(reason)
    at.button(key=PREVIEW).click().run()
    return at


def styled_cells(at, css: str) -> set[tuple[int, int]]:
    """The (row, column) cells whose style holds ``css`` (the table's pandas Styler, as sent)."""
    [proto] = [d.proto for d in at.dataframe if "Recorded by" in d.value.columns]
    rules = proto.arrow_data.styler.styles.split("}")
    return {
        (int(row), int(column))
        for rule in rules
        if css in rule
        for row, column in re.findall(r"row(\d+)_col(\d+)", rule)
    }


def dialog_text(at) -> list[str]:
    return [shown(m.value) for m in at.markdown if m.value.startswith("The ")]


def test_selecting_a_row_voids_that_flow_and_the_sentence_stays_on_the_page(app_db):
    at = local_app(PAGE)
    assert list(ledger(at)["Notes"]) == ["Late wire", "Top-up", "Seed"]
    select_row(at, 1)
    assert_no_exception(at)
    assert dialog_text(at) == ["The deposit of $75,000.00 on 2025-01-03 (Top-up)"]
    void_with(at, "Wire returned")
    assert [m.value for m in at.metric] == ["$2,000,300.25", "$2,000,300.25"]
    at.button(key="void_confirm").click().run()
    assert_no_exception(at)

    voided = [(f.notes, f.void_reason) for f in list_cash_flows(app_db, ALPHA) if f.voided]
    assert voided == [("Top-up", "Wire returned")]
    assert equity_by_date(app_db, ALPHA)["2025-01-03"] == D("2000300.25")
    sentence = (
        "Voided the deposit of $75,000.00 on 2025-01-03 (Top-up), because: Wire returned. "
        "Equity now $2,000,300.25."
    )
    assert texts(at, "success") == [sentence]
    assert not any(b.key == "void_confirm" for b in at.button)  # the dialog has closed
    status = ledger(at)["Status"][1]
    assert status.startswith("Voided — Wire returned (by ")
    at.run()  # the next look at the page: the sentence is still there
    assert texts(at, "success") == [sentence]
    assert marked_rows(at) == []


def test_an_empty_reason_is_asked_for_in_a_sentence(app_db):
    at = void_with(select_row(local_app(PAGE), 0), "")
    assert_no_exception(at)
    assert texts(at, "error") == ["Say why this flow is voided."]
    assert not any(b.key == "void_confirm" for b in at.button)


def test_a_row_selected_after_the_ledger_changed_voids_the_flow_that_was_on_screen(app_db):
    """The PM clicks the 2nd row (Top-up); a colleague's deposit lands before the page reruns.

    On the new run Top-up is the 3rd row; the void still goes to Top-up, by its id.
    """
    at = local_app(PAGE)
    top_up = flow_id(app_db, "Top-up")
    deposit(app_db, "10.00", "Colleague")
    st.cache_data.clear()  # the colleague's write, seen by this session's next read
    select_row(at, 1)
    assert_no_exception(at)
    assert list(ledger(at)["Notes"]) == ["Colleague", "Late wire", "Top-up", "Seed"]
    assert dialog_text(at) == ["The deposit of $75,000.00 on 2025-01-03 (Top-up)"]
    assert marked_rows(at) == []  # no mark on a wrong row
    void_with(at, "Duplicate")
    at.button(key="void_confirm").click().run()
    assert [f.id for f in list_cash_flows(app_db, ALPHA) if f.voided] == [top_up]


def test_a_flow_recorded_while_the_dialog_is_open_does_not_change_what_is_voided(app_db):
    at = void_with(select_row(local_app(PAGE), 2), "Booked twice")
    seed = flow_id(app_db, "Seed")
    deposit(app_db, "10.00", "Colleague")
    st.cache_data.clear()
    at.run()
    assert dialog_text(at) == ["The deposit of $750,000.00 on 2025-01-03 (Seed)"]
    at.button(key="void_confirm").click().run()
    assert_no_exception(at)
    assert [f.id for f in list_cash_flows(app_db, ALPHA) if f.voided] == [seed]


def test_a_voided_row_reads_differently_and_opens_nothing_to_void(app_db):
    at = void_with(select_row(local_app(PAGE), 0), "Wrong account")
    at.button(key="void_confirm").click().run()
    assert styled_cells(at, "rgba(100, 116, 139, 0.14)") == {(0, column) for column in range(7)}
    select_row(at, 0)
    assert_no_exception(at)
    [info] = [t for t in texts(at, "info") if t.startswith("It was voided")]
    assert info.endswith("because: Wrong account. There is nothing left to void.")
    assert not any(b.key == PREVIEW for b in at.button)


def test_on_a_four_eyes_portfolio_the_row_proposes_the_void_of_that_flow(app_db):
    with app_db.unit_of_work() as uow:
        uow.session.execute(update(Portfolio).values(four_eyes=True))
        uow.commit()
    grant(app_db, MAKER, "manager", [ALPHA])
    before = equity_by_date(app_db, ALPHA)
    at = app_as(MAKER, PAGE)
    void_with(select_row(at, 1), "Wire returned")
    assert at.button(key="void_confirm").label == "Submit void for approval"
    at.button(key="void_confirm").click().run()
    assert_no_exception(at)
    [item] = list_pending(app_db, ALPHA)
    assert (item.action, item.flow_id) == ("void", flow_id(app_db, "Top-up"))
    assert equity_by_date(app_db, ALPHA) == before
    [done] = texts(at, "success")
    assert done.startswith("Submitted the void of the deposit of $75,000.00 on 2025-01-03")
    assert list(ledger(at)["Status"]) == ["Live", "Live, void awaiting approval", "Live"]


def test_a_viewer_cannot_select_a_row(app_db):
    grant(app_db, "viewer@firm.example", "viewer", [ALPHA])
    at = app_as("viewer@firm.example", PAGE)
    select_row(at, 1)
    assert_no_exception(at)
    assert not any(b.key == PREVIEW for b in at.button)
    assert "Select a live row" not in " ".join(c.value for c in at.caption)


def test_the_count_above_the_ledger_reads_as_a_sentence(app_db):
    at = local_app(PAGE)
    assert "All 3 flows. Select a live row to void it." in [c.value for c in at.caption]
    at.text_input(key="ledger_search").input("Seed").run()
    assert "1 of 3 flows. Select a live row to void it." in [c.value for c in at.caption]


def test_counts_and_refusals_read_as_sentences():
    counts = [counted(n, "row") for n in (0, 1, 2, 1500)]
    assert counts == ["0 rows", "1 row", "2 rows", "1,500 rows"]
    reason = ValidationError("reason", "is required: say why the flow is voided")
    assert as_sentence(reason) == "Say why this flow is voided."
    twice = ValidationError("flow", "f-1 was already voided on 2025-01-03")
    assert as_sentence(twice, "f-1") == "This flow was already voided on 2025-01-03."
    assert as_sentence(ValidationError("amount", "is empty")) == "Amount: is empty"


def test_hostile_notes_and_reason_show_literally_in_the_dialog_and_the_sentence(app_db):
    notes = "**bold** :red[red] $$x$$ [link](http://evil.example/)"
    reason = "_why_ <b>html</b> `code` ![i](http://evil.example/p)"
    deposit(app_db, "12.34", notes)
    at = void_with(select_row(local_app(PAGE), 0), reason)
    assert dialog_text(at) == [f"The deposit of $12.34 on 2025-01-03 ({notes})"]
    at.button(key="void_confirm").click().run()
    assert_no_exception(at)
    assert texts(at, "success") == [
        f"Voided the deposit of $12.34 on 2025-01-03 ({notes}), because: {reason}. "
        "Equity now $2,075,300.25."
    ]
    assert ledger(at)["Status"][0].startswith(f"Voided — {reason} (by ")


def test_a_selection_sent_again_after_the_dialog_is_done_does_not_reopen_it(app_db):
    """The browser may send the old grid's selection again with the next click (a filter):
    once the dialog is done, the grid is a new one and that stale selection is not news."""
    at = local_app(PAGE)
    first_grid = grid_key(at)
    select_row(at, 1)
    assert dialog_text(at) == ["The deposit of $75,000.00 on 2025-01-03 (Top-up)"]
    void_with(at, "Wire returned")
    at.button(key="void_confirm").click().run()
    assert not any(b.key == "void_confirm" for b in at.button)
    assert grid_key(at) != first_grid
    select_row(at, 1, key=first_grid)  # the stale selection, with the next rerun
    assert_no_exception(at)
    assert dialog_text(at) == []
    assert not any(b.key == PREVIEW for b in at.button)
