"""Issue 13: a downloadable template for each import, and each one imports as it is.

A firm's first hour starts from these files; the Data page offers the same bytes the CLI's
``template`` command prints.
"""

from __future__ import annotations

from equity.domain.templates import TEMPLATE_KINDS, template_csv
from equity.reads.history import equity_history
from equity.services.cash_flows import list_cash_flows
from equity.storage.database import open_database
from equity_app.components.import_templates import template_bytes
from tests.app.import_support import (
    NAME,
    PAGE,
    import_buttons,
    mapping_boxes,
    new_portfolio,
    upload,
)
from tests.app.screen import assert_no_exception, texts


def downloads(at) -> dict[str, object]:
    return {b.proto.label: b for b in at.get("download_button") if b.key.startswith("template_")}


def test_an_admin_sees_a_template_for_every_import(empty_url, open_app):
    new_portfolio(empty_url)
    at = open_app(PAGE)
    assert_no_exception(at)
    assert list(downloads(at)) == [
        "Snapshots template",
        "Cash flows template",
        "Benchmark template",
        "FX rates template",
    ]
    assert [b.key for b in at.get("download_button") if b.key.startswith("template_")] == [
        f"template_{kind}" for kind in TEMPLATE_KINDS
    ]


def test_each_template_is_the_engines_header_and_example_row():
    assert template_bytes("snapshots") == (
        b"snapshot_date,daily_pnl,total_value\n2025-01-02,1250.50,1001250.50\n"
    )
    assert template_bytes("flows") == (
        b"date,kind,amount,notes\n2025-01-02,deposit,100000.00,Initial subscription\n"
    )
    for kind in TEMPLATE_KINDS:
        assert template_bytes(kind) == template_csv(kind).encode()


def test_the_snapshot_and_flow_templates_import_as_they_are(empty_url, open_app):
    new_portfolio(empty_url)
    at = upload(open_app(PAGE), "snapshots_upload", template_bytes("snapshots"))
    assert mapping_boxes(at, "snapshots_upload") == {}  # our own header: no mapping step
    import_buttons(at, "snapshots_import")[0].click().run()
    at = upload(at, "flows_upload", template_bytes("flows"))
    import_buttons(at, "flows_import")[0].click().run()
    assert_no_exception(at)
    assert texts(at, "error") == []
    db = open_database(empty_url)
    [day] = equity_history(db, NAME).frame.to_dict("records")
    # 1,000,000 opening + 1,250.50 P&L + 100,000 deposit, on the template's one day.
    assert (str(day["daily_pnl"]), str(day["equity_balance"])) == ("1250.50", "1101250.50")
    [flow] = list_cash_flows(db, NAME)
    assert (flow.kind, str(flow.amount), flow.notes) == (
        "deposit",
        "100000.00",
        "Initial subscription",
    )
