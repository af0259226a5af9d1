"""The firm view: every portfolio the person may see, its returns and freshness, in one total.

Amounts stay numbers underneath (a column sorts as money, not as text) and are drawn in
each row's own currency by a pandas Styler: one column holds euros and dollars side by
side, which no single column format can write. The total in the base currency converts at
the latest imported FX rate; a currency without one leaves the total incomplete, and the
screen says which currencies are missing instead of converting them at 1.0.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

import pandas as pd
import streamlit as st

from equity.reads.firm import FIRM_STALE_AFTER_BUSINESS_DAYS, FirmPortfolio, FirmView
from equity.services.fx import rate_text
from equity_app import data
from equity_app.components.portfolio_picker import ARCHIVED_MARK, QUERY, SHOW_ARCHIVED
from equity_app.format import day, money, percent, signed_money

#: Shown in a numeric cell that has no figure (a return before any snapshot, a missing rate).
NO_FIGURE = "–"
#: The header of the link column; each cell reads "Open".
OPEN = "Open"
#: After the date of a stale portfolio's last real snapshot.
STALE_MARK = "⚠ stale"
MISSING_RATE = "missing"
RETURN_COLUMNS = {"MTD": "twr_mtd", "YTD": "twr_ytd", "Since inception": "twr_since_inception"}


def show() -> None:
    """The firm view, when the person sees two portfolios or more.

    Read through its own cache, with the person's grant applied on every run.
    """
    view = data.firm(include_archived=bool(st.session_state.get(SHOW_ARCHIVED)))
    if len(view.portfolios) < 2:
        return
    st.subheader("Firm view")
    st.caption(
        f"Each portfolio in its own currency, converted to {view.base_currency} at the "
        f"latest FX rate on or before {day(view.as_of)}. Returns are time-weighted. Stale: "
        f"no real snapshot for over {FIRM_STALE_AFTER_BUSINESS_DAYS} business days."
    )
    if not view.returns_shown:
        st.caption(
            f"Returns are left out above {data.FIRM_RETURNS_MAX_PORTFOLIOS} portfolios, so this "
            "table stays quick; each portfolio's Performance page has them."
        )
    st.dataframe(
        portfolio_table(view),
        hide_index=True,
        width="stretch",
        column_config=_column_config(view.base_currency),
        placeholder=NO_FIGURE,
        key="firm_view_table",
    )
    _totals(view)


def portfolio_link(name: str) -> str:
    """The dashboard of one portfolio: ``/?portfolio=NAME``, the name URL-encoded."""
    return f"/?{QUERY}={quote(name, safe='')}"


def portfolio_frame(view: FirmView) -> pd.DataFrame:
    """One row per portfolio: exact Decimals and float ratios, before any formatting.

    Equity in base sits beside equity so the two read together; the stale flag follows
    the date, so the column still sorts by date.
    """
    base = base_column(view.base_currency)
    returns = RETURN_COLUMNS if view.returns_shown else {}
    return pd.DataFrame(
        [
            {
                "Portfolio": line.name + (ARCHIVED_MARK if line.archived else ""),
                "Currency": line.currency,
                "Equity": line.equity,
                "FX rate": _rate_shown(line, view),
                base: line.equity_base,
                "Day P&L": line.day_pnl,
                **{label: getattr(line, field) for label, field in returns.items()},
                "Last snapshot": _last_snapshot_shown(line),
                OPEN: portfolio_link(line.name),
            }
            for line in view.portfolios
        ]
    )


def base_column(base_currency: str) -> str:
    """The header of the converted equity: ``Equity (USD)``."""
    return f"Equity ({base_currency})"


def portfolio_table(view: FirmView) -> pd.io.formats.style.Styler:
    """The frame, each amount drawn in its row's currency and each return as a percentage."""
    frame = portfolio_frame(view)
    styler = frame.style
    for currency in sorted(set(frame["Currency"])):
        rows = frame.index[frame["Currency"] == currency]
        styler = styler.format(
            lambda amount, c=currency: _money_or_dash(amount, c),
            subset=pd.IndexSlice[rows, ["Equity"]],
        )
        styler = styler.format(
            lambda amount, c=currency: _change_or_dash(amount, c),
            subset=pd.IndexSlice[rows, ["Day P&L"]],
        )
    styler = styler.format(
        lambda amount: _money_or_dash(amount, view.base_currency),
        subset=[base_column(view.base_currency)],
    )
    if not view.returns_shown:
        return styler
    return styler.format(
        lambda ratio: NO_FIGURE if _absent(ratio) else percent(ratio),
        subset=list(RETURN_COLUMNS),
    )


