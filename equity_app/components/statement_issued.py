"""The issued statements of a portfolio: versions, who and when, SHA-256, status, differences.

A restated statement shows what moved (as issued, now) and can be reissued; every
version's PDF downloads exactly as stored, so its SHA-256 is what the client can check.
Issued by is an email or a name someone typed: shown inside a dataframe (plain text).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pandas as pd
import streamlit as st

from equity.errors import EquityError
from equity.services.statements import IssuedStatement, list_statements, statement_pdf
from equity_app import failures
from equity_app.components import statement_issue
from equity_app.format import money, percent
from equity_app.state import writer

FIGURE_NAMES = {
    "opening_equity": "Opening equity",
    "deposits": "Deposits",
    "withdrawals": "Withdrawals",
    "pnl": "P&L",
    "closing_equity": "Closing equity",
    "twr": "TWR, period",
    "mwr": "MWR, period",
    "twr_since_inception": "TWR since inception",
    "mwr_since_inception": "MWR since inception",
    "statement": "Statement",
}
LIST_COLUMNS = ["Period", "Version", "Status", "Issued by", "Issued at (UTC)", "SHA-256"]


def load(portfolio_id: uuid.UUID) -> list[IssuedStatement] | None:
    """The portfolio's issued statements, or None (said on the page) when refused."""
    try:
        return list_statements(writer(), portfolio_id)
    except EquityError as error:
        failures.refused(error)
        return None


def latest_version(issued: list[IssuedStatement], start: date, end: date) -> int | None:
    """The newest version issued for exactly this period, if any."""
    versions = [item.version for item in issued if (item.start, item.end) == (start, end)]
    return max(versions, default=None)


def show(issued: list[IssuedStatement], name: str, currency: str, may_issue: bool) -> None:
    st.subheader("Issued statements")
    if not issued:
        st.text("No statement of this portfolio has been issued yet.")
        return
    latest = _latest_ids(issued)
    restated = [item for item in issued if item.restated and item.id in latest]
    if restated:
        noun = "statement no longer matches" if len(restated) == 1 else "statements no longer match"
        st.warning(
            f"{len(restated)} issued {noun} the books: restated below.",
            icon=":material/warning:",
        )
    st.dataframe(
        pd.DataFrame([_row(item) for item in issued], columns=LIST_COLUMNS),
        hide_index=True,
        width="stretch",
        key="statement_issued_list",
    )
    for item in restated:
        _restated(item, name, currency, may_issue)
    _download(issued)


def _latest_ids(issued: list[IssuedStatement]) -> set[uuid.UUID]:
    """The newest version of each period (the list is newest version first)."""
    seen: dict[tuple, uuid.UUID] = {}
    for item in issued:
        seen.setdefault((item.start, item.end), item.id)
    return set(seen.values())


def _row(item: IssuedStatement) -> tuple:
    return (
        f"{item.start} to {item.end}",
        item.version,
        item.status,
        item.issued_by,
        f"{item.issued_at:%Y-%m-%d %H:%M}",
        item.sha256[:12],
    )


def _restated(item: IssuedStatement, name: str, currency: str, may_issue: bool) -> None:
    with st.container(border=True, key=f"statement_restated_{item.id}"):
        st.markdown(
            f"**{item.start} to {item.end}, version {item.version}: restated** {_since(item)}"
        )
        st.dataframe(
            pd.DataFrame(
                [
                    (
                        FIGURE_NAMES.get(d.figure, d.figure),
                        _shown(d.issued, currency),
                        _shown(d.now, currency),
                    )
                    for d in item.differences
                ],
                columns=["Figure", "As issued", "Now"],
            ),
            hide_index=True,
            width="stretch",
            column_config={
                c: st.column_config.TextColumn(c, alignment="right") for c in ("As issued", "Now")
            },
        )
        if may_issue:
            st.button(
                "Reissue",
                icon=":material/refresh:",
                key=f"statement_reissue_{item.id}",
                on_click=statement_issue.ask,
                args=(item.portfolio_id, name, item.start, item.end, item.version),
                disabled=statement_issue.ISSUE.locked(),
            )


def _since(item: IssuedStatement) -> str:
    if item.status_changed_at is None:
        return ""
    return f"(since {item.status_changed_at:%Y-%m-%d %H:%M} UTC)"


def _shown(value: object, currency: str) -> str:
    """Money strings with the currency, ratios as percentages, undefined in words."""
    if value is None:
        return "undefined"
    if isinstance(value, str):
        try:
            return money(Decimal(value), currency)
        except ArithmeticError:
            return value
    return percent(float(value), places=4)


def _download(issued: list[IssuedStatement]) -> None:
    """Any version's PDF, exactly as stored (read only for the one chosen)."""
    by_id = {item.id: item for item in issued}
    chosen = st.selectbox(
        "Issued PDF",
        options=list(by_id),
        format_func=lambda key: _label(by_id[key]),
        key="statement_issued_pick",
    )
    item = by_id[chosen]
    try:
        pdf = statement_pdf(writer(), item.id)
    except EquityError as error:
        failures.refused(error)
        return
    st.download_button(
        "Download issued PDF",
        data=pdf,
        file_name=f"statement-{item.start}-{item.end}-v{item.version}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key="statement_issued_pdf",
    )
    st.caption(f"SHA-256 {item.sha256}")


def _label(item: IssuedStatement) -> str:
    return f"{item.start} to {item.end}, version {item.version} ({item.status})"
