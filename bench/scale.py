"""Many portfolios on one shared PostgreSQL: load, a backdated flow among them, reads, repair."""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select, text

from bench import synthetic
from bench.databases import Workspace, settle
from bench.deposits import years_text
from bench.layout import copy_in_daily_order
from bench.report import Row, ratio
from bench.sizes import Sizes
from bench.timing import Stats, measure, measure_interleaved, timed
from equity.reads.history import equity_history, portfolio_overview
from equity.reads.performance import performance_report
from equity.services.cash_flows import FlowRequest, record_cash_flow
from equity.services.checks import check_invariants
from equity.services.imports import import_snapshots_csv
from equity.services.recompute import recompute_all
from equity.storage.database import Database
from equity.storage.models import PortfolioSnapshot

SECTION = "Scale: many portfolios on one PostgreSQL"
BACKEND = "PostgreSQL"


@dataclass
class ScaleDatabases:
    """The crowded database, a twin holding only the measured portfolio, and its name."""

    crowded: Database
    alone: Database
    target: str
    portfolios: int
    snapshots: int
    per_portfolio: int

    @property
    def size(self) -> str:
        return f"{self.portfolios:,} portfolios, {self.snapshots:,} snapshots"


def portfolio_name(number: int) -> str:
    return f"Fund {number:04d}"


def load_scale(ws: Workspace, sizes: Sizes) -> tuple[ScaleDatabases, list[Row]]:
    """Create and load both databases through the product's CSV import; the load's rows."""
    days = synthetic.business_days(sizes.scale_years)
    crowded, alone = ws.postgres("scale"), ws.postgres("scale_alone")
    target_number = sizes.scale_portfolios // 2
    histories = {}
    import_times = []
    started = time.perf_counter()
    for number in range(sizes.scale_portfolios):
        name = portfolio_name(number)
        history = synthetic.series(days, seed=1000 + number)
        histories[name] = history
        synthetic.new_portfolio(crowded, name, history)
        csv_text = synthetic.snapshot_csv(history)
        import_times.append(
            timed(
                lambda name=name, csv_text=csv_text: import_snapshots_csv(crowded, name, csv_text)
            )
        )
    load_wall = time.perf_counter() - started
    vacuum_crowded = timed(lambda: settle(crowded))
    target = portfolio_name(target_number)
    synthetic.new_portfolio(alone, target, histories[target])
    import_snapshots_csv(alone, target, synthetic.snapshot_csv(histories[target]))
    settle(alone)
    with crowded.read() as session:
        stored = session.execute(select(func.count()).select_from(PortfolioSnapshot)).scalar()
    expected = sizes.scale_portfolios * len(days)
    if stored != expected:
        raise AssertionError(f"scale load stored {stored} snapshots, expected {expected}")
    data = ScaleDatabases(crowded, alone, target, sizes.scale_portfolios, stored, len(days))
    rows = [
        Row(
            key="scale.load",
            section=SECTION,
            measurement="bulk load: create + import_snapshots_csv per portfolio (COPY path), total",
            backend=BACKEND,
            size=data.size,
            value=f"{load_wall:.1f} s ({stored / load_wall:,.0f} rows/s)",
        ),
        Row(
            key="scale.import_each",
            section=SECTION,
            measurement="… import_snapshots_csv, one portfolio's history",
            backend=BACKEND,
            size=f"{len(days):,} business days ({years_text(sizes.scale_years)})",
            stats=Stats(tuple(import_times)),
            target="< 1 s" if sizes.scale_years == 10 else None,
            met=Stats(tuple(import_times)).median < 1 if sizes.scale_years == 10 else None,
        ),
        Row(
            key="scale.vacuum",
            section=SECTION,
            measurement="VACUUM (ANALYZE) after the load",
            backend=BACKEND,
            size=data.size,
            stats=Stats((vacuum_crowded,)),
        ),
    ]
    return data, rows


def scale_reads_and_writes(data: ScaleDatabases, sizes: Sizes) -> list[Row]:
    """A backdated flow crowded vs alone, one history, the overview, a performance report."""
    is_full = data.portfolios >= 1000
    crowded, alone = _crowded_vs_alone(data.crowded, data, sizes)
    for db in (data.crowded, data.alone):
        problems = check_invariants(db, data.target)
        if problems:
            raise AssertionError(f"{data.target}: {problems[:3]}")
    history = measure(lambda: equity_history(data.crowded, data.target), runs=sizes.scale_runs)
    overview = measure(lambda: portfolio_overview(data.crowded), runs=sizes.overview_runs)
    if len(portfolio_overview(data.crowded)) != data.portfolios:
        raise AssertionError("the overview does not list every portfolio")
    performance = measure(
        lambda: performance_report(data.crowded, data.target), runs=sizes.overview_runs
    )
    one = f"1 portfolio, {data.per_portfolio:,} business days"
    slowdown = crowded.median / alone.median
    return [
        Row(
            key="scale.flow.alone",
            section=SECTION,
            measurement="backdated deposit (record_cash_flow), portfolio alone in its database",
            backend=BACKEND,
            size=one,
            stats=alone,
        ),
        Row(
            key="scale.flow.crowded",
            section=SECTION,
            measurement="backdated deposit (record_cash_flow), same portfolio among the others",
            backend=BACKEND,
            size=data.size,
            stats=crowded,
            ratio=f"{ratio(crowded.median, alone.median)} of alone",
            target="≤ 2× alone" if is_full else None,
            met=slowdown <= 2 if is_full else None,
        ),
        Row(
            key="scale.history",
            section=SECTION,
            measurement="equity_history, one portfolio's whole history",
            backend=BACKEND,
            size=f"{data.per_portfolio:,} of {data.snapshots:,} snapshots",
            stats=history,
            target="< 50 ms" if is_full else None,
            met=history.median < 0.05 if is_full else None,
        ),
        Row(
            key="scale.overview",
            section=SECTION,
            measurement="portfolio_overview, every portfolio",
            backend=BACKEND,
            size=data.size,
            stats=overview,
            target="< 200 ms" if is_full else None,
            met=overview.median < 0.2 if is_full else None,
        ),
        Row(
            key="scale.performance",
            section=SECTION,
            measurement="performance_report, one portfolio",
            backend=BACKEND,
            size=f"{data.per_portfolio:,} of {data.snapshots:,} snapshots",
            stats=performance,
        ),
    ]


