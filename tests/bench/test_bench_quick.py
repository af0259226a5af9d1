"""The benchmark harness end to end at tiny sizes: every row is there, the report renders.

Correctness of the harness only; the figures at these sizes mean nothing and no time is
ever asserted.
"""

from __future__ import annotations

from bench.databases import postgres_error
from bench.document import render
from bench.machine import describe
from bench.report import markdown_table
from bench.sizes import TINY
from bench.suite import run_suite
from tests.browser.conftest import CHROMIUM, IN_CI
from tests.conftest import require_postgres

ON_EACH_BACKEND = ("deposit.{}.0.1y.product", "deposit.{}.0.1y.baseline", "history.{}.0.1y")
SQLITE_ROWS = {
    *(key.format("sqlite") for key in ON_EACH_BACKEND),
    "import.sqlite",
    "app.one.sqlite.first_run",
    "app.one.sqlite.dashboard",
    "app.one.sqlite.dashboard.warm",
    "app.one.sqlite.history",
    "app.one.sqlite.rss",
    "startup.cli",
    "startup.import.total",
    "startup.import.sqlalchemy",
    "upload.baseline",
    "upload.growth",
    "upload.retained",
    "upload.parse",
    "upload.later",
}
#: Chromium's rows: required under CI (which installs it), left out on a machine without it.
BROWSER_ROWS = {
    "browser.first_page",
    "browser.baseline.by_url",
    "browser.floor.by_url",
    *(f"browser.by_url.{page}" for page in ("dashboard", "history", "performance", "cash_flows")),
}
POSTGRES_ROWS = {
    *(key.format("postgres") for key in ON_EACH_BACKEND),
    "import.postgres",
    "scale.load",
    "scale.import_each",
    "scale.vacuum",
    "scale.flow.alone",
    "scale.flow.crowded",
    "scale.history",
    "scale.overview",
    "scale.performance",
    "scale.recompute_all",
    "scale.daily.load",
    "scale.daily.flow.interleaved",
    "scale.daily.flow.clustered",
    "scale.daily.cluster",
    *(
        f"app.{scenario}.postgres.{page}"
        for scenario in ("one", "many")
        for page in ("dashboard", "history", "rss")
    ),
}


def test_tiny_run_reports_every_measurement_in_one_table():
    rows = run_suite(TINY, log=lambda _message: None)
    by_key = {row.key: row for row in rows}
    assert len(by_key) == len(rows), "row keys are unique"

    expected = SQLITE_ROWS | (BROWSER_ROWS if CHROMIUM.exists() or IN_CI else set())
    skipped = [row.value for row in rows if row.key.endswith(".skipped")]
    assert set(by_key) >= expected, (sorted(expected - set(by_key)), skipped)
    assert by_key["deposit.sqlite.0.1y.product"].stats.runs == TINY.deposit_runs
    assert by_key["deposit.sqlite.0.1y.baseline"].stats.runs == TINY.baseline_runs
    assert by_key["import.sqlite"].stats.runs == TINY.import_runs
    assert by_key["deposit.sqlite.0.1y.product"].ratio.endswith(("faster", "slower"))
    assert by_key["app.one.sqlite.rss"].value.endswith(" MB")
    assert by_key["upload.growth"].value.startswith("+")
    assert by_key["upload.later"].stats.runs == TINY.upload_clicks
    if expected & BROWSER_ROWS:
        assert by_key["browser.by_url.history"].stats.runs == TINY.browser_runs
        assert by_key["browser.first_page"].ratio.endswith("×")
    for row in rows:  # no page failed or showed the wrong screen
        assert "error" not in row.measurement and "wrong page" not in row.measurement, row

    table = markdown_table(rows)
    document = render(rows, describe(None), TINY, elapsed=1.0)
    for row in rows:
        assert row.measurement in table and row.measurement in document
    assert document.startswith("# Benchmarks") and "| CPU |" in document

    if postgres_error() is not None:
        require_postgres()  # skips here, or fails under CI=true
    assert set(by_key) >= POSTGRES_ROWS, sorted(POSTGRES_ROWS - set(by_key))
    assert by_key["scale.flow.crowded"].ratio.endswith("of alone")
    assert by_key["scale.overview"].stats.runs == TINY.overview_runs
