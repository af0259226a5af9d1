"""User text around CSV uploads shows as typed: portfolio and benchmark names, file values.

A name reaches the Import button's label and the success message, both Markdown; a value
from the file reaches the error message when the whole file is refused (its header).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema
from equity_app.literal import md
from tests.app.screen import assert_no_exception, texts

PAGE = "pages/data.py"
HOSTILE = "Fund **bold** :red[x] $1$ [link](https://example.com/x.png)"


def hostile_portfolio(url: str) -> None:
    db = open_database(url)
    ensure_schema(db)
    create_portfolio(db, NewPortfolio(HOSTILE, Decimal("1000000"), date(2025, 1, 2)))
    db.dispose()


def upload(at, key: str, content: str):
    at.file_uploader(key=key).set_value(("upload.csv", content.encode(), "text/csv"))
    return at.run()


def test_a_hostile_portfolio_name_is_literal_on_the_button_and_in_the_message(empty_url, open_app):
    hostile_portfolio(empty_url)
    at = upload(open_app(PAGE), "flows_upload", "date,kind,amount\n2025-01-03,deposit,10.00\n")
    assert_no_exception(at)
    [button] = [b for b in at.button if b.key == "flows_import"]
    assert button.label == md(f"Import 1 row into {HOSTILE}")
    button.click().run()
    assert_no_exception(at)
    [message] = [s.value for s in at.success]
    assert message.startswith(md(f"Recorded 1 flow into {HOSTILE} from 2025-01-03;"))
    assert texts(at, "success")[0].startswith(f"Recorded 1 flow into {HOSTILE} from")


def test_a_column_name_from_the_file_is_literal_in_the_mapping_step(demo_url, open_app):
    at = upload(
        open_app(PAGE), "snapshots_upload", "snapshot_date,daily_pnl,**x**\n2025-01-03,1,2\n"
    )
    assert_no_exception(at)
    # The mapping step offers the file's own column names, as written...
    [mapping] = [s for s in at.selectbox if s.key.endswith("_total_value")]
    assert "**x**" in mapping.options
    # ...and says, literally, which column it leaves out.
    [left_out] = [c.value for c in at.caption if "not imported" in c.value]
    assert "\\*\\*x\\*\\*" in left_out
    assert "Columns not chosen above are not imported: **x**." in texts(at, "caption")
    # Chosen as the total value, it is read as one: '2' is a number.
    mapping.select("**x**").run()
    assert_no_exception(at)
    assert texts(at, "error") == []


def test_a_hostile_benchmark_name_is_literal_on_its_button(demo_url, open_app):
    at = open_app(PAGE)
    at.text_input(key="benchmark_name").input("**Index** :red[x]").run()
    at = upload(at, "benchmark_upload", "date,close\n2025-01-02,100.5\n2025-01-03,101\n")
    assert_no_exception(at)
    [button] = [b for b in at.button if b.key == "benchmark_import"]
    assert button.label == md("Import 2 closes as **Index** :red[x]")
