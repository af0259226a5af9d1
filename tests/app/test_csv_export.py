"""CSV downloads: amounts stay plain numbers, free text cannot run as a formula."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pandas as pd

from equity.services.views import FlowView
from equity_app.csv_export import file_name, history_csv, ledger_csv, neutralise


def test_text_that_a_spreadsheet_would_run_is_neutralised():
    assert neutralise('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert [neutralise(t) for t in ("+1", "-2", "@SUM", "\tx", "fine", None)] == [
        "'+1",
        "'-2",
        "'@SUM",
        "'\tx",
        "fine",
        "",
    ]


def _flow(notes: str, amount: str, voided: bool = False) -> FlowView:
    stamp = datetime(2025, 3, 3, 14, 30, tzinfo=UTC)
    return FlowView(
        id=uuid.UUID(int=1),
        portfolio_id=uuid.UUID(int=2),
        flow_date=date(2025, 3, 3),
        kind="withdrawal",
        amount=Decimal(amount),
        notes=notes,
        created_at=stamp,
        created_by="pm@example.com",
        voided_at=stamp if voided else None,
        void_reason="-wrong account" if voided else None,
        voided_by="ops" if voided else None,
    )


def test_a_ledger_with_a_formula_in_its_notes_exports_it_as_text_and_amounts_as_numbers():
    rows = list(
        csv.DictReader(
            io.StringIO(ledger_csv([_flow("=cmd|' /C calc'!A0", "1250.50", True)]).decode())
        )
    )
    assert rows[0]["notes"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["void_reason"] == "'-wrong account"
    assert rows[0]["amount"] == "1250.50"
    assert rows[0]["voided_at"] == "2025-03-03T14:30:00+00:00"


def test_negative_amounts_in_a_history_stay_negative_numbers():
    frame = pd.DataFrame(
        [
            {
                "date": date(2025, 1, 2),
                "equity_balance": Decimal("999749.50"),
                "daily_pnl": Decimal("-250.50"),
                "cumulative_pnl": Decimal("-250.50"),
                "equity_inflow": Decimal("0.00"),
                "equity_outflow": Decimal("0.00"),
                "total_value": Decimal("1000000.00"),
                "source": "batch",
            }
        ],
        dtype=object,
    )
    text = history_csv(frame).decode()
    assert text.splitlines()[1] == "2025-01-02,999749.50,-250.50,-250.50,0.00,0.00,1000000.00,batch"


def test_file_names_are_safe():
    assert file_name("Harbor Long/Short", "ledger") == "harbor-long-short-ledger.csv"
