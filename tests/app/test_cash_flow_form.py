"""The deposit / withdrawal form: every rejection in words, exact equity after a write."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from equity.clock import SystemClock
from equity.money import format_money
from equity.services.cash_flows import list_cash_flows, record_cash_flow, void_cash_flow
from equity.services.portfolios import get_portfolio
from equity.storage.database import open_database
from tests.app.screen import assert_no_exception, metric_value, shown, texts

PAGE = "pages/cash_flows.py"
#: AppTest runs the app with the system clock, so its "today" is the machine's.
today = SystemClock().today
ATLAS = "Atlas Global Macro"


def fill(at, *, kind="Deposit", amount="", when=None, notes=""):
    """Type into the form and press Record."""
    at.radio(key="flow_kind").set_value(kind)
    at.text_input(key="flow_amount").input(amount)
    if when is not None:
        at.date_input(key="flow_date").set_value(when)
    at.text_input(key="flow_notes").input(notes)
    at.button(key="FormSubmitter:cash_flow_form-Record").click()
    return at.run()


def current_equity(at) -> Decimal:
    """The dashboard's Current equity, parsed back from its USD text."""
    at.switch_page("pages/dashboard.py").run()
    return Decimal(metric_value(at, "Current equity").replace("$", "").replace(",", ""))


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "Amount: 0 must be greater than zero"),
        ("-500", "Amount: '-500' must not be negative"),
        ("100.005", "Amount: '100.005' has more than 2 decimal places"),
        ("12abc", "Amount: '12abc' is not a number"),
        ("", "Amount: is empty; give an amount such as 1250.50"),
    ],
)
def test_a_bad_amount_is_refused_in_words_next_to_the_form(demo_url, open_app, amount, message):
    at = fill(open_app(PAGE), amount=amount)
    assert_no_exception(at)
    assert texts(at, "error") == [message]
    assert not _has(at, "flow_confirm")  # nothing to confirm: nothing will be written


def test_a_future_date_is_refused(demo_url, open_app):
    tomorrow = today() + timedelta(days=1)
    at = fill(open_app(PAGE), amount="1000", when=tomorrow)
    assert_no_exception(at)
    assert texts(at, "error") == [f"Date: {tomorrow} is in the future (today is {today()})"]


def test_a_withdrawal_that_would_make_equity_negative_is_refused(demo_url, open_app):
    flows_before = len(list_cash_flows(open_database(demo_url), ATLAS))
    at = fill(open_app(PAGE), kind="Withdrawal", amount="99999999999")
    assert_no_exception(at)
    [error] = texts(at, "error")
    assert error.startswith(
        "Amount: withdrawal of $99,999,999,999.00 would make equity negative on"
    )
    assert not _has(at, "flow_confirm")
    assert len(list_cash_flows(open_database(demo_url), ATLAS)) == flows_before


def test_record_previews_the_impact_and_writes_nothing(demo_url, open_app):
    flows_before = len(list_cash_flows(open_database(demo_url), ATLAS))
    at = fill(open_app(PAGE), amount="250000.00", notes="Top-up")
    assert_no_exception(at)
    assert not texts(at, "error")
    labels = [m.label for m in at.metric]
    assert "Current equity" in labels and any(label.startswith("Equity on") for label in labels)
    assert "days of equity from" in at.caption[-1].value or any(
        "recomputed" in c.value for c in at.caption
    )
    assert len(list_cash_flows(open_database(demo_url), ATLAS)) == flows_before


def test_a_confirmed_deposit_raises_current_equity_by_exactly_its_amount(demo_url, open_app):
    at = open_app()
    before = current_equity(at)
    at.switch_page(PAGE).run()
    fill(at, amount="123456.78", notes="Capital call")
    at.button(key="flow_confirm").click().run()
    assert_no_exception(at)
    expected = format_money(before + Decimal("123456.78"), "USD")
    assert any(f"Equity now {expected}" in t for t in texts(at, "toast"))
    assert at.text_input(key="flow_amount").value == ""  # the form is cleared
    assert current_equity(at) == before + Decimal("123456.78")


def test_confirm_clicked_twice_records_one_flow(demo_url, open_app):
    db = open_database(demo_url)
    flows_before = len(list_cash_flows(db, ATLAS))
    at = fill(open_app(PAGE), amount="1000.00")
    confirm = at.button(key="flow_confirm")
    confirm.click().run()
    # The second click of a double click arrives from the screen drawn before the first.
    confirm.click().run()
    fill(at, amount="1000.00")  # and the same form submitted again records a new flow
    at.button(key="flow_confirm").click().run()
    assert len(list_cash_flows(db, ATLAS)) == flows_before + 2


