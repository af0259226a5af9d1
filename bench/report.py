"""Rows of results and the Markdown table they are printed and published as."""

from __future__ import annotations

from dataclasses import dataclass

from bench.timing import Stats


@dataclass(frozen=True)
class Row:
    """One line of the table.

    ``key`` is a stable identifier (tests look rows up by it); ``stats`` holds seconds.
    A row without ``stats`` shows ``value`` instead (a memory figure, a skipped case).
    """

    key: str
    section: str
    measurement: str
    backend: str
    size: str
    stats: Stats | None = None
    value: str | None = None
    ratio: str | None = None
    target: str | None = None
    met: bool | None = None

    @property
    def median(self) -> float | None:
        return self.stats.median if self.stats else None


HEADER = ("Measurement", "Backend", "Size", "Median", "p95", "Runs", "Ratio", "Target", "Met")


def seconds(value: float | None) -> str:
    """A duration a person reads at a glance: 0.84 ms, 12.3 ms, 1.52 s, 3 min 05 s."""
    if value is None:
        return "—"
    if value < 0.01:
        return f"{value * 1000:.2f} ms"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    if value < 120:
        return f"{value:.2f} s"
    minutes, rest = divmod(round(value), 60)
    return f"{minutes} min {rest:02d} s"


def ratio(numerator: float | None, denominator: float | None) -> str | None:
    """``a / b`` as ``12.3×``; None when either side is missing."""
    if not numerator or not denominator:
        return None
    value = numerator / denominator
    return f"{value:.1f}×" if value < 100 else f"{value:.0f}×"


def speed(slow: float | None, fast: float | None) -> str | None:
    """How many times faster ``fast`` is than ``slow``, in words."""
    if not slow or not fast:
        return None
    return f"{ratio(slow, fast)} faster" if slow >= fast else f"{ratio(fast, slow)} slower"


def met_text(met: bool | None) -> str:
    return {True: "yes", False: "**no**", None: ""}[met]


def cells(row: Row) -> tuple[str, ...]:
    if row.stats is not None:
        median, p95, runs = seconds(row.stats.median), seconds(row.stats.p95), str(row.stats.runs)
    else:
        median, p95, runs = row.value or "—", "—", "—"
    return (
        row.measurement,
        row.backend,
        row.size,
        median,
        p95,
        runs,
        row.ratio or "",
        row.target or "",
        met_text(row.met),
    )


def markdown_table(rows: list[Row]) -> str:
    """Rows grouped by section, each section a bold line inside one table."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    section = None
    for row in rows:
        if row.section != section:
            section = row.section
            lines.append(f"| **{section}** |" + " |" * (len(HEADER) - 1))
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells(row)) + " |")
    return "\n".join(lines)
