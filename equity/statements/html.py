"""The statement as one printable HTML page: inline CSS and SVG, nothing fetched.

Every piece of user text (the portfolio and firm names, each flow's notes) passes
through :func:`html.escape`, so ``<script>`` reads as those characters. A print
stylesheet drops the screen's margins and keeps tables whole across pages.
"""

from __future__ import annotations

import base64
import html
from datetime import datetime
from pathlib import Path

from equity.reads.statement import Statement
from equity.statements.chart import ChartLayout, chart_geometry
from equity.statements.wording import (
    CONTRIBUTIONS_COLOUR,
    EQUITY_COLOUR,
    Branding,
    as_of_note,
    flow_rows,
    period_text,
    return_notes,
    return_rows,
    summary_rows,
)

CHART_WIDTH, CHART_HEIGHT = 640.0, 230.0
LOGO_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}

STYLE = """
body { font-family: "DejaVu Sans", Verdana, sans-serif; color: #111; background: #fff;
       max-width: 780px; margin: 2rem auto; padding: 0 1rem; font-size: 14px; }
header { display: flex; justify-content: space-between; align-items: flex-start; }
header img { max-height: 56px; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; }
table { border-collapse: collapse; margin: .4rem 0; }
th, td { padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { border-bottom: 1px solid #111; }
td.amount, th.amount { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { border-top: 1px solid #111; font-weight: bold; }
.flows td { border-bottom: 1px solid #ddd; }
.notes, .asof, footer { color: #555; font-size: .8rem; }
.notes-cell { white-space: pre-wrap; overflow-wrap: anywhere; }
svg { max-width: 100%; height: auto; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  table, svg, tr { page-break-inside: avoid; }
  @page { size: A4; margin: 16mm 20mm; }
}
"""


def statement_html(statement: Statement, branding: Branding, prepared_at: datetime) -> str:
    """The whole page as text (UTF-8 when written)."""
    e = html.escape
    firm = e(branding.firm_name or "Portfolio statement")
    title = e(f"Statement {statement.portfolio} {period_text(statement)}")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{STYLE}</style></head><body>",
        f"<header><div><h1>{firm}</h1>",
        f"<div>Statement for <strong>{e(statement.portfolio)}</strong></div>",
        f"<div>{e(period_text(statement))} &middot; {e(statement.currency)}</div></div>",
        _logo(branding.logo_path),
        "</header>",
        f'<p class="asof">{e(as_of_note(statement))}</p>',
        _summary(statement),
        _returns(statement),
        "<h2>Equity and net contributions</h2>",
        chart_svg(statement),
        "<h2>Deposits and withdrawals</h2>",
        _flows(statement),
        *(f'<p class="notes">{e(line)}</p>' for line in return_notes(statement)),
        f"<footer>Prepared {prepared_at:%Y-%m-%d %H:%M} UTC</footer>",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part)


def _summary(statement: Statement) -> str:
    e = html.escape
    rows = summary_rows(statement)
    total = ' class="total"'
    body = "".join(
        f"<tr{total if i == len(rows) - 1 else ''}><td>{e(label)}</td>"
        f'<td class="amount">{e(value)}</td></tr>'
        for i, (label, value) in enumerate(rows)
    )
    head = f'<tr><th></th><th class="amount">Amount ({e(statement.currency)})</th></tr>'
    return f'<table class="summary">{head}{body}</table>'


def _returns(statement: Statement) -> str:
    e = html.escape
    body = "".join(
        f'<tr><td>{e(label)}</td><td class="amount">{e(period)}</td>'
        f'<td class="amount">{e(life)}</td></tr>'
        for label, period, life in return_rows(statement)
    )
    head = (
        '<tr><th>Returns</th><th class="amount">Period</th>'
        '<th class="amount">Since inception</th></tr>'
    )
    return f'<table class="returns">{head}{body}</table>'


def _flows(statement: Statement) -> str:
    e = html.escape
    rows = flow_rows(statement)
    if not rows:
        return "<p>No deposits or withdrawals in the period.</p>"
    body = "".join(
        f'<tr><td>{e(d)}</td><td>{e(k)}</td><td class="amount">{e(a)}</td>'
        f'<td class="notes-cell">{e(n)}</td></tr>'
        for d, k, a, n in rows
    )
    head = '<tr><th>Date</th><th>Kind</th><th class="amount">Amount</th><th>Notes</th></tr>'
    return f'<table class="flows">{head}{body}</table>'


def chart_svg(statement: Statement) -> str:
    """The chart as inline SVG, from the same geometry as the PDF's (y flipped)."""
    g = chart_geometry(statement.series, ChartLayout(CHART_WIDTH, CHART_HEIGHT - 18))
    height = CHART_HEIGHT

    def flip(y: float) -> float:
        return height - y

    def path(points) -> str:
        return " ".join(f"{x:.1f},{flip(y):.1f}" for x, y in points)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH:.0f} {height:.0f}" '
        'role="img" aria-label="Equity and net contributions over the period" '
        'font-family="DejaVu Sans, Verdana, sans-serif" font-size="10">'
    ]
    right = CHART_WIDTH - g.layout.right
    for y, label in g.y_ticks:
        out.append(
            f'<line x1="{g.layout.left:.1f}" y1="{flip(y):.1f}" x2="{right:.1f}" '
            f'y2="{flip(y):.1f}" stroke="#d0d0d0" stroke-width="0.6"/>'
            f'<text x="{g.layout.left - 5:.1f}" y="{flip(y) + 3:.1f}" text-anchor="end">'
            f"{html.escape(label)}</text>"
        )
    for x, label, anchor in g.x_labels:
        out.append(f'<text x="{x:.1f}" y="{height - 6:.1f}" text-anchor="{anchor}">{label}</text>')
    if g.contributions:
        out.append(
            f'<polyline points="{path(g.contributions)}" fill="none" '
            f'stroke="{CONTRIBUTIONS_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        out.append(
            f'<polyline points="{path(g.equity)}" fill="none" stroke="{EQUITY_COLOUR}" '
            'stroke-width="2"/>'
        )
    out.append(
        f'<line x1="62" y1="8" x2="84" y2="8" stroke="{EQUITY_COLOUR}" stroke-width="2"/>'
        '<text x="88" y="12">Equity</text>'
        f'<line x1="150" y1="8" x2="172" y2="8" stroke="{CONTRIBUTIONS_COLOUR}" '
        'stroke-width="2" stroke-dasharray="5 3"/><text x="176" y="12">Net contributions</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _logo(path: str) -> str:
    """The logo inlined as a data URI (a printable page fetches nothing); empty if unusable."""
    if not path or not Path(path).is_file():
        return ""
    data = Path(path).read_bytes()
    kind = next((t for magic, t in LOGO_TYPES.items() if data.startswith(magic)), None)
    if kind is None:
        return ""
    return f'<img alt="logo" src="data:{kind};base64,{base64.b64encode(data).decode()}">'
