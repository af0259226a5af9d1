"""FX rates on the Data page (admins): template, mapping, separator, every problem, then Import.

The firm view converts each portfolio into the base currency with these rates, so a file
imported twice or over the wrong dates moves every firm total. Before the one Import
button the page says what the file replaces: the stored rates of the same currency and
date, old -> new. A session remembers each file it imported (a double click, or a rerun,
does not write it again), and a file whose every rate is already stored as it is gets no
button at all (a refresh that lost the session does not write it again either).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from equity.domain.import_findings import ImportCheck, ImportOptions
from equity.errors import EquityError
from equity.services.fx import (
    FxRateRow,
    check_fx_file,
    import_fx_rates,
    import_sentence,
    rate_text,
    rates_replaced,
)
from equity.services.settings import get_base_currency
from equity_app import data
from equity_app.components import csv_upload, import_templates, toast
from equity_app.components.firm_file_check import CheckedFile, checked_file
from equity_app.format import day
from equity_app.literal import md
from equity_app.messages import counted, in_words
from equity_app.state import writer

UPLOAD = "fx_upload"
IMPORT = "fx_import"
#: Rows shown in a preview table; the sentence above it covers the whole file.
PREVIEW_ROWS = 200


def show() -> None:
    """The FX rates section: offered to administrators only (the service refuses others)."""
    st.subheader("FX rates")
    base = get_base_currency(writer())
    st.caption(
        f"Daily rates for the firm view's base currency, now {base}: columns `date`, "
        "`currency`, `rate` (1 unit of the currency = rate base units). Another header is "
        "fine: you match its columns after the upload. A rate already stored for the same "
        "currency and date is replaced."
    )
    import_templates.download_button("fx")
    st.caption(csv_upload.limits_caption())
    checked = checked_file("fx", UPLOAD, "FX rates file", _check)
    if checked is None:
        return
    rows: list[FxRateRow] = checked.check.rows
    _rows_table(rows, base)
    done = f"imported:fx:{checked.done_key}"
    if done in st.session_state:  # the database now holds this file: nothing to preview
        st.success(md(st.session_state[done]), icon=":material/check_circle:")
        return
    replaced = rates_replaced(writer(), rows)
    changed = _replaced_table(rows, replaced)
    if len(replaced) == len(rows) and changed == 0:
        st.info(
            "Every rate in this file is already stored as it is: there is nothing to import.",
            icon=":material/check_circle:",
        )
        return
    _import_button(checked, done, len(rows) - len(replaced), len(replaced))


def _check(raw: bytes, options: ImportOptions) -> ImportCheck:
    return check_fx_file(writer(), raw, options)


def _rows_table(rows: Sequence[FxRateRow], base: str) -> None:
    dates = [row.rate_date for row in rows]
    currencies = ", ".join(sorted({row.currency for row in rows}))
    st.markdown(
        f"**{counted(len(rows), 'rate')}** ready in {base}, for {md(currencies)}, "
        f"from {day(min(dates))} to {day(max(dates))}."
    )
    shown = sorted(rows, key=lambda row: (row.rate_date, row.currency))[:PREVIEW_ROWS]
    st.dataframe(
        pd.DataFrame(
            [
                {"Date": day(r.rate_date), "Currency": r.currency, "Rate": rate_text(r.rate)}
                for r in shown
            ]
        ),
        hide_index=True,
        width="stretch",
        height=min(36 * 8, 36 * (len(shown) + 1)),
        column_config={"Rate": st.column_config.TextColumn(alignment="right")},
        key="fx_preview",
    )


def _replaced_table(rows: Sequence[FxRateRow], replaced: list[dict[str, str]]) -> int:
    """The stored rates the file overwrites, old -> new; how many of them change."""
    if not replaced:
        st.caption("No rate in this file is stored yet: nothing is replaced.")
        return 0
    new = {(r.rate_date.isoformat(), r.currency): rate_text(r.rate) for r in rows}
    lines = [
        {
            "Date": old["date"],
            "Currency": old["currency"],
            "Stored rate": old["rate"],
            "New rate": new[(old["date"], old["currency"])],
        }
        for old in replaced
    ]
    changed = sum(line["Stored rate"] != line["New rate"] for line in lines)
    dates = counted(len({old["date"] for old in replaced}), "date")
    st.warning(
        f"This file replaces {counted(len(replaced), 'stored rate')} on {dates} already "
        f"imported ({changed:,} with another value).",
        icon=":material/swap_horiz:",
    )
    st.dataframe(
        pd.DataFrame(lines[:PREVIEW_ROWS]),
        hide_index=True,
        width="stretch",
        height=min(36 * 8, 36 * (min(len(lines), PREVIEW_ROWS) + 1)),
        key="fx_replaced",
    )
    return changed


def _import_button(checked: CheckedFile, done: str, new: int, replaced: int) -> None:
    state = st.session_state
    label = f"Import {new:,} new and {replaced:,} replaced rates"
    if not st.button(label, type="primary", key=IMPORT):
        return
    state[done] = "This file was imported in this session."  # before writing: a 2nd click skips
    try:
        summary = import_fx_rates(writer(), checked.raw, checked.options)
    except EquityError as error:
        del state[done]
        st.error(md(f"Nothing was imported: {in_words(error)}"), icon=":material/error:")
        return
    finally:
        data.invalidate()
    sentence = import_sentence(summary)
    message = sentence[:1].upper() + sentence[1:] + "."
    state[done] = message
    toast.queue(message)
    st.rerun()
