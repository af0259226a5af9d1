"""One colour, one meaning, on every page and chart.

Mid-tone colours (Tailwind's 500/600 steps) read on both the light and the dark theme.
"""

from __future__ import annotations

EQUITY = "#3b82f6"  # equity balance, and the equity totals of a waterfall
CONTRIBUTIONS = "#94a3b8"  # net contributions: the money put in, less the money taken out
CUMULATIVE_PNL = "#a855f7"  # cumulative P&L (market gains) as a line or an area
GAIN = "#16a34a"  # a positive day or period of P&L
LOSS = "#dc2626"  # a negative day or period of P&L
DEPOSIT = "#0891b2"  # a deposit marker or bar
WITHDRAWAL = "#f59e0b"  # a withdrawal marker or bar
BENCHMARK = "#64748b"  # a benchmark line: darker than the contributions grey

ROLE_COLOURS = {
    "equity": EQUITY,
    "deposit": DEPOSIT,
    "withdrawal": WITHDRAWAL,
    "gain": GAIN,
    "loss": LOSS,
}
