"""Statements: one portfolio over a month, quarter, year or any two dates, as the client gets it.

The figures are read as the person on the page (viewers included: they may read and
download); the PDF and the printable HTML are drawn only when a download is pressed.
Managers and admins issue the statement on screen (frozen: figures, PDF, SHA-256), and
the issued ones are listed below it, current or restated, with what moved.
"""

from __future__ import annotations

import streamlit as st

from equity.errors import EquityError
from equity.reads.statement import UnbalancedStatement, statement_for
from equity.statements.render import branding
from equity_app import failures, state
from equity_app.components import (
    empty_state,
    sidebar,
    statement_issue,
    statement_issued,
    statement_period,
    statement_view,
)
from equity_app.identity import current_identity

portfolio = sidebar.show()
st.title("Statements")
if portfolio is None:
    empty_state.no_portfolio()
    st.stop()

identity = current_identity()
may_issue = identity.can_write(portfolio.id) and not portfolio.archived
period = statement_period.show(portfolio.inception_date, state.today())
db = identity.database()
try:
    statement = statement_for(db, portfolio.id, period.start, period.end)
except UnbalancedStatement as error:  # the books do not add up: said, never sent
    failures.refused(error)
    statement = None
except failures.DATABASE_ERRORS as error:
    failures.database_unreachable(error)
    st.stop()
except EquityError as error:  # a period before inception, no access
    failures.refused(error)
    statement = None
issued = statement_issued.load(portfolio.id)
if statement is not None:
    statement_view.show(statement, branding(db), db.clock)
    version = statement_issued.latest_version(issued or [], period.start, period.end)
    statement_issue.show(portfolio.id, portfolio.name, period.start, period.end, may_issue, version)
if issued is not None:
    statement_issued.show(issued, portfolio.name, portfolio.currency, may_issue)
