"""CSV uploads: a preview or the list of bad rows, then one all-or-nothing import.

The file is parsed once (see :mod:`csv_upload`) before anything is written; bad rows are
listed with their row number (as a spreadsheet counts them), column, value and the reason.
What the import would change is shown before the Import button, measured against the
database as it is then: the days it replaces (snapshots) or the flows it repeats. Once the
file is imported those findings are not shown again, since the database now holds the file.
The import is one service call, one transaction. A session remembers each file it imported,
so a double click on Import (or clicking it again) does not import the same file twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from equity.errors import EquityError
from equity.services.imports import (
    FlowRow,
    file_key,
    import_cash_flows,
    parse_cash_flow_csv,
    parse_snapshot_csv,
)
from equity.services.snapshots import (
    ReplacedDay,
    SnapshotInput,
    preview_replaced_days,
    upsert_snapshots,
)
from equity.services.views import FlowView, PortfolioView
from equity.storage.models import CARRY_FORWARD
from equity_app import data
from equity_app.components import csv_upload, toast
from equity_app.format import day, money, signed_money
from equity_app.literal import md
from equity_app.messages import counted, in_words
from equity_app.state import database, writer

#: Rows shown in a preview table; the count above it covers the whole file.
PREVIEW_ROWS = 200


@dataclass(frozen=True)
class CsvImport:
    """What differs between the snapshot and the cash-flow upload."""

    key: str
    title: str
    columns: str
    parse: Callable[[bytes], list]
    preview: Callable[[Sequence, str], pd.DataFrame]
    #: Shows what importing would change, against the database as it is now, and returns
    #: the Import button's label (plain text).
    findings: Callable[[PortfolioView, Sequence, list[FlowView] | None], str]
    commit: Callable[[PortfolioView, bytes, Sequence], str]


def show(spec: CsvImport, portfolio: PortfolioView, ledger: list[FlowView] | None = None) -> None:
    """Upload, check, preview, import: the whole journey of one CSV file."""
    st.subheader(spec.title)
    st.caption(f"Columns: {spec.columns}. Header in row 1; dates as YYYY-MM-DD.")
    st.caption(csv_upload.limits_caption())
    upload = st.file_uploader(
        f"{spec.title} file",
        type=["csv", "txt"],
        key=f"{spec.key}_upload",
        max_upload_size=csv_upload.UPLOAD_MEGABYTES,  # the importer's own limit
    )
    if upload is None:
        csv_upload.forget(f"{spec.key}_upload")
        return
    raw = upload.getvalue()
    parsed = csv_upload.parse_once(f"{spec.key}_upload", raw, spec.parse)
    if not parsed.importable:
        csv_upload.show_problems(parsed, key=f"{spec.key}_errors")
        return
    _rows_table(spec, parsed.rows, portfolio)
    done = f"imported:{spec.key}:{portfolio.id}:{parsed.digest}"
    if done in st.session_state:  # the database now holds this file: nothing to warn about
        st.success(md(st.session_state[done]), icon=":material/check_circle:")
        return
    try:
        button_label = spec.findings(portfolio, parsed.rows, ledger)
    except EquityError as error:  # a row this portfolio cannot take (before its inception…)
        st.error(md(f"Nothing was imported: {in_words(error)}"), icon=":material/error:")
        return
    _import_button(spec, portfolio, raw, parsed.rows, done, button_label)


def _rows_table(spec: CsvImport, rows: Sequence, portfolio: PortfolioView) -> None:
    table = spec.preview(rows[:PREVIEW_ROWS], portfolio.currency)
    dates = [_date_of(row) for row in rows]
    ready = counted(len(rows), "row")
    st.markdown(f"**{ready}** ready, from {day(min(dates))} to {day(max(dates))}.")
    st.dataframe(table, hide_index=True, width="stretch", height=min(36 * 8, 36 * (len(table) + 1)))


def _date_of(row: SnapshotInput | FlowRow):
    return row.snapshot_date if isinstance(row, SnapshotInput) else row.flow_date


def _import_button(
    spec: CsvImport,
    portfolio: PortfolioView,
    raw: bytes,
    rows: Sequence,
    done: str,
    button_label: str,
) -> None:
    state = st.session_state
    if not st.button(md(button_label), type="primary", key=f"{spec.key}_import"):
        return
    state[done] = "This file was imported in this session."  # before writing: a 2nd click skips
    progress = st.progress(0.1, text=f"Checked {counted(len(rows), 'row')}.")
    progress.progress(0.4, text=f"Writing {counted(len(rows), 'row')} in one transaction…")
    try:
        message = spec.commit(portfolio, raw, rows)
    except EquityError as error:
        del state[done]
        progress.empty()
        st.error(md(in_words(error)), icon=":material/error:")
        return
    finally:
        data.invalidate()
    progress.progress(1.0, text="Done.")
    state[done] = message
    toast.queue(message)
    st.rerun()


def _snapshot_findings(
    portfolio: PortfolioView, rows: Sequence, _ledger: list[FlowView] | None
) -> str:
    """The stored days this file would overwrite, old -> new, and the button that says so."""
    replaced = preview_replaced_days(database(), portfolio.id, rows)
    new = len({row.snapshot_date for row in rows}) - len(replaced)
    if replaced:
        st.warning(
            f"{len(replaced):,} day(s) already stored will be replaced; their old figures "
            "are below, and the audit keeps them.",
            icon=":material/published_with_changes:",
        )
        st.dataframe(
            _replaced_table(replaced, portfolio.currency),
            hide_index=True,
            width="stretch",
            key="snapshots_replaced",
            height=min(36 * 8, 36 * (min(len(replaced), PREVIEW_ROWS) + 1)),
        )
    return f"Import {new:,} new and {len(replaced):,} replaced days into {portfolio.name}"


#: What a stored day was, in words: a carry-forward day was filled by a flow, not reported.
_STORED_AS = {
    "batch": "batch snapshot",
    "import": "imported snapshot",
    "manual": "snapshot entered by hand",
    CARRY_FORWARD: "filled carry-forward day",
}


def _replaced_table(replaced: list[ReplacedDay], currency: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Date": day(r.snapshot_date),
                "Daily P&L": f"{signed_money(r.old_daily_pnl, currency)} → "
                f"{signed_money(r.new_daily_pnl, currency)}",
                "Total value": f"{money(r.old_total_value, currency)} → "
                f"{money(r.new_total_value, currency)}",
                "Replaces": _STORED_AS.get(r.old_source, r.old_source),
            }
            for r in replaced[:PREVIEW_ROWS]
        ],
        columns=["Date", "Daily P&L", "Total value", "Replaces"],
    )


def _flow_findings(portfolio: PortfolioView, rows: Sequence, ledger: list[FlowView] | None) -> str:
    """Rows that repeat live flows of the ledger as it is before this import."""
    if ledger is not None and (repeats := _already_in_ledger(rows, ledger)):
        st.warning(
            f"{repeats:,} of these rows "
            f"{'matches a flow' if repeats == 1 else 'match flows'} already in the ledger "
            f"(same date, type, amount and notes). Importing records "
            f"{'it' if repeats == 1 else 'them'} again.",
            icon=":material/content_copy:",
        )
    return f"Import {counted(len(rows), 'row')} into {portfolio.name}"


def _already_in_ledger(rows: Sequence[FlowRow], ledger: list[FlowView]) -> int:
    live = {(f.flow_date, f.kind, f.amount, f.notes) for f in ledger if not f.voided}
    return sum((r.flow_date, r.kind, r.amount, r.notes) in live for r in rows)


def _snapshot_preview(rows: Sequence, currency: str) -> pd.DataFrame:
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


def _flow_preview(rows: Sequence, currency: str) -> pd.DataFrame:
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


def _commit_snapshots(portfolio: PortfolioView, _raw: bytes, rows: Sequence) -> str:
    result = upsert_snapshots(writer(), portfolio.id, rows, "import")
    return (
        f"Imported {result.inserted} new and {result.updated} replaced snapshots into "
        f"{portfolio.name}; {result.days_recomputed} days recomputed. "
        f"Equity now {money(result.new_equity_balance, portfolio.currency)}."
    )


def _commit_flows(portfolio: PortfolioView, raw: bytes, rows: Sequence) -> str:
    result = import_cash_flows(writer(), portfolio.id, rows, key_prefix=file_key(raw))
    if result.already_recorded:
        return f"This file was already imported into {portfolio.name}; nothing was recorded again."
    return (
        f"Recorded {counted(result.recorded, 'flow')} into {portfolio.name} from "
        f"{day(result.first_date)}; {result.days_recomputed} days recomputed. "
        f"Equity now {money(result.new_equity_balance, portfolio.currency)}."
    )


SNAPSHOTS = CsvImport(
    key="snapshots",
    title="Import snapshots",
    columns="`snapshot_date`, `daily_pnl`, optional `total_value`",
    parse=parse_snapshot_csv,
    preview=_snapshot_preview,
    findings=_snapshot_findings,
    commit=_commit_snapshots,
)
CASH_FLOWS = CsvImport(
    key="flows",
    title="Import cash flows",
    columns="`date`, `kind` (deposit or withdrawal), `amount`, optional `notes`",
    parse=parse_cash_flow_csv,
    preview=_flow_preview,
    findings=_flow_findings,
    commit=_commit_flows,
)