def _column_config(base_currency: str) -> dict[str, object]:
    number = st.column_config.NumberColumn
    return {
        # Pinned: at phone width the table scrolls sideways and the name stays in view.
        "Portfolio": st.column_config.TextColumn("Portfolio", pinned=True),
        OPEN: st.column_config.LinkColumn(
            OPEN, display_text=OPEN, help="This portfolio's dashboard"
        ),
        "Equity": number("Equity", help="Current equity, in the portfolio's currency"),
        "Day P&L": number("Day P&L", help="P&L of the last real snapshot, flows excluded"),
        **{label: number(label, help="Time-weighted return") for label in RETURN_COLUMNS},
        "Last snapshot": st.column_config.TextColumn(
            "Last snapshot",
            help="The last day with real P&L (not a carried-forward day); ⚠ stale when it "
            f"is over {FIRM_STALE_AFTER_BUSINESS_DAYS} business days old",
        ),
        "FX rate": st.column_config.TextColumn(
            "FX rate", help="Units of the base currency per unit; its date when older than today"
        ),
        base_column(base_currency): number(
            base_column(base_currency), help="Converted at the FX rate beside it"
        ),
    }


def _totals(view: FirmView) -> None:
    """Per-currency sums, then the firm total, or why it is incomplete."""
    label = f"Firm total in {view.base_currency}"
    columns = st.columns(max(len(view.totals_by_currency), 1) + 1)
    if view.total_equity_base is not None:
        columns[0].metric(label, money(view.total_equity_base, view.base_currency))
    else:
        columns[0].metric(label, "Incomplete")
    for column, (currency, total) in zip(
        columns[1:], view.totals_by_currency.items(), strict=False
    ):
        column.metric(f"{currency} portfolios", money(total, currency))
    if view.missing_rates:
        missing = ", ".join(view.missing_rates)
        st.warning(
            f"The firm total is incomplete: no FX rate for {missing} on or before "
            f"{day(view.as_of)}. Import rates on the Data page (admins) or with "
            "python -m equity fx import FILE.csv; "
            "a missing rate is never taken as 1.",
            icon=":material/currency_exchange:",
        )


def _rate_shown(line: FirmPortfolio, view: FirmView) -> str:
    """``1.1``; ``1.1 (2026-06-26)`` when the rate is older than the view; ``missing``."""
    if line.fx_rate is None:
        return MISSING_RATE
    shown = rate_text(line.fx_rate)
    if line.fx_date is None or line.fx_date == view.as_of:
        return shown
    return f"{shown} ({day(line.fx_date)})"


def _last_snapshot_shown(line: FirmPortfolio) -> str:
    """The date, then the flag: ``2026-06-22 ⚠ stale`` still sorts by date."""
    if line.last_snapshot is None:
        return f"none {STALE_MARK}"
    return f"{day(line.last_snapshot)} {STALE_MARK}" if line.stale else day(line.last_snapshot)


def _money_or_dash(amount: Decimal | None, currency: str) -> str:
    return NO_FIGURE if _absent(amount) else money(amount, currency)


def _change_or_dash(amount: Decimal | None, currency: str) -> str:
    return NO_FIGURE if _absent(amount) else signed_money(amount, currency)


def _absent(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)