def _backdated_request(data: ScaleDatabases) -> FlowRequest:
    """A deposit on the target's second day: every later snapshot moves."""
    with data.alone.read() as session:
        first_days = (
            session.execute(
                select(PortfolioSnapshot.snapshot_date)
                .order_by(PortfolioSnapshot.snapshot_date)
                .limit(2)
            )
            .scalars()
            .all()
        )
    return FlowRequest(data.target, first_days[-1], "deposit", Decimal("2500.00"))


def scale_recompute_all(data: ScaleDatabases) -> list[Row]:
    """Repair of every portfolio: each one recomputed from inception in its own transaction."""
    counts: dict[str, int] = {}
    elapsed = timed(lambda: counts.update(recompute_all(data.crowded)))
    if sum(counts.values()) != data.snapshots:
        raise AssertionError("recompute_all did not rewrite every snapshot")
    return [
        Row(
            key="scale.recompute_all",
            section=SECTION,
            measurement="recompute_all, every portfolio from inception",
            backend=BACKEND,
            size=data.size,
            stats=Stats((elapsed,)),
            value=None,
        )
    ]


def scale_daily_layout(ws: Workspace, sizes: Sizes, data: ScaleDatabases) -> list[Row]:
    """The same portfolios loaded in daily-batch order, then clustered by portfolio again."""
    days = synthetic.business_days(sizes.scale_years)
    daily = ws.postgres("scale_daily")
    histories = {}
    for number in range(sizes.scale_portfolios):
        name = portfolio_name(number)
        histories[name] = synthetic.series(days, seed=1000 + number)
        synthetic.new_portfolio(daily, name, histories[name])
    loaded: list[int] = []
    load = timed(lambda: loaded.append(copy_in_daily_order(daily, histories)))
    settle(daily)
    if check_invariants(daily, data.target):
        raise AssertionError("the daily-order load does not follow the equity formula")
    interleaved = _crowded_vs_alone(daily, data, sizes)
    cluster = timed(lambda: cluster_by_portfolio(daily))
    settle(daily)
    clustered = _crowded_vs_alone(daily, data, sizes)
    size = f"{data.portfolios:,} portfolios, {loaded[0]:,} snapshots"
    rows = [
        Row(
            key="scale.daily.load",
            section=SECTION,
            measurement="bulk load in daily-batch order: COPY of rolled-forward rows (bench)",
            backend=BACKEND,
            size=size,
            value=f"{load:.1f} s ({loaded[0] / load:,.0f} rows/s)",
        ),
    ]
    for key, label, (crowded, alone) in (
        ("interleaved", "daily-batch order (one portfolio's days on as many pages)", interleaved),
        ("clustered", "… after CLUSTER by (portfolio, date)", clustered),
    ):
        rows.append(
            Row(
                key=f"scale.daily.flow.{key}",
                section=SECTION,
                measurement=f"backdated deposit among the others, {label}",
                backend=BACKEND,
                size=size,
                stats=crowded,
                ratio=f"{ratio(crowded.median, alone.median)} of alone",
                target="≤ 2× alone" if data.portfolios >= 1000 else None,
                met=crowded.median <= 2 * alone.median if data.portfolios >= 1000 else None,
            )
        )
    rows.append(
        Row(
            key="scale.daily.cluster",
            section=SECTION,
            measurement="CLUSTER portfolio_snapshots by (portfolio, date) + VACUUM (ANALYZE)",
            backend=BACKEND,
            size=size,
            stats=Stats((cluster,)),
        )
    )
    return rows


def cluster_by_portfolio(db: Database) -> None:
    """Rewrite the table in (portfolio, date) order: what pg_repack would do online."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(
            text(
                "CLUSTER portfolio_snapshots "
                "USING uq_portfolio_snapshots_portfolio_id_snapshot_date"
            )
        )


def _crowded_vs_alone(crowded_db: Database, data: ScaleDatabases, sizes: Sizes):
    request = _backdated_request(data)
    return measure_interleaved(
        [
            lambda: record_cash_flow(crowded_db, request),
            lambda: record_cash_flow(data.alone, request),
        ],
        runs=[sizes.scale_runs, sizes.scale_runs],
    )
