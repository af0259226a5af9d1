"""Helpers for the Data page's import tests: a portfolio to import into, an upload, tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
from streamlit.testing.v1 import AppTest

from equity.services.portfolios import NewPortfolio, create_portfolio, set_decimal_comma
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema

PAGE = "pages/data.py"
NAME = "Kestrel Credit"
INCEPTION = date(2025, 1, 2)


def new_portfolio(
    url: str,
    name: str = NAME,
    opening: str = "1000000",
    *,
    currency: str = "USD",
    decimal_comma: bool = False,
) -> None:
    """An empty portfolio (no snapshots, no flows) incepted on 2 January 2025."""
    db = open_database(url)
    ensure_schema(db)
    create_portfolio(db, NewPortfolio(name, Decimal(opening), INCEPTION, currency))
    if decimal_comma:
        set_decimal_comma(db, name, True)
    db.dispose()


def upload(at: AppTest, key: str, content: str | bytes, name: str = "upload.csv") -> AppTest:
    raw = content.encode() if isinstance(content, str) else content
    at.file_uploader(key=key).set_value((name, raw, "text/csv"))
    return at.run()


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The one table on screen that has ``column`` (``Problem``, ``Warning``…)."""
    [table] = [d.value for d in at.dataframe if column in d.value.columns]
    return table


def import_buttons(at: AppTest, key: str) -> list:
    return [b for b in at.button if b.key == key]


def mapping_boxes(at: AppTest, slot: str) -> dict[str, object]:
    """The mapping step's choices by field (``snapshot_date`` …), as drawn."""
    prefix = f"{slot}_map_"
    digest_and_underscore = 17  # the key goes on with the file's digest (16 characters)
    return {
        box.key[len(prefix) + digest_and_underscore :]: box
        for box in at.selectbox
        if box.key and box.key.startswith(prefix)
    }
