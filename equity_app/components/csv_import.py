"""CSV uploads: a preview or the list of bad rows, then one all-or-nothing import.

The file is parsed in full before anything is written; every bad row is listed with its
row number (as a spreadsheet counts them), column, value and the reason. The import is
one service call, one transaction. A session remembers each file it imported, so a double
click on Import (or clicking it again) does not import the same file twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from equity.domain.csv_rows import MAX_CSV_BYTES, CsvLayout, CsvRowsError, read_csv_records
from equity.errors import EquityError, ValidationError
from equity.services.imports import (
    FLOW_LAYOUT,
    SNAPSHOT_LAYOUT,
    file_key,
    import_cash_flows,
    import_snapshots_csv,
    parse_cash_flow_csv,
    parse_snapshot_csv,
)
from equity.services.views import FlowView, PortfolioView
from equity_app import data
from equity_app.components import toast
from equity_app.format import day, money, signed_money
from equity_app.messages import in_words, label
from equity_app.state import current_actor, database


@dataclass(frozen=True)
class CsvImport:
    """What differs between the snapshot and the cash-flow upload."""

    key: str
    title: str
    columns: str
    layout: CsvLayout
    parse: Callable[[bytes], list]
    preview: Callable[[list, str], pd.DataFrame]
    commit: Callable[[PortfolioView, bytes, list], str]


def show(spec: CsvImport, portfolio: PortfolioView, ledger: list[FlowView] | None = None) -> None:
    """Upload, check, preview, import: the whole journey of one CSV file."""
    st.subheader(spec.title)
    st.caption(f"Columns: {spec.columns}. Header in row 1; dates as YYYY-MM-DD.")
    upload = st.file_uploader(
        f"{spec.title} file",
        type=["csv", "txt"],
        key=f"{spec.key}_upload",
        max_upload_size=MAX_CSV_BYTES // (1024 * 1024),  # the importer's own limit
    )
    if upload is None:
        return
    raw = upload.getvalue()
    try:
        rows = spec.parse(raw)
    except CsvRowsError as error:
        row_errors(error.errors, raw, spec.layout)
        return
    except ValidationError as error:
        st.error(in_words(error), icon=":material/error:")
        return
    _preview(spec, rows, portfolio, ledger)
    _import_button(spec, portfolio, raw, rows)


def _preview(
    spec: CsvImport, rows: list, portfolio: PortfolioView, ledger: list[FlowView] | None
) -> None:
    table = spec.preview(rows, portfolio.currency)
    st.markdown(f"**{len(rows)} rows** ready, from {table['Date'].min()} to {table['Date'].max()}.")
    st.dataframe(
        table.head(200), hide_index=True, width="stretch", height=min(36 * 8, 36 * (len(rows) + 1))
    )
    if ledger is not None and (repeats := _already_in_ledger(rows, ledger)):
        st.warning(
            f"{repeats} of these rows match flows already in the ledger (same date, type, "
            "amount and notes). Importing records them again.",
            icon=":material/content_copy:",
        )


def _import_button(spec: CsvImport, portfolio: PortfolioView, raw: bytes, rows: list) -> None:
    done = f"imported:{spec.key}:{portfolio.id}:{hashlib.sha256(raw).hexdigest()}"
    state = st.session_state
    if done in state:
        st.success(state[done], icon=":material/check_circle:")
        return
    if not st.button(
        f"Import {len(rows)} rows into {portfolio.name}", type="primary", key=f"{spec.key}_import"
    ):
        return
    state[done] = "This file was imported in this session."  # before writing: a 2nd click skips
    progress = st.progress(0.1, text=f"Checked {len(rows)} rows.")
    progress.progress(0.4, text=f"Writing {len(rows)} rows in one transaction…")
    try:
        message = spec.commit(portfolio, raw, rows)
    except EquityError as error:
        del state[done]
        progress.empty()
        st.error(in_words(error), icon=":material/error:")
        return
    finally:
        data.invalidate()
    progress.progress(1.0, text="Done.")
    state[done] = message
    toast.queue(message)
    st.rerun()


def row_errors(
    errors: list[ValidationError], raw: bytes, layout: CsvLayout, key: str = "csv_errors"
) -> None:
    """A table a person can fix the file from: row, column, value, why (every CSV upload)."""
    values = _raw_values(raw, layout)
    st.error(
        f"Nothing was imported: {len(errors)} row(s) need fixing first.",
        icon=":material/error:",
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Row": problem.row,
                    "Column": problem.field,
                    "Value": values.get(problem.row, {}).get(problem.field, ""),
                    "Problem": f"{label(problem.field)}: {problem.message}",
                }
                for problem in errors
            ],
            columns=["Row", "Column", "Value", "Problem"],
        ),
        hide_index=True,
        width="stretch",
        key=key,
    )


def _raw_values(raw: bytes, layout: CsvLayout) -> dict[int | None, dict[str, str]]:
    try:
        return dict(read_csv_records(raw, layout))
    except EquityError:  # the file is too broken to show values: the reasons still are
        return {}


def _already_in_ledger(rows: list, ledger: list[FlowView]) -> int:
    live = {(f.flow_date, f.kind, f.amount, f.notes) for f in ledger if not f.voided}
    return sum((r.flow_date, r.kind, r.amount, r.notes) in live for r in rows)


def _snapshot_preview(rows: list, currency: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Date": day(r.snapshot_date),
                "Daily P&L": signed_money(r.daily_pnl, currency),
                "Total value": money(r.total_value, currency)
                if r.total_value is not None
                else "carried from the day before",
            }
            for r in rows
        ]
    )


def _flow_preview(rows: list, currency: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Date": day(r.flow_date),
                "Type": r.kind.capitalize(),
                "Amount": money(r.amount, currency),
                "Notes": r.notes or "",
            }
            for r in rows
        ]
    )


def _commit_snapshots(portfolio: PortfolioView, raw: bytes, _rows: list) -> str:
    result = import_snapshots_csv(database(), portfolio.id, raw)
    return (
        f"Imported {result.inserted} new and {result.updated} replaced snapshots into "
        f"{portfolio.name}; {result.days_recomputed} days recomputed. "
        f"Equity now {money(result.new_equity_balance, portfolio.currency)}."
    )


def _commit_flows(portfolio: PortfolioView, raw: bytes, rows: list) -> str:
    result = import_cash_flows(
        database(), portfolio.id, rows, created_by=current_actor(), key_prefix=file_key(raw)
    )
    if result.already_recorded:
        return f"This file was already imported into {portfolio.name}; nothing was recorded again."
    return (
        f"Recorded {result.recorded} flows into {portfolio.name} from "
        f"{day(result.first_date)}; {result.days_recomputed} days recomputed. "
        f"Equity now {money(result.new_equity_balance, portfolio.currency)}."
    )


SNAPSHOTS = CsvImport(
    key="snapshots",
    title="Import snapshots",
    columns="`snapshot_date`, `daily_pnl`, optional `total_value`",
    layout=SNAPSHOT_LAYOUT,
    parse=parse_snapshot_csv,
    preview=_snapshot_preview,
    commit=_commit_snapshots,
)
CASH_FLOWS = CsvImport(
    key="flows",
    title="Import cash flows",
    columns="`date`, `kind` (deposit or withdrawal), `amount`, optional `notes`",
    layout=FLOW_LAYOUT,
    parse=parse_cash_flow_csv,
    preview=_flow_preview,
    commit=_commit_flows,
)
