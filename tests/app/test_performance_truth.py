"""The Performance page tells the truth (issue 12 items 1, 4, 6 and the Sharpe caveat).

- "A three-month index beside a three-year fund": choosing it changes none of the
  portfolio's figures; the growth line still starts at inception; the index is drawn from
  where its closes start, with a note; its rows join the period table and the heatmap.
- "A month that lost four hundredths of a percent" reads 0.0 %, and every figure in the
  heatmap is black or white, whichever reads on its cell.
- "A five-day fund's Sharpe ratio" says it is annualized from 5 days.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

import pandas as pd
from plotly.colors import sample_colorscale

from equity.reads.performance import performance_detail, performance_report
from equity.services.benchmarks import import_benchmark_csv
from equity.services.portfolios import NewPortfolio, create_portfolio
from equity.services.snapshots import SnapshotInput, upsert_snapshots
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema
from equity_app.components.performance_heatmap import luminance, monthly_heatmap
from equity_app.format import percent
from equity_app.literal import hover
from tests.app.screen import assert_no_exception, metric_value, texts
from tests.hostile_text import BENCHMARK
from tests.support import D, day

PAGE = "pages/performance.py"
ATLAS = "Atlas Global Macro"
SHORT = "Short Index"
TWR_CARD = "TWR, cumulative"


def chart(at, key: str) -> tuple[dict, dict]:
    """The Plotly figure and config (as JSON) of the chart drawn with ``key``."""
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(f"-{key}"):
            return json.loads(element.proto.spec), json.loads(element.proto.config)
    raise AssertionError(f"no chart {key!r}")


def period_table(at) -> pd.DataFrame:
    [table] = [d.value for d in at.dataframe if "TWR, annualized" in d.value.columns]
    return table


def three_months_of_closes(url: str) -> tuple[str, date]:
    """An index rising 0.1 % a calendar day over the fund's last 90 days, and its first day."""
    last = performance_detail(open_database(url), ATLAS).history.frame["date"].iloc[-1]
    first = last - timedelta(days=90)
    lines = ["date,close"] + [
        f"{first + timedelta(days=i)},{1000 * 1.001**i:.4f}" for i in range(91)
    ]
    return "\n".join(lines) + "\n", first


def test_no_benchmark_is_chosen_until_one_is_asked_for(demo_url, open_app):
    closes, _ = three_months_of_closes(demo_url)
    import_benchmark_csv(open_database(demo_url), SHORT, closes)

    at = open_app(PAGE)

    assert_no_exception(at)
    picker = at.selectbox(key="performance_benchmark")
    assert picker.options == ["None", SHORT]
    assert picker.value is None
    growth, _ = chart(at, "performance_growth_chart")
    assert [trace["name"] for trace in growth["data"]] == ["Portfolio (TWR)"]
    assert not [m for m in at.metric if m.label == "Excess return"]


def test_a_three_month_benchmark_never_cuts_the_portfolio_to_its_months(demo_url, open_app):
    closes, first_close = three_months_of_closes(demo_url)
    import_benchmark_csv(open_database(demo_url), SHORT, closes)
    report = performance_report(open_database(demo_url), ATLAS)
    at = open_app(PAGE)
    alone_card = metric_value(at, TWR_CARD)
    alone_table = period_table(at)
    alone_growth, _ = chart(at, "performance_growth_chart")

    at.selectbox(key="performance_benchmark").select(SHORT).run()

    assert_no_exception(at)
    # The since-inception TWR is exactly what it was, and the engine's.
    assert metric_value(at, TWR_CARD) == alone_card == percent(report.twr)
    table = period_table(at)
    mine = table[table["Return of"] == "Portfolio"].drop(columns="Return of")
    assert mine.reset_index(drop=True).equals(alone_table)
    # The growth chart: the portfolio's line is untouched and starts at inception.
    growth, _ = chart(at, "performance_growth_chart")
    portfolio, index = growth["data"]
    assert portfolio == alone_growth["data"][0]
    assert portfolio["x"][0] == report.start.isoformat() and portfolio["y"][0] == 1.0
    # The index starts where its closes do, at the portfolio's level that day.
    assert index["name"] == SHORT
    assert index["x"][0] >= first_close.isoformat()
    level = dict(zip(portfolio["x"], portfolio["y"], strict=True))[index["x"][0]]
    assert index["y"][0] == level != 1.0
    assert any("covers only" in text and SHORT in text for text in texts(at, "info"))
    # Its rows: defined for the month it covers, blank (with a reason) since inception.
    index_rows = table[table["Return of"] == SHORT].set_index("Period")
    assert index_rows.loc["MTD", "TWR, cumulative"] != "—"
    assert index_rows.loc["Since inception", "TWR, cumulative"] == "—"
    assert any(f"**{SHORT}**: undefined because the benchmark covers only" in c.value
               for c in at.caption)  # fmt: skip
    # The comparison cards say they cover the shared days only.
    assert "Portfolio, same days" in [m.label for m in at.metric]
    heatmap, config = chart(at, "performance_monthly")
    assert any(x.split("<br>")[-1].startswith(SHORT[:8]) for x in heatmap["data"][0]["x"])
    assert config["displayModeBar"] is False