def test_a_confirmation_replayed_after_it_was_recorded_records_nothing(demo_url, open_app):
    """Even if the pending request comes back (a retried callback), its key records it once."""
    db = open_database(demo_url)
    flows_before = len(list_cash_flows(db, ATLAS))
    at = fill(open_app(PAGE), amount="777.77")
    pending = at.session_state["flow_pending"]
    at.button(key="flow_confirm").click().run()
    at.session_state["flow_pending"] = pending
    at.run()
    at.button(key="flow_confirm").click().run()
    assert_no_exception(at)
    assert any("was already recorded" in t for t in texts(at, "success"))
    assert len(list_cash_flows(db, ATLAS)) == flows_before + 1


def test_voiding_a_flow_restores_current_equity(demo_url, open_app):
    at = open_app()
    before = current_equity(at)
    at.switch_page(PAGE).run()
    fill(at, amount="5000.00", notes="To be voided")
    at.button(key="flow_confirm").click().run()
    assert current_equity(at) == before + Decimal("5000.00")
    at.switch_page(PAGE).run()
    _select_newest_flow(at)  # the deposit just recorded
    at.text_input(key="void_reason").input("Wire returned")
    at.button(key="FormSubmitter:void_form-Preview void").click().run()
    assert_no_exception(at)
    assert any(shown(m.value).endswith("(To be voided)") for m in at.markdown)
    at.button(key="void_confirm").click().run()
    assert_no_exception(at)
    assert current_equity(at) == before
    voided = [f for f in list_cash_flows(open_database(demo_url), ATLAS) if f.voided]
    assert [(f.notes, f.void_reason) for f in voided] == [("To be voided", "Wire returned")]


def test_a_void_needs_a_reason(demo_url, open_app):
    at = _select_newest_flow(open_app(PAGE))
    at.button(key="FormSubmitter:void_form-Preview void").click().run()
    assert texts(at, "error") == ["Say why this flow is voided."]


