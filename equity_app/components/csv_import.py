"""CSV uploads: template, number format, column mapping, the full check, then one import.

The journey of one file: the user downloads the template (or brings their own file), says
which decimal separator it uses (the portfolio's setting by default), matches its columns
when its header is not ours (:mod:`column_mapper`), and sees everything the engine's check
finds (:mod:`import_findings`): every error in one table before any Import button, the
warnings beside the button. What importing would change against the database as it is
now (the days it replaces, the flows it repeats) is shown before the button too.

The check runs once per file and choice of options (kept by content hash); the import
writes exactly the rows that check read, with the mapping and separator the user saw, in
one transaction. A session remembers each file it imported, so a double click on Import,
or a refresh, does not import the same file twice (and flows carry idempotency keys).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from equity.errors import EquityError
from equity.services.import_check import (
    ImportCheck,
    ImportOptions,
    Progress,
    check_flow_file,
    check_snapshot_file,
    import_checked_flows,
    import_checked_snapshots,
)
from equity.services.imports import FlowRow, file_key
from equity.services.snapshots import SnapshotInput
from equity.services.views import FlowView, PortfolioView
from equity.storage.database import Database
from equity_app import data
from equity_app.components import (
    column_mapper,
    csv_upload,
    decimal_separator,
    import_findings,
    import_templates,
    replaced_days,
    toast,
)
from equity_app.format import day, money, signed_money
from equity_app.literal import md
from equity_app.messages import counted, in_words
from equity_app.state import writer

#: Rows shown in a preview table; the count above it covers the whole file.
PREVIEW_ROWS = 200


@dataclass(frozen=True)
class CsvImport:
    """What differs between the snapshot and the cash-flow upload."""

    key: str
    #: The engine's name of this import (templates, mapping fields).
    kind: str
    title: str
    columns: str
    check: Callable[[Database, uuid.UUID, bytes, ImportOptions, Progress], ImportCheck]
    preview: Callable[[Sequence, str], pd.DataFrame]
    #: Shows what importing would change, against the database as it is now, and returns
    #: the Import button's label (plain text).
    findings: Callable[[PortfolioView, Sequence, list[FlowView] | None], str]
    commit: Callable[[PortfolioView, bytes, ImportCheck], str]


def show(spec: CsvImport, portfolio: PortfolioView, ledger: list[FlowView] | None = None) -> None:
    """Template, options, upload, mapping, check, preview, import: one CSV file's journey."""
    st.subheader(spec.title)
    st.caption(
        f"Columns: {spec.columns}; dates as YYYY-MM-DD. Another header is fine: you match "
        "its columns after the upload."
    )
    import_templates.download_button(spec.kind)
    st.caption(csv_upload.limits_caption())
    decimal_comma = decimal_separator.choice(f"{spec.key}_decimal", portfolio)
    slot = f"{spec.key}_upload"
    upload = st.file_uploader(
        f"{spec.title} file",
        type=["csv", "txt"],
        key=slot,
        max_upload_size=csv_upload.UPLOAD_MEGABYTES,  # the importer's own limit
    )
    if upload is None:
        csv_upload.forget(slot)
        csv_upload.forget(f"{slot}_header")
        return
    raw = upload.getvalue()
    digest = hashlib.sha256(raw).hexdigest()
    options = _options(spec, slot, raw, digest, decimal_comma)
    if options is None:
        return
    check = _check_once(spec, portfolio, slot, raw, digest, options)
    if check is None:
        return
    import_findings.show(check, spec.key)
    if not check.importable:
        return
    _rows_table(spec, check.rows, portfolio)
    done = f"imported:{spec.key}:{portfolio.id}:{digest}"
    if done in st.session_state:  # the database now holds this file: nothing to warn about
        st.success(md(st.session_state[done]), icon=":material/check_circle:")
        return
    try:
        button_label = spec.findings(portfolio, check.rows, ledger)
    except EquityError as error:  # a row this portfolio cannot take
        st.error(md(f"Nothing was imported: {in_words(error)}"), icon=":material/error:")
        return
    _import_button(spec, portfolio, raw, check, done, button_label)


def _options(
    spec: CsvImport, slot: str, raw: bytes, digest: str, decimal_comma: bool
) -> ImportOptions | None:
    """How the file is read: its mapping (asked for when its header is not ours) and
    separator; None while the mapping step still needs an answer."""
    header = csv_upload.check_once(f"{slot}_header", digest, lambda: column_mapper.file_header(raw))
    if not column_mapper.needs_mapping(spec.kind, header):
        return ImportOptions(mapping=None, decimal_comma=decimal_comma)
    mapping = column_mapper.show(spec.kind, slot, digest, header)
    if mapping is None:
        return None
    return ImportOptions(mapping=mapping, decimal_comma=decimal_comma)


