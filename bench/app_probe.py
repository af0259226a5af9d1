"""Runs the Streamlit pages with AppTest in a process of its own and prints JSON timings.

``python -m bench.app_probe PORTFOLIO RUNS`` with ``EQUITY_DATABASE_URL`` set. A process
of its own, so its peak RSS is the app's alone and the first run is a real cold start.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The pages the bench times, by title: None is the app's default page.
PAGES = {
    "Dashboard": None,
    "History": "pages/history.py",
    "Performance": "pages/performance.py",
}
TIMEOUT = 120


def present_pages() -> dict[str, str | None]:
    return {title: path for title, path in PAGES.items() if path is None or (ROOT / path).exists()}


def run_once(portfolio: str, page: str | None) -> tuple[float, str | None, str | None]:
    """Server time of one full run of ``page`` for ``portfolio``, the error text if it
    failed, and the page's first title (so the caller can tell which page ran)."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.query_params["portfolio"] = portfolio
    if page is not None:
        app.switch_page(page)
    started = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - started
    errors = [str(getattr(e, "message", e)) for e in app.exception]
    title = app.title[0].value if len(app.title) else None
    return elapsed, (errors[0].splitlines()[0] if errors else None), title


def probe(portfolio: str, runs: int) -> dict[str, object]:
    import streamlit as st

    pages = present_pages()
    first, error, _title = run_once(portfolio, None)
    results: dict[str, object] = {
        "first_run": first,
        "errors": {},
        "cleared": {},
        "warm": {},
        "titles": {},
    }
    if error:
        results["errors"]["Dashboard"] = error
    for title, page in pages.items():
        cleared, warm = [], []
        for _ in range(runs):
            st.cache_data.clear()  # as after a write: every read goes to the database
            elapsed, error, shown = run_once(portfolio, page)
            cleared.append(elapsed)
            warm.append(run_once(portfolio, page)[0])  # the same page again, caches warm
            results["titles"][title] = shown
            if error:
                results["errors"][title] = error
        results["cleared"][title] = cleared
        results["warm"][title] = warm
    results["missing"] = [title for title in PAGES if title not in pages]
    results["peak_rss_mb"] = peak_rss_mb()
    return results


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). Not getrusage's ru_maxrss: on Linux that
    keeps the high-water mark of the parent this process was forked from."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    portfolio, runs = argv[0], int(argv[1])
    sys.path.insert(0, str(ROOT))
    json.dump(probe(portfolio, runs), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
