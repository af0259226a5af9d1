"""A backdated deposit on one portfolio: the product's service versus the planning baseline."""

from __future__ import annotations

from decimal import Decimal

from bench import synthetic
from bench.baseline import record_deposit_baseline
from bench.databases import Workspace, settle
from bench.report import Row, speed
from bench.sizes import Sizes
from bench.timing import measure, measure_interleaved
from equity.reads.history import equity_history
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.checks import check_invariants
from equity.services.lookup import find_portfolio
from equity.services.snapshots import upsert_snapshots

SECTION = "Backdated deposit on one portfolio"
BACKEND_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
AMOUNT = Decimal("2500.00")
TARGET_MS = 20
TARGET_SPEEDUP = 20


def years_text(years: float) -> str:
    return f"{years:g} y"


def backdated_deposits(ws: Workspace, backends: list[str], sizes: Sizes) -> list[Row]:
    rows: list[Row] = []
    for backend in backends:
        for years in sizes.deposit_years:
            rows += _one_size(ws, backend, years, sizes)
    return rows


def _one_size(ws: Workspace, backend: str, years: float, sizes: Sizes) -> list[Row]:
    label = f"deposit_{str(years).replace('.', '_')}y"
    db = ws.open(backend, label)
    history = synthetic.series(synthetic.calendar_days(years), seed=round(years * 100))
    name = f"Deposit {years_text(years)}"
    synthetic.new_portfolio(db, name, history)
    upsert_snapshots(db, name, synthetic.snapshot_inputs(history), source="import")
    settle(db)
    with db.read() as session:
        portfolio_id = find_portfolio(session, name).id
    # Dated on the second day: every later snapshot moves, and there is a day before it.
    flow_date = history.days[1]
    request = FlowRequest(name, flow_date, "deposit", AMOUNT)
    product, baseline = measure_interleaved(
        [
            lambda: record_cash_flow(db, request),
            lambda: record_deposit_baseline(db, portfolio_id, flow_date, AMOUNT),
        ],
        runs=[sizes.deposit_runs, sizes.baseline_runs],
    )
    problems = check_invariants(db, name)
    if problems:  # the harness itself is wrong if the two paths disagree with the formula
        raise AssertionError(f"{name} on {backend}: {problems[:3]}")
    history_read = measure(lambda: equity_history(db, name), runs=sizes.deposit_runs)
    size = f"{len(history):,} daily snapshots ({years_text(years)})"
    backend_name = BACKEND_NAMES[backend]
    key = f"{backend}.{years:g}y"
    is_target = years == 10
    speedup = baseline.median / product.median
    return [
        Row(
            key=f"deposit.{key}.product",
            section=SECTION,
            measurement="record_cash_flow (product)",
            backend=backend_name,
            size=size,
            stats=product,
            ratio=speed(baseline.median, product.median),
            target=f"< {TARGET_MS} ms, ≥ {TARGET_SPEEDUP}× baseline" if is_target else None,
            met=(product.median * 1000 < TARGET_MS and speedup >= TARGET_SPEEDUP)
            if is_target
            else None,
        ),
        Row(
            key=f"deposit.{key}.baseline",
            section=SECTION,
            measurement="flow + planning-document recompute (baseline)",
            backend=backend_name,
            size=size,
            stats=baseline,
        ),
        Row(
            key=f"history.{key}",
            section=SECTION,
            measurement="equity_history, whole portfolio",
            backend=backend_name,
            size=size,
            stats=history_read,
        ),
    ]