def _check_once(
    spec: CsvImport,
    portfolio: PortfolioView,
    slot: str,
    raw: bytes,
    digest: str,
    options: ImportOptions,
) -> ImportCheck | None:
    """The engine's full check of the file under ``options``, run once per choice.

    A long file shows a progress bar while it is checked. None when the check itself is
    refused (the person may not import into this portfolio, say), said in words.
    """
    mapping = tuple(sorted((options.mapping or {}).items()))
    key = (digest, str(portfolio.id), mapping, options.decimal_comma)

    def run() -> ImportCheck:
        bar = st.empty()

        def progress(done: int, total: int) -> None:
            share = done / total if total else 1.0
            bar.progress(share, text=f"Checking row {done:,} of {total:,}…")

        try:
            return spec.check(writer(), portfolio.id, raw, options, progress)
        finally:
            bar.empty()

    try:
        return csv_upload.check_once(slot, key, run)
    except EquityError as error:
        st.error(md(f"Nothing was imported: {in_words(error)}"), icon=":material/error:")
        return None


def _rows_table(spec: CsvImport, rows: Sequence, portfolio: PortfolioView) -> None:
    table = spec.preview(rows[:PREVIEW_ROWS], portfolio.currency)
    dates = [_date_of(row) for row in rows]
    ready = counted(len(rows), "row")
    st.markdown(f"**{ready}** ready, from {day(min(dates))} to {day(max(dates))}.")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(36 * 8, 36 * (len(table) + 1)),
        key=f"{spec.key}_preview",
    )


def _date_of(row: SnapshotInput | FlowRow):
    return row.snapshot_date if isinstance(row, SnapshotInput) else row.flow_date


def _import_button(
    spec: CsvImport,
    portfolio: PortfolioView,
    raw: bytes,
    check: ImportCheck,
    done: str,
    button_label: str,
) -> None:
    state = st.session_state
    if not st.button(md(button_label), type="primary", key=f"{spec.key}_import"):
        return
    state[done] = "This file was imported in this session."  # before writing: a 2nd click skips
    rows = counted(len(check.rows), "row")
    with st.status(f"Writing {rows} and recomputing equity, in one transaction…") as status:
        try:
            message = spec.commit(portfolio, raw, check)
        except EquityError as error:
            del state[done]
            status.update(label="Nothing was imported.", state="error")
            st.error(md(in_words(error)), icon=":material/error:")
            return
        finally:
            data.invalidate()
        status.update(label=md(message), state="complete")
    state[done] = message
    toast.queue(message)
    st.rerun()


def _snapshot_findings(
    portfolio: PortfolioView, rows: Sequence, _ledger: list[FlowView] | None
) -> str:
    """The stored days this file would overwrite, old -> new, and the button that says so."""
    replaced = replaced_days.show(portfolio, rows)
    new = len({row.snapshot_date for row in rows}) - replaced
    return f"Import {new:,} new and {replaced:,} replaced days into {portfolio.name}"


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


def _commit_snapshots(portfolio: PortfolioView, _raw: bytes, check: ImportCheck) -> str:
    result = import_checked_snapshots(writer(), portfolio.id, check)
    return (
        f"Imported {result.inserted} new and {result.updated} replaced snapshots into "
        f"{portfolio.name}; {result.days_recomputed} days recomputed. "
        f"Equity now {money(result.new_equity_balance, portfolio.currency)}."
    )


def _commit_flows(portfolio: PortfolioView, raw: bytes, check: ImportCheck) -> str:
    result = import_checked_flows(writer(), portfolio.id, check, key_prefix=file_key(raw))
    if result.already_recorded:
        return f"This file was already imported into {portfolio.name}; nothing was recorded again."
    skipped = (
        f" {counted(check.skipped_voided, 'voided flow')} skipped." if check.skipped_voided else ""
    )
    return (
        f"Recorded {counted(result.recorded, 'flow')} into {portfolio.name} from "
        f"{day(result.first_date)}; {result.days_recomputed} days recomputed. "
        f"Equity now {money(result.new_equity_balance, portfolio.currency)}.{skipped}"
    )


SNAPSHOTS = CsvImport(
    key="snapshots",
    kind="snapshots",
    title="Import snapshots",
    columns="`snapshot_date`, `daily_pnl`, optional `total_value`",
    check=check_snapshot_file,
    preview=_snapshot_preview,
    findings=_snapshot_findings,
    commit=_commit_snapshots,
)
CASH_FLOWS = CsvImport(
    key="flows",
    kind="flows",
    title="Import cash flows",
    columns="`date`, `kind` (deposit or withdrawal), `amount`, optional `notes`",
    check=check_flow_file,
    preview=_flow_preview,
    findings=_flow_findings,
    commit=_commit_flows,
)
