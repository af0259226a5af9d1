"""Hostile user text, and a database seeded with it through the services.

Every string is valid where it goes (names have no control or format characters) and
carries what Streamlit's Markdown or Plotly's hover HTML would render: emphasis, colour
directives, math, links, images that would be fetched, raw HTML, icon and emoji
shortcodes, Plotly template fields and template-engine braces.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import text

from equity.services.benchmarks import import_benchmark_csv
from equity.services.cash_flows import FlowRequest, record_cash_flow, void_cash_flow
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema

EVIL = "evil.example"
#: The portfolio every page is opened on: Markdown, math, an image, an icon, a Plotly field.
NAME = f"**bold** _it_ :red[red] $$x^2$$ ![img](http://{EVIL}/p.png) :material/home: %{{x}}"
#: A second one, whose stored figures are made inconsistent so the banner quotes its name.
OTHER = f"[link](http://{EVIL}/) <b>b</b> <img src=x> :smile: {{{{7*7}}}} `tick`"
NOTE = (
    f"**bold** _it_ :red[red] $$x^2$$ [link](http://{EVIL}/) ![img](http://{EVIL}/n.png) "
    f'<b>b</b> <img src=x> <a href="http://{EVIL}/">a</a> <span style="color:red">s</span> '
    ":material/home: :smile: %{x} {{7*7}} AT&T &lt;i&gt; &amp; 'quoted'"
)
REASON = (
    f"~~struck~~ :blue[blue] $y$ <a href=http://{EVIL}/r>r</a> ![r](http://{EVIL}/r.png) "
    ":material/delete: %{y} {{1+1}}"
)
BENCHMARK = f'$$b^2$$ :green[bench] ![b](http://{EVIL}/b.png) <i>i</i> %{{y}} &lt;"q"&gt;'
#: What a crafted link asks for: an image the browser would fetch, and Markdown.
QUERY = f"![q](http://{EVIL}/q.png) **nope** :red[q] <img src=http://{EVIL}/i.png>"
#: Fragments that would only appear in the page if user text had been rendered.
RENDERED_TAGS = ("strong", "em", "del", "img", ".katex", "[data-testid='stIconMaterial']")

FIRST_DAY = date(2025, 1, 2)
DAYS = 8


def seed(url: str) -> None:
    """Both portfolios with snapshots, a live deposit noted with NOTE, a void with REASON,
    a benchmark named BENCHMARK over the same days, and OTHER's figures made inconsistent."""
    db = open_database(url)
    ensure_schema(db)
    days = [FIRST_DAY + timedelta(days=i) for i in range(DAYS)]
    for name in (NAME, OTHER):
        create_portfolio(db, NewPortfolio(name, Decimal("1000000"), FIRST_DAY))
        upsert_snapshots(
            db,
            name,
            [SnapshotInput(d, Decimal(1000 * (-1) ** i + 250)) for i, d in enumerate(days)],
            source="batch",
        )
        record_cash_flow(db, FlowRequest(name, days[2], "deposit", Decimal("50000"), NOTE))
        voided = record_cash_flow(
            db, FlowRequest(name, days[4], "deposit", Decimal("700"), f"to void: {NOTE}")
        )
        void_cash_flow(db, voided.flow_id, REASON)
    closes = "date,close\n" + "".join(f"{d},{100 + i * 0.5}\n" for i, d in enumerate(days))
    import_benchmark_csv(db, BENCHMARK, closes)
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE portfolio_snapshots SET equity_balance = equity_balance + 100 "
                "WHERE portfolio_id = (SELECT id FROM portfolios WHERE name = :name)"
            ),
            {"name": OTHER},
        )
    db.dispose()
