"""Issue 13: amounts written 1.000.000,00 or 1 000 000,00 are read where the user says so.

The separator is an import option, defaulting to the portfolio's setting, and the cash-flow
form follows that setting too; ``1,000`` is never guessed to be one or a thousand.
"""

from __future__ import annotations

from equity.reads.history import equity_history
from equity.services.cash_flows import list_cash_flows
from equity.storage.database import open_database
from equity_app.components.decimal_separator import COMMA, POINT
from tests.app.import_support import NAME, PAGE, import_buttons, new_portfolio, table_with, upload
from tests.app.screen import assert_no_exception, shown, texts
from tests.hostile_text import NAME as HOSTILE_NAME

COMMA_FILE = (
    "snapshot_date;daily_pnl;total_value\n"
    "2025-01-02;1.500,25;1.001.500,25\n"
    "2025-01-03;-250,50;1 001 249,75\n"
)


def separator(at, key: str):
    [radio] = [r for r in at.radio if r.key.startswith(f"{key}_decimal_")]
    return radio


def test_a_point_portfolio_refuses_comma_amounts_until_the_file_is_said_to_use_commas(
    empty_url, open_app
):
    new_portfolio(empty_url)
    at = upload(open_app(PAGE), "snapshots_upload", COMMA_FILE)
    assert separator(at, "snapshots").value == POINT
    problems = table_with(at, "Problem")
    assert list(zip(problems["Row"], problems["Value"], strict=True)) == [
        (2, "1.500,25"),
        (2, "1.001.500,25"),
        (3, "-250,50"),
        (3, "1 001 249,75"),
    ]
    assert import_buttons(at, "snapshots_import") == []
    separator(at, "snapshots").set_value(COMMA).run()
    assert_no_exception(at)
    assert texts(at, "error") == []
    import_buttons(at, "snapshots_import")[0].click().run()
    assert_no_exception(at)
    frame = equity_history(open_database(empty_url), NAME).frame
    figures = zip(frame["daily_pnl"], frame["total_value"], strict=True)
    assert [(str(pnl), str(total)) for pnl, total in figures] == [
        ("1500.25", "1001500.25"),
        ("-250.50", "1001249.75"),
    ]


def test_a_comma_portfolio_reads_its_files_and_its_form_with_commas(empty_url, open_app):
    new_portfolio(empty_url, decimal_comma=True)
    at = upload(open_app(PAGE), "flows_upload", "date,kind,amount\n2025-01-06,deposit,1.000\n")
    assert separator(at, "flows").value == COMMA
    import_buttons(at, "flows_import")[0].click().run()
    assert_no_exception(at)
    # "1.000" in a decimal-comma file is one thousand, not one.
    [flow] = list_cash_flows(open_database(empty_url), NAME)
    assert str(flow.amount) == "1000.00"
    at.switch_page("pages/cash_flows.py").run()
    assert at.text_input(key="flow_amount").placeholder == "e.g. 250.000,00"
    at.text_input(key="flow_amount").input("2.500,75")
    at.button(key="FormSubmitter:cash_flow_form-Record").click().run()
    assert_no_exception(at)
    assert texts(at, "error") == []
    at.button(key="flow_confirm").click().run()
    assert_no_exception(at)
    amounts = sorted(str(f.amount) for f in list_cash_flows(open_database(empty_url), NAME))
    assert amounts == ["1000.00", "2500.75"]


def test_the_form_of_a_point_portfolio_refuses_a_comma_decimal(empty_url, open_app):
    new_portfolio(empty_url)
    at = open_app("pages/cash_flows.py")
    at.text_input(key="flow_amount").input("2500,75")
    at.button(key="FormSubmitter:cash_flow_form-Record").click().run()
    assert_no_exception(at)
    assert texts(at, "error") == ["Amount: '2500,75' is not a number"]
    assert list_cash_flows(open_database(empty_url), NAME) == []


def test_the_separator_help_names_a_hostile_portfolio_literally(empty_url, open_app):
    new_portfolio(empty_url, HOSTILE_NAME)
    at = open_app(PAGE)
    assert_no_exception(at)
    help_text = separator(at, "snapshots").help
    assert shown(help_text) == f"How the file writes amounts. {HOSTILE_NAME}'s setting: {POINT}."
    assert "**" not in help_text  # the Markdown in the name is escaped, not rendered
