"""Statements: one portfolio over a month, quarter, year or any two dates, as the client gets it.

The figures are read as the person on the page (viewers included: they may read and
download), prepared at the database clock's moment into the PDF and the printable HTML.
"""

from __future__ import annotations

import streamlit as st

from equity.errors import EquityError
from equity.reads.statement import UnbalancedStatement
from equity.statements.render import prepare_documents
from equity_app import failures, state
from equity_app.components import empty_state, sidebar, statement_period, statement_view
from equity_app.identity import current_identity

portfolio = sidebar.show()
st.title("Statements")
if portfolio is None:
    empty_state.no_portfolio()
    st.stop()

period = statement_period.show(portfolio.inception_date, state.today())
try:
    documents = prepare_documents(
        current_identity().database(), portfolio.id, period.start, period.end
    )
except UnbalancedStatement as error:  # the books do not add up: said, never sent
    failures.refused(error)
    st.stop()
except failures.DATABASE_ERRORS as error:
    failures.database_unreachable(error)
    st.stop()
except EquityError as error:  # a period before inception, an unbalanced book, no access
    failures.refused(error)
    st.stop()
statement_view.show(documents)
