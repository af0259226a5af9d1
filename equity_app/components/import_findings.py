"""What the check found in a file, all at once: every error, the warnings, the rows skipped.

Errors come in one table (row as a spreadsheet counts it, the user's column name, the value
it held, the problem), before any Import button, so a file is fixed in one pass. Warnings
(a weekend day, business days with no row) are said, and the import is still offered.
Cells from the file reach the screen only through tables, never as Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from equity.services.import_check import ImportCheck, RowIssue
from equity_app.messages import counted

#: A cell longer than this is cut in a table: the table is for finding the row.
MAX_VALUE_SHOWN = 120


def show(check: ImportCheck, slot: str) -> None:
    """The errors (nothing can be imported), else the warnings and the skipped rows."""
    if check.errors:
        _errors(check, slot)
        return
    if check.warnings:
        _warnings(check.warnings, slot)
    skipped = _skipped_sentence(check)
    if skipped:
        st.info(skipped, icon=":material/filter_alt:")


def _errors(check: ImportCheck, slot: str) -> None:
    listed = check.errors
    total = len(listed) + getattr(check, "more_errors", 0)
    first = f" The first {len(listed):,} are listed." if total > len(listed) else ""
    with st.container(key=f"{slot}_problems"):
        st.error(
            f"Nothing can be imported yet: the file has {counted(total, 'problem')}.{first} "
            f"Fix {'it' if total == 1 else 'them'}, then upload the file again.",
            icon=":material/error:",
        )
        st.dataframe(
            issue_table(listed, "Problem"),
            hide_index=True,
            width="stretch",
            key=f"{slot}_errors",
            column_config=_COLUMNS,
        )


def _warnings(warnings: Sequence[RowIssue], slot: str) -> None:
    st.warning(
        f"{counted(len(warnings), 'warning')} to look at before importing; they do not stop "
        "the import.",
        icon=":material/warning:",
    )
    st.dataframe(
        issue_table(warnings, "Warning"),
        hide_index=True,
        width="stretch",
        key=f"{slot}_warnings",
        column_config=_COLUMNS,
    )


def issue_table(issues: Sequence[RowIssue], what: str) -> pd.DataFrame:
    """Row, column, value and the problem (or warning), one line per issue, as text.

    In row order (the file's own problems, such as a missing header, last), so the table
    reads down the file as the user fixes it.
    """
    ordered = sorted(issues, key=lambda issue: (issue.row is None, issue.row or 0))
    return pd.DataFrame(
        [
            {
                "Row": issue.row,
                "Column": issue.column or "",
                "Value": _cut(issue.value or ""),
                what: issue.message,
            }
            for issue in ordered
        ],
        columns=["Row", "Column", "Value", what],
    ).astype({"Row": "Int64"})


def _skipped_sentence(check: ImportCheck) -> str:
    parts = []
    if check.skipped_voided:
        parts.append(
            f"{counted(check.skipped_voided, 'voided flow')} in the file "
            f"{'is' if check.skipped_voided == 1 else 'are'} skipped (not imported)"
        )
    if getattr(check, "skipped_carried", 0):
        parts.append(
            f"{counted(check.skipped_carried, 'carried-forward day')} "
            f"{'is' if check.skipped_carried == 1 else 'are'} skipped (the flows re-create them)"
        )
    return "; ".join(parts) + "." if parts else ""


#: The row number is short; the problem (or warning) gets the room.
_COLUMNS = {
    "Row": st.column_config.NumberColumn(format="%d", width="small"),
    "Column": st.column_config.TextColumn(width="small"),
}


def _cut(value: str) -> str:
    return value if len(value) <= MAX_VALUE_SHOWN else value[: MAX_VALUE_SHOWN - 1] + "…"
