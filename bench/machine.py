"""The machine a run measured: CPU, memory, interpreter and database versions."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sqlalchemy import create_engine, text


def _first(path: str, prefix: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def postgres_facts(admin_url: str) -> dict[str, str]:
    """Server version and the settings that shape these figures."""
    engine = create_engine(admin_url)
    try:
        with engine.connect() as connection:
            facts = {"PostgreSQL": connection.execute(text("SHOW server_version")).scalar()}
            settings = (
                "shared_buffers",
                "work_mem",
                "synchronous_commit",
                "autovacuum",
                "jit",
                "max_parallel_workers_per_gather",
            )
            shown = [
                f"{name}={connection.execute(text(f'SHOW {name}')).scalar()}" for name in settings
            ]
            facts["PostgreSQL settings"] = ", ".join(shown)
            facts["PostgreSQL connection"] = "TCP to 127.0.0.1 (same machine)"
    finally:
        engine.dispose()
    return facts


def describe(admin_url: str | None) -> dict[str, str]:
    memory_kb = _first("/proc/meminfo", "MemTotal")
    facts = {
        "CPU": _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "Cores": str(os.cpu_count()),
        "RAM": f"{int(memory_kb.split()[0]) / 1024 / 1024:.1f} GiB" if memory_kb else "unknown",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "SQLAlchemy / psycopg2 / pandas / Streamlit": " / ".join(
            _package(name) for name in ("sqlalchemy", "psycopg2-binary", "pandas", "streamlit")
        ),
    }
    if admin_url:
        facts.update(postgres_facts(admin_url))
    return facts