def test_a_chosen_benchmark_stays_chosen_across_pages_and_none_can_be_chosen_again(
    demo_url, open_app
):
    closes, _ = three_months_of_closes(demo_url)
    import_benchmark_csv(open_database(demo_url), SHORT, closes)
    at = open_app(PAGE)
    at.selectbox(key="performance_benchmark").select(SHORT).run()

    at.switch_page("pages/dashboard.py").run()
    at.switch_page(PAGE).run()

    assert at.selectbox(key="performance_benchmark").value == SHORT
    at.selectbox(key="performance_benchmark").select(None).run()
    assert_no_exception(at)
    growth, _ = chart(at, "performance_growth_chart")
    assert [trace["name"] for trace in growth["data"]] == ["Portfolio (TWR)"]
    assert "Return of" not in period_table(at).columns


def hand_made_months() -> pd.DataFrame:
    """2024: January -0.04 % (rounds to zero), February +5 %, March -8 %, April 0.3 %,
    the rest without returns; 2025: January +1 %."""
    table = pd.DataFrame(math.nan, index=pd.Index([2024, 2025], name="year"),
                         columns=[*range(1, 13), "Year"])  # fmt: skip
    table.loc[2024, [1, 2, 3, 4]] = [-0.0004, 0.05, -0.08, 0.003]
    table.loc[2024, "Year"] = 0.9996 * 1.05 * 0.92 * 1.003 - 1
    table.loc[2025, [1, "Year"]] = [0.01, 0.01]
    return table


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_a_month_that_rounds_to_zero_reads_zero_and_every_figure_reads_on_its_cell():
    figure = monthly_heatmap(hand_made_months()).to_plotly_json()
    layout = figure["layout"]
    columns, rows = list(figure["data"][0]["x"]), list(figure["data"][0]["y"])
    assert columns == ["2024", "2025"] and rows[0] == "Jan" and rows[-1] == "Year"
    # Annotations sit by category position (a name such as "2024" would be read as one).
    notes = {(columns[note["x"]], rows[note["y"]]): note for note in layout["annotations"]}

    assert notes[("2024", "Jan")]["text"] == "0.0 %"
    assert notes[("2024", "Feb")]["text"] == "5.0 %"
    assert notes[("2024", "Mar")]["text"] == "-8.0 %"
    assert notes[("2025", "Year")]["text"] == "1.0 %"
    assert ("2024", "May") not in notes  # a month without a return stays blank
    assert not any(note["text"].startswith("-0.0") for note in notes.values())
    axes = {"Year": layout["coloraxis2"]}
    table = hand_made_months()
    for (year, row), note in notes.items():
        axis = axes.get(row, layout["coloraxis"])
        column = "Year" if row == "Year" else ["Jan", "Feb", "Mar", "Apr"].index(row) + 1
        value = table.loc[int(year), column]
        position = (value - axis["cmin"]) / (axis["cmax"] - axis["cmin"])
        cell = sample_colorscale(axis["colorscale"], [position])[0]
        assert contrast(note["font"]["color"], cell) >= 4.5, (year, row, cell)
    # The -8 % month is full red, the +5 % one green: the text differs between them.
    assert notes[("2024", "Mar")]["font"]["color"] != notes[("2024", "Feb")]["font"]["color"]


def test_a_hostile_benchmark_name_reaches_the_heatmap_cut_and_escaped():
    figure = monthly_heatmap(hand_made_months(), hand_made_months(), BENCHMARK).to_plotly_json()
    labels = figure["data"][0]["x"]

    assert labels[:2] == ["2024<br>Portfolio", f"2024<br>{hover(BENCHMARK[:9])}…"]
    assert "<i>" not in json.dumps(labels) and "%{" not in json.dumps(labels)


def test_cells_are_opaque_so_the_theme_behind_them_cannot_change_their_colour():
    layout = monthly_heatmap(hand_made_months()).to_plotly_json()["layout"]
    for axis in (layout["coloraxis"], layout["coloraxis2"]):
        assert all(colour.startswith("#") for _, colour in axis["colorscale"])


def _five_day_fund(url: str) -> None:
    db = open_database(url)
    ensure_schema(db)
    create_portfolio(db, NewPortfolio("Five Day Fund", D("1000000"), day("2025-01-02")))
    for iso, pnl in (("2025-01-03", "20000"), ("2025-01-06", "-5000"), ("2025-01-07", "3000")):
        upsert_snapshots(db, "Five Day Fund", [SnapshotInput(day(iso), D(pnl))], source="batch")
    db.dispose()


def test_a_five_day_funds_sharpe_says_it_is_annualized_from_five_days(empty_url, open_app):
    _five_day_fund(empty_url)

    at = open_app(PAGE)

    assert_no_exception(at)
    cards = {m.label: m for m in at.metric}
    assert cards["Sharpe ratio"].delta == "risk-free 0.00 %, annualized from 5 days"
    assert cards["Volatility"].delta == "annualized from 5 days"
    assert "under a year" in cards["Sharpe ratio"].help


def test_three_years_of_history_carry_no_caveat(demo_url, open_app):
    at = open_app(PAGE)
    cards = {m.label: m for m in at.metric}
    assert cards["Sharpe ratio"].delta == "risk-free 0.00 %"
    assert "annualized from" not in cards["Volatility"].delta
