"""A statement on screen: the reconciliation, returns, chart, flows and the two downloads.

Figures and words come from the same :mod:`equity.statements.wording` as the PDF, so the
page reads what the client will. User text (the name, each note) is shown only through
``md`` or inside dataframes, which render nothing.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from equity.clock import Clock
from equity.reads.statement import Statement
from equity.statements.html import statement_html
from equity.statements.pdf import statement_pdf
from equity.statements.wording import (
    Branding,
    as_of_note,
    flow_rows,
    return_notes,
    return_rows,
    summary_rows,
)
from equity_app import palette
from equity_app.components.charts import ISO_DATE, MONEY_TICKS, chart_config
from equity_app.format import money, to_float
from equity_app.literal import md


def show(statement: Statement, brand: Branding, clock: Clock) -> None:
    """The statement's figures; its documents are drawn only when a download is asked for."""
    st.caption(
        f"**{md(statement.portfolio)}** from {statement.start} to {statement.end}, in "
        f"{statement.currency}. {md(as_of_note(statement))}"
    )
    downloads(statement, brand, clock)
    left, right = st.columns([2, 3])
    with left:
        st.subheader("Summary")
        st.dataframe(
            pd.DataFrame(summary_rows(statement), columns=["", "Amount"]),
            hide_index=True,
            width="stretch",
            column_config=_right("Amount"),
            key="statement_summary",
        )
        st.subheader("Returns")
        st.dataframe(
            pd.DataFrame(return_rows(statement), columns=["", "Period", "Since inception"]),
            hide_index=True,
            width="stretch",
            column_config=_right("Period", "Since inception"),
            key="statement_returns",
        )
    with right:
        st.subheader("Equity and net contributions")
        st.plotly_chart(
            chart(statement), config=chart_config(statement.currency), key="statement_chart"
        )
    st.subheader("Deposits and withdrawals")
    rows = flow_rows(statement)
    if rows:
        st.dataframe(
            pd.DataFrame(rows, columns=["Date", "Kind", "Amount", "Notes"]),
            hide_index=True,
            width="stretch",
            column_config=_right("Amount"),
            key="statement_flows",
        )
    else:
        st.text("No deposits or withdrawals in the period.")
    for line in return_notes(statement):
        st.caption(md(line))


def _right(*columns: str) -> dict:
    """Figures right-aligned, as in the PDF, so digits line up."""
    return {name: st.column_config.TextColumn(name, alignment="right") for name in columns}


def downloads(statement: Statement, brand: Branding, clock: Clock) -> None:
    """The PDF and the printable HTML; anyone who may read the portfolio may download.

    Each is drawn when its button is pressed (Streamlit calls ``data`` then), stamped
    with that moment: drawing the PDF on every rerun cost 0.3-0.6 s of each interaction.
    """
    stem = file_stem(statement)
    row = st.container(horizontal=True)
    row.download_button(
        "Download PDF",
        data=lambda: statement_pdf(statement, brand, clock.now()),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key="statement_pdf",
    )
    row.download_button(
        "Download HTML",
        data=lambda: statement_html(statement, brand, clock.now()).encode("utf-8"),
        file_name=f"{stem}.html",
        mime="text/html",
        icon=":material/print:",
        key="statement_html",
    )


def file_stem(statement: Statement) -> str:
    """``statement-<name>-<from>-<to>``, the name kept to letters, digits, - and _."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", statement.portfolio).strip("-") or "portfolio"
    return f"statement-{name[:60]}-{statement.start}-{statement.end}"


def chart(statement: Statement) -> go.Figure:
    """The PDF's chart: equity solid, net contributions dashed, money hovers exact."""
    figure = go.Figure()
    for attribute, name, colour, dash in (
        ("net_contributions", "Net contributions", palette.CONTRIBUTIONS, "dash"),
        ("equity", "Equity", palette.EQUITY, "solid"),
    ):
        values = [getattr(point, attribute) for point in statement.series]
        figure.add_trace(
            go.Scatter(
                x=[point.date for point in statement.series],
                y=[to_float(v) for v in values],
                name=name,
                mode="lines" if len(values) > 1 else "markers",
                line={"color": colour, "width": 2, "dash": dash},
                customdata=[money(v, statement.currency) for v in values],
                hovertemplate=f"{name} %{{customdata}}<extra></extra>",
            )
        )
    figure.update_layout(
        height=320,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    )
    figure.update_yaxes(tickformat=MONEY_TICKS, automargin=True)
    figure.update_xaxes(hoverformat=ISO_DATE, automargin=True)
    return figure
