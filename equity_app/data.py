"""Cached reads: keyed by database URL and portfolio, cleared after every write.

The TTL bounds how stale a screen can be when another server (sharing a PostgreSQL
database) writes; :func:`invalidate` makes this server's own writes show at once.
"""

from __future__ import annotations

import uuid
from datetime import date

import streamlit as st

from equity.analytics.summary import PerformanceSummary
from equity.reads.firm import FIRM_RETURNS_MAX_PORTFOLIOS, FirmView, firm_view, visible_part
from equity.reads.history import History, equity_history
from equity.reads.performance import PerformanceDetail, performance_report
from equity.reads.performance import performance_detail as read_performance_detail
from equity.services.audit import AuditView, audit_trail
from equity.services.benchmarks import BenchmarkView, list_benchmarks
from equity.services.cash_flows import list_cash_flows
from equity.services.checks import problems_if_any
from equity.services.demo import is_demo_loaded
from equity.services.portfolios import list_portfolios
from equity.services.views import FlowView, PortfolioView, Problem
from equity_app import identity
from equity_app.state import current_url, database, today

TTL_SECONDS = 60


def portfolios() -> list[PortfolioView]:
    """Every portfolio by name, archived ones included (each says so: the picker decides)."""
    return _portfolios(current_url())


def portfolios_fresh() -> list[PortfolioView]:
    """Every portfolio, read from the database now: for a name the cached list does not know.

    Another server may have created it within the cache's lifetime; deciding "unknown" from
    the cached list would send the user's writes to some other portfolio.
    """
    url = current_url()
    _portfolios.clear(url)
    _firm.clear()
    return _portfolios(url)


def archived_ids() -> frozenset[uuid.UUID]:
    """The portfolios that are archived, so read-only: no page offers to write to them."""
    return frozenset(portfolio.id for portfolio in portfolios() if portfolio.archived)


def demo_loaded() -> bool:
    return _demo_loaded(current_url())


def history(portfolio_id: uuid.UUID) -> History:
    """The whole history; pages narrow it to a range in memory (one row per day)."""
    return _history(current_url(), portfolio_id)


def cash_flows(portfolio_id: uuid.UUID) -> list[FlowView]:
    """The ledger, voided flows included, by date."""
    return _cash_flows(current_url(), portfolio_id)


def firm(*, include_archived: bool = False) -> FirmView:
    """The firm view of the portfolios this run's person may see, totals of those only.

    The cache holds every portfolio and the grant is applied here,
    on every run. It is keyed by today too, so the stale flags move on at midnight.
    Archived portfolios are in it only when asked for (the picker's "Show archived").
    """
    who = identity.current_identity()
    return visible_part(_firm(current_url(), today(), include_archived), who.covers)


def performance(portfolio_id: uuid.UUID) -> PerformanceSummary:
    """Since-inception returns (TWR, MWR, drawdown), from the performance service."""
    return _performance(current_url(), portfolio_id)


def performance_detail(portfolio_id: uuid.UUID, benchmark: str | None) -> PerformanceDetail:
    """Period table, daily returns and (when named) the benchmark comparison."""
    return _performance_detail(current_url(), portfolio_id, benchmark)


def benchmarks() -> list[BenchmarkView]:
    """Every imported benchmark with its date range, by name."""
    return _benchmarks(current_url())


def audit(portfolio_id: uuid.UUID) -> list[AuditView]:
    """Every change to one portfolio, newest first."""
    return _audit(current_url(), portfolio_id)


def problems(portfolio_id: uuid.UUID) -> list[Problem]:
    """The invariants this portfolio's stored figures break (none when consistent)."""
    return _problems(current_url(), portfolio_id)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _portfolios(url: str) -> list[PortfolioView]:
    return list_portfolios(database(url), include_archived=True)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _demo_loaded(url: str) -> bool:
    return is_demo_loaded(database(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _history(url: str, portfolio_id: uuid.UUID) -> History:
    return equity_history(database(url), portfolio_id)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _cash_flows(url: str, portfolio_id: uuid.UUID) -> list[FlowView]:
    return list_cash_flows(database(url), portfolio_id)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _firm(url: str, as_of: date, include_archived: bool) -> FirmView:
    return firm_view(
        database(url),
        as_of,
        returns_up_to=FIRM_RETURNS_MAX_PORTFOLIOS,
        include_archived=include_archived,
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _performance(url: str, portfolio_id: uuid.UUID) -> PerformanceSummary:
    return performance_report(database(url), portfolio_id)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _performance_detail(
    url: str, portfolio_id: uuid.UUID, benchmark: str | None
) -> PerformanceDetail:
    return read_performance_detail(database(url), portfolio_id, benchmark)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _benchmarks(url: str) -> list[BenchmarkView]:
    return list_benchmarks(database(url))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _audit(url: str, portfolio_id: uuid.UUID) -> list[AuditView]:
    return audit_trail(database(url), portfolio_id)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _problems(url: str, portfolio_id: uuid.UUID) -> list[Problem]:
    return problems_if_any(database(url), portfolio_id)


_READS = (
    _portfolios,
    _demo_loaded,
    _history,
    _cash_flows,
    _firm,
    _performance,
    _performance_detail,
    _benchmarks,
    _audit,
    _problems,
)


def invalidate() -> None:
    """Forget every cached read, so the next run shows the write that just happened."""
    for read in _READS:
        read.clear()
