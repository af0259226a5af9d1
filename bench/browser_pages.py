"""What a PM waits for in Chromium: the first page after a server start, and a page by URL.

Issue 12 measured 4.8 s for the first page after a start (8.9 s under load) and 1.2–1.8 s
to open a page by its URL; the targets on a quiet machine are under 2 s and under 1 s, each
with its charts drawn. The clock runs from ``page.goto`` until the script is idle, no
skeleton is left and every Plotly chart has drawn its SVG.

The baselines, in the same run and the same browser: a Streamlit app of a title and one
Plotly chart (the ratio column: how much of the wait is this app's, how much Streamlit's,
Plotly's and Chromium's), and a title-only Streamlit page (the floor no page can beat).
Needs Chromium and Playwright; without them the rows say so.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from bench.app_probe import ROOT
from bench.report import Row, ratio
from bench.streamlit_server import APP_IDLE, CHROMIUM, StreamlitServer
from bench.timing import Stats

SECTION = "App in Chromium: first page after a server start, and a page by its URL (SQLite)"
FIRST_PAGE_TARGET_S = 2.0
BY_URL_TARGET_S = 1.0
#: The app's pages a PM opens from a link, each for the demo's largest portfolio.
PAGES = ("/", "/history", "/performance", "/cash_flows")
BASELINE_APP = """
import plotly.graph_objects as go
import streamlit as st

st.title("Baseline")
st.plotly_chart(go.Figure(go.Scatter(x=list(range(250)), y=list(range(250)))))
"""
#: Streamlit's own floor: a page with a title and nothing else (no chart script to load).
FLOOR_APP = 'import streamlit as st\n\nst.title("Floor")\n'
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CHARTS_DRAWN = """() => {
  if (document.querySelectorAll('[data-testid=stSkeleton]').length) return false;
  const charts = [...document.querySelectorAll('[data-testid=stPlotlyChart]')];
  return charts.every(chart => chart.querySelector('.main-svg'));
}"""


def browser_pages(db_url: str, portfolio: str, runs: int) -> list[Row]:
    """First page after start and each page by URL, for the app and the baseline app.

    Measured in a process of its own (``python -m bench.browser_pages``): Playwright's sync
    API refuses to start inside a process that already drives a browser (a test run's).
    """
    if runs < 1:
        return []
    missing = _missing_parts()
    if missing:
        return [_not_measured(missing)]
    completed = subprocess.run(
        [sys.executable, "-m", "bench.browser_pages", db_url, portfolio, str(runs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return [_not_measured(last[:160])]
    found = json.loads(completed.stdout)
    return _rows(found["app"], found["baseline"], found["floor"])


def _probe(db_url: str, portfolio: str, runs: int) -> dict[str, dict[str, list[float]]]:
    with tempfile.TemporaryDirectory() as folder:
        baseline_script = Path(folder) / "baseline_app.py"
        baseline_script.write_text(BASELINE_APP)
        floor_script = Path(folder) / "floor_app.py"
        floor_script.write_text(FLOOR_APP)
        app = _measure(db_url, None, Path(folder) / "app.log", portfolio, runs)
        base = _measure(db_url, baseline_script, Path(folder) / "base.log", None, runs)
        floor = _measure(db_url, floor_script, Path(folder) / "floor.log", None, runs)
    return {"app": app, "baseline": base, "floor": floor}


def _measure(
    db_url: str, script: Path | None, log: Path, portfolio: str | None, runs: int
) -> dict[str, list[float]]:
    """Seconds per path: the first visit after a start, then ``runs`` new tabs per path.

    The first visit comes from a browser that has never seen the server (nothing cached);
    the later ones open a new tab in that browser, as a PM clicking a link does: a new
    Streamlit session, with the app's scripts already in the browser's cache.
    """
    from playwright.sync_api import sync_playwright

    paths = PAGES if script is None else ("/",)
    query = f"?portfolio={quote(portfolio)}" if portfolio else ""
    found: dict[str, list[float]] = {}
    with (
        StreamlitServer(db_url, log, script=script) as (base_url, _pid),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        found["first"] = [_open(context, f"{base_url}/{query}")]
        for path in paths:
            found[path] = [_open(context, f"{base_url}{path}{query}") for _ in range(runs)]
        browser.close()
    return found


def _open(context, url: str) -> float:
    """Seconds from navigation in a new tab until the page is drawn, charts included."""
    page = context.new_page()
    page.set_default_timeout(120_000)
    started = time.perf_counter()
    page.goto(url)
    page.locator(APP_IDLE).wait_for(state="attached")
    page.locator("[data-testid=stMainBlockContainer] h1").first.wait_for()
    page.wait_for_function(CHARTS_DRAWN, polling=50)
    page.locator(APP_IDLE).wait_for(state="attached")
    elapsed = time.perf_counter() - started
    page.close()
    return elapsed


def _rows(
    app: dict[str, list[float]], base: dict[str, list[float]], floor: dict[str, list[float]]
) -> list[Row]:
    size = "demo data, largest portfolio"
    first, base_first = app["first"][0], base["first"][0]
    rows = [
        Row(
            "browser.first_page",
            SECTION,
            "First page after a server start, charts drawn (baseline: a one-chart app)",
            "SQLite",
            size,
            stats=Stats((first,)),
            ratio=ratio(first, base_first),
            target=f"< {FIRST_PAGE_TARGET_S:g} s",
            met=first < FIRST_PAGE_TARGET_S,
        )
    ]
    base_by_url = statistics.median(base["/"])
    rows.append(
        Row(
            "browser.baseline.by_url",
            SECTION,
            "Baseline: a one-chart Streamlit app opened by its URL",
            "",
            "",
            stats=Stats(tuple(base["/"])),
        )
    )
    rows.append(
        Row(
            "browser.floor.by_url",
            SECTION,
            "Floor: a title-only Streamlit page opened by its URL",
            "",
            "",
            stats=Stats(tuple(floor["/"])),
        )
    )
    for path in PAGES:
        stats = Stats(tuple(app[path]))
        name = path.strip("/") or "dashboard"
        rows.append(
            Row(
                f"browser.by_url.{name}",
                SECTION,
                f"{name.replace('_', ' ').capitalize()} page opened by its URL, charts drawn",
                "SQLite",
                size,
                stats=stats,
                ratio=ratio(stats.median, base_by_url),
                target=f"< {BY_URL_TARGET_S:g} s",
                met=stats.median < BY_URL_TARGET_S,
            )
        )
    return rows


def _missing_parts() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}"
    return None


def _not_measured(why: str) -> Row:
    return Row("browser.skipped", SECTION, "Pages in Chromium: not measured", "", "", value=why)


if __name__ == "__main__":
    print(json.dumps(_probe(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
