"""The Data page's benchmarks: upload an index's closes under a name, check, preview, import.

A vendor's file says ``Date,Close Price`` or ``As of,Index`` and may write ``4.012,50``: the
upload takes it through the same mapping step, separator choice and full check as a
snapshot file (:mod:`firm_file_check`), every bad row listed before the Import button. The
import is one transaction: a new name creates the benchmark, an existing name adds or
replaces the closes of the dates in the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import pandas as pd
import streamlit as st

from equity.errors import EquityError
from equity.services.benchmarks import (
    BenchmarkView,
    check_benchmark_file,
    import_benchmark_csv,
)
from equity_app import data
from equity_app.components import csv_upload, import_templates, toast
from equity_app.components.firm_file_check import CheckedFile, checked_file
from equity_app.format import day
from equity_app.literal import md
from equity_app.messages import in_words
from equity_app.state import writer

NAME = "benchmark_name"
UPLOAD = "benchmark_upload"
IMPORT = "benchmark_import"


def show(benchmarks: list[BenchmarkView]) -> None:
    st.subheader("Benchmarks")
    st.caption(
        "An index to compare portfolios with on the Performance page: a CSV of daily closes, "
        "columns `date` (YYYY-MM-DD) and `close`. Another header is fine: you match its "
        "columns after the upload. Importing under an existing name adds or replaces the "
        "closes of the file's dates."
    )
    import_templates.download_button("benchmark")
    st.caption(csv_upload.limits_caption())
    _listing(benchmarks)
    name = st.text_input("Benchmark name", key=NAME, placeholder="MSCI World")
    checked = checked_file("benchmark", UPLOAD, "Closes file", check_benchmark_file)
    if checked is None:
        return
    _preview(checked.check.rows)
    _import_button(name.strip(), checked)


def _listing(benchmarks: list[BenchmarkView]) -> None:
    if not benchmarks:
        st.info("No benchmarks imported yet.", icon=":material/show_chart:")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Benchmark": b.name,
                    "From": day(b.first_date),
                    "To": day(b.last_date),
                    "Closes": b.prices,
                }
                for b in benchmarks
            ]
        ),
        hide_index=True,
        width="stretch",
        key="benchmark_list",
    )


def _preview(closes: Sequence[tuple[date, Decimal]]) -> None:
    ordered = sorted(closes)
    st.markdown(
        f"**{len(closes)} closes** ready, from {day(ordered[0][0])} to {day(ordered[-1][0])}."
    )
    st.dataframe(
        pd.DataFrame([{"Date": day(d), "Close": f"{c:,f}"} for d, c in ordered[:200]]),
        hide_index=True,
        width="stretch",
        height=min(36 * 8, 36 * (len(closes) + 1)),
        column_config={"Close": st.column_config.TextColumn(alignment="right")},
        key="benchmark_preview",
    )


def _import_button(name: str, checked: CheckedFile) -> None:
    done = f"imported:benchmark:{name}:{checked.done_key}"
    state = st.session_state
    if done in state:
        st.success(md(state[done]), icon=":material/check_circle:")
        return
    if not name:
        st.caption("Name the benchmark to import it.")
        return
    count = len(checked.check.rows)
    if not st.button(md(f"Import {count:,} closes as {name}"), type="primary", key=IMPORT):
        return
    state[done] = "This file was imported in this session."  # before writing: a 2nd click skips
    try:
        view = import_benchmark_csv(writer(), name, checked.raw, checked.options)
    except EquityError as error:
        del state[done]
        st.error(md(in_words(error)), icon=":material/error:")
        return
    finally:
        data.invalidate()
    message = (
        f"Imported {count} closes into {view.name}: {view.prices} closes from "
        f"{day(view.first_date)} to {day(view.last_date)}."
    )
    state[done] = message
    toast.queue(message)
    st.rerun()