def _select_newest_flow(at):
    """A click on the ledger's first row (the newest flow): it opens the void dialog."""
    at.session_state["ledger_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    return at.run()


def _has(at, key: str) -> bool:
    try:
        at.button(key=key)
    except KeyError:
        return False
    return True


# Issue 9, item 1: every write lands as the user saw it, once.


def _atlas_amounts(url: str) -> list[Decimal]:
    return [f.amount for f in list_cash_flows(open_database(url), ATLAS) if not f.voided]


def test_after_a_lost_confirm_a_different_deposit_is_recorded_not_called_a_repeat(
    demo_url, open_app
):
    """X's write landed but its callback never finished (the page never heard); then Y."""
    at = fill(open_app(PAGE), amount="1111.11", notes="X")
    x = at.session_state["flow_pending"].request
    record_cash_flow(open_database(demo_url), x)  # the write of an interrupted Confirm
    at.button(key="flow_cancel").click().run()  # Edit: the form opens again
    fill(at, amount="2222.22", notes="Y")
    at.button(key="flow_confirm").click().run()
    assert_no_exception(at)
    [done] = texts(at, "success")
    assert done.startswith(f"Deposit of $2,222.22 on {today()} into {ATLAS} recorded.")
    amounts = _atlas_amounts(demo_url)
    assert amounts.count(Decimal("1111.11")) == 1 and amounts.count(Decimal("2222.22")) == 1


def test_confirming_again_after_a_lost_answer_records_nothing_and_says_so(demo_url, open_app):
    at = fill(open_app(PAGE), amount="3333.33")
    record_cash_flow(open_database(demo_url), at.session_state["flow_pending"].request)
    at.button(key="flow_confirm").click().run()
    assert_no_exception(at)
    [done] = texts(at, "success")
    assert "was already recorded; nothing new was written" in done
    assert _atlas_amounts(demo_url).count(Decimal("3333.33")) == 1


def test_the_same_request_previewed_again_keeps_its_key_and_a_changed_one_gets_another(
    demo_url, open_app
):
    at = fill(open_app(PAGE), amount="10.00", notes="same")
    first = at.session_state["flow_pending"].request.idempotency_key
    at.button(key="flow_cancel").click().run()
    fill(at, amount="10.00", notes="same")
    assert at.session_state["flow_pending"].request.idempotency_key == first
    at.button(key="flow_cancel").click().run()
    fill(at, amount="10.01", notes="same")
    assert at.session_state["flow_pending"].request.idempotency_key != first


def test_the_form_is_read_only_while_its_preview_is_open(demo_url, open_app):
    """What Confirm writes is what the screen shows: no field changes under a preview."""
    at = fill(open_app(PAGE), amount="500.00")
    assert at.text_input(key="flow_amount").disabled
    assert at.text_input(key="flow_notes").disabled
    assert at.date_input(key="flow_date").disabled
    assert at.radio(key="flow_kind").disabled
    at.button(key="flow_cancel").click().run()
    assert not at.text_input(key="flow_amount").disabled
    assert at.text_input(key="flow_amount").value == "500.00"
    assert not _has(at, "flow_confirm")  # Edit dropped the preview: nothing to confirm


def test_a_preview_is_dropped_when_another_portfolio_is_on_screen(demo_url, open_app):
    at = fill(open_app(PAGE), amount="600.00")
    other = next(name for name in at.sidebar.selectbox[0].options if name != ATLAS)
    at.sidebar.selectbox[0].set_value(other).run()
    assert_no_exception(at)
    assert not _has(at, "flow_confirm")
    assert not at.text_input(key="flow_amount").disabled


def test_a_date_before_inception_is_refused_in_words(demo_url, open_app):
    inception = get_portfolio(open_database(demo_url), ATLAS).inception_date
    before = inception - timedelta(days=1)
    flows_before = len(list_cash_flows(open_database(demo_url), ATLAS))
    at = fill(open_app(PAGE), amount="1000", when=before)
    assert_no_exception(at)
    assert texts(at, "error") == [f"Date: {before} is before the inception date {inception}"]
    assert not _has(at, "flow_confirm")
    assert len(list_cash_flows(open_database(demo_url), ATLAS)) == flows_before


def test_a_deposit_like_one_in_the_ledger_is_flagged_before_confirm(demo_url, open_app):
    at = fill(open_app(PAGE), amount="4444.44")
    at.button(key="flow_confirm").click().run()
    fill(at, amount="4444.44")
    [warning] = texts(at, "warning")
    assert warning.startswith(f"The ledger already holds a deposit of $4,444.44 on {today()}")
    at.button(key="flow_confirm").click().run()  # a second identical deposit, on purpose
    assert _atlas_amounts(demo_url).count(Decimal("4444.44")) == 2


def test_the_void_form_is_read_only_while_its_preview_is_open(demo_url, open_app):
    at = _select_newest_flow(open_app(PAGE))
    at.text_input(key="void_reason").input("Wire returned")
    at.button(key="FormSubmitter:void_form-Preview void").click().run()
    assert at.text_input(key="void_reason").disabled
    at.button(key="void_cancel").click().run()
    assert not at.text_input(key="void_reason").disabled
    assert not _has(at, "void_confirm")


def test_a_void_confirmed_after_its_answer_was_lost_is_refused_not_repeated(demo_url, open_app):
    at = _select_newest_flow(open_app(PAGE))
    at.text_input(key="void_reason").input("Wire returned")
    at.button(key="FormSubmitter:void_form-Preview void").click().run()
    pending = at.session_state["void_pending"]
    void_cash_flow(open_database(demo_url), pending.flow_id, "Wire returned")  # landed, unheard
    at.button(key="void_confirm").click().run()
    assert_no_exception(at)
    [error] = texts(at, "error")
    assert error.startswith("This flow was already voided on ")
    voided = [f for f in list_cash_flows(open_database(demo_url), ATLAS) if f.voided]
    assert [f.id for f in voided].count(pending.flow_id) == 1


def test_hostile_notes_show_literally_in_the_confirmation_and_the_result(demo_url, open_app):
    notes = "**bold** :red[red] $$x$$ [link](http://evil.example/) ![i](http://evil.example/p)"
    at = fill(open_app(PAGE), amount="12.34", notes=notes)
    panel = [m.value for m in at.markdown if "Confirm the" in m.value]
    assert [shown(value) for value in panel] == [
        f"**Confirm the deposit** of **$12.34** on {today()} into **{ATLAS}** ({notes})"
    ]
    assert "**bold**" not in panel[0]  # the asterisks are escaped, so they show as typed
    at.button(key="flow_confirm").click().run()
    [toast] = [element.value for element in at.toast]
    assert toast.startswith(r"Deposit of \$12\.34 on ")  # no bare $ for LaTeX to pair up
