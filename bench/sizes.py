"""How big and how often: the full run, the quick (CI) run, and a tiny one for the test."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    label: str
    #: Backdated deposit: years of daily (calendar-day) snapshots, runs of each side.
    deposit_years: tuple[float, ...]
    deposit_runs: int
    baseline_runs: int
    #: import_snapshots_csv: years of daily snapshots per file, runs (one new portfolio each).
    import_years: float
    import_runs: int
    #: Scale on PostgreSQL: portfolios x years of business days.
    scale_portfolios: int
    scale_years: float
    scale_runs: int
    overview_runs: int
    #: Streamlit pages through AppTest, and `python -m equity` start-up.
    app_runs: int
    startup_runs: int
    #: A file of bad rows uploaded to the Data page: megabytes (10^6 bytes), later clicks.
    upload_mb: float = 19.5
    upload_clicks: int = 3
    #: Also through Chromium into a real `streamlit run` (the full run only: ~20 s more).
    upload_server: bool = False
    #: Pages opened in Chromium: new tabs per page (0: not measured).
    browser_runs: int = 3
    #: One client statement (PDF): years of daily snapshots, runs of each side.
    statement_years: float = 10
    statement_runs: int = 5
    #: Month-end issue_all: portfolios, years of daily snapshots each, runs of each side;
    #: and runs of a backdated deposit with and without an issued statement to restate.
    month_end_portfolios: int = 100
    month_end_years: float = 1
    month_end_runs: int = 5
    restatement_runs: int = 15


FULL = Sizes(
    label="full",
    deposit_years=(1, 10, 30),
    deposit_runs=30,
    baseline_runs=15,
    import_years=10,
    import_runs=9,
    scale_portfolios=1000,
    scale_years=10,
    scale_runs=30,
    overview_runs=15,
    app_runs=7,
    startup_runs=9,
    upload_server=True,
    browser_runs=7,
    statement_runs=15,
)

QUICK = Sizes(
    label="quick",
    deposit_years=(1, 3),
    deposit_runs=9,
    baseline_runs=5,
    import_years=3,
    import_runs=5,
    scale_portfolios=20,
    scale_years=3,
    scale_runs=9,
    overview_runs=5,
    app_runs=3,
    startup_runs=5,
    month_end_portfolios=20,
    month_end_runs=3,
    restatement_runs=9,
)

#: For tests/bench: proves the harness end to end in seconds; its figures mean nothing.
TINY = Sizes(
    label="tiny",
    deposit_years=(0.1,),
    deposit_runs=2,
    baseline_runs=2,
    import_years=0.1,
    import_runs=2,
    scale_portfolios=3,
    scale_years=0.1,
    scale_runs=2,
    overview_runs=2,
    app_runs=1,
    startup_runs=2,
    upload_mb=0.2,
    upload_clicks=2,
    browser_runs=1,
    statement_years=0.1,
    statement_runs=2,
    month_end_portfolios=3,
    month_end_years=0.2,
    month_end_runs=1,
    restatement_runs=2,
)
