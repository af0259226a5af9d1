"""Creating a portfolio: name, currency, inception date and opening equity (0 allowed)."""

from __future__ import annotations

import streamlit as st

from equity.domain.validation import CURRENCY_CODES
from equity.errors import EquityError
from equity.money import parse_amount
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity_app import data
from equity_app.components import portfolio_picker, toast
from equity_app.format import money
from equity_app.literal import md
from equity_app.messages import in_words
from equity_app.state import today, writer

NAME, CURRENCY, INCEPTION, OPENING = "new_name", "new_currency", "new_inception", "new_opening"
ERROR = "new_portfolio_error"
CURRENCIES = sorted(CURRENCY_CODES)


def show() -> None:
    """The form; on success the new portfolio becomes the one selected in the sidebar."""
    with st.form("portfolio_form", border=True):
        name_column, currency_column = st.columns([3, 1])
        name_column.text_input("Name", key=NAME, placeholder="e.g. Atlas Global Macro")
        currency_column.selectbox(
            "Currency", CURRENCIES, index=CURRENCIES.index("USD"), key=CURRENCY
        )
        date_column, opening_column = st.columns(2)
        date_column.date_input(
            "Inception date", value=today(), max_value=today(), key=INCEPTION, format="YYYY-MM-DD"
        )
        opening_column.text_input(
            "Opening equity",
            key=OPENING,
            placeholder="e.g. 1000000.00",
            help="0 for a portfolio funded by deposits",
        )
        st.form_submit_button("Create portfolio", type="primary", on_click=_create)
    if error := st.session_state.get(ERROR):
        st.error(md(error), icon=":material/error:")


def _create() -> None:
    state = st.session_state
    state.pop(ERROR, None)
    try:
        opening = parse_amount(state[OPENING] or "0", "opening_equity")
        created = create_portfolio(
            writer(),
            NewPortfolio(
                name=state[NAME],
                opening_equity=opening,
                inception_date=state[INCEPTION],
                currency=state[CURRENCY],
            ),
        )
    except EquityError as error:
        state[ERROR] = in_words(error)
        return
    finally:
        data.invalidate()
    portfolio_picker.choose(created.name)
    toast.queue(
        f"Created {created.name} with {money(created.opening_equity, created.currency)} "
        f"on {created.inception_date}."
    )
    state[NAME] = ""
    state[OPENING] = ""
