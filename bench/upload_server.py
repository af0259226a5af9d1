"""The same upload through a real browser into a real `streamlit run`: the server's memory.

The AppTest probe (bench/upload_probe.py) measures the page's own code; this adds what a
deployed server holds besides (the uploaded file in Streamlit's file manager, the websocket,
the session). Chromium drives the real uploader; the server's resident memory is read from
/proc before the upload (the Data page drawn once: the baseline) and its peak after the
upload and a few clicks. Needs Chromium and Playwright; without them the row says so.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.report import Row
from bench.streamlit_server import APP_IDLE, CHROMIUM, StreamlitServer
from bench.upload_probe import GROWTH_TARGET_MB, bad_rows_file


def server_upload(db_url: str, megabytes: float, clicks: int, section: str) -> list[Row]:
    """One row: the server's peak memory over its baseline, or why it was not measured."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return [_not_measured(section, "the playwright package is not installed")]
    if not CHROMIUM.exists():
        return [_not_measured(section, f"no Chromium at {CHROMIUM}")]
    content, rows = bad_rows_file(megabytes)
    size = f"{len(content) / 1e6:.1f} MB, {rows:,} bad rows"
    with tempfile.TemporaryDirectory() as folder:
        upload = Path(folder) / "bad.csv"
        upload.write_bytes(content)
        del content
        try:
            with StreamlitServer(db_url, Path(folder) / "streamlit.log") as (base_url, pid):
                baseline, peak = _upload_and_click(base_url, pid, upload, clicks)
        except Exception as error:  # a failed probe is a row that says so, not a lost run
            return [_not_measured(section, f"{type(error).__name__}: {error}"[:120])]
    return [
        Row(
            "upload.server.growth",
            section,
            f"`streamlit run` server, Chromium upload and {clicks} later clicks: peak memory "
            f"over the server's baseline ({baseline:,.0f} MB with the Data page drawn)",
            "SQLite",
            size,
            value=f"+{peak - baseline:,.0f} MB (peak {peak:,.0f} MB)",
            target=f"< {GROWTH_TARGET_MB} MB",
            met=peak - baseline < GROWTH_TARGET_MB,
        )
    ]


def _upload_and_click(base_url: str, pid: int, upload: Path, clicks: int) -> tuple[float, float]:
    """The server's memory with the Data page drawn, and its peak after upload and clicks."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"]
        )
        page = browser.new_page()
        page.set_default_timeout(600_000)
        page.goto(f"{base_url}/data")
        _wait(page)
        baseline = _memory_mb(pid, "VmRSS")
        page.locator(".st-key-snapshots_upload input[type=file]").set_input_files(upload)
        page.get_by_text("Nothing was imported").wait_for()
        _wait(page)
        for click in range(clicks):
            page.locator(".st-key-benchmark_name input").fill(f"Index {click}")
            page.keyboard.press("Enter")
            time.sleep(0.5)
            _wait(page)
        peak = _memory_mb(pid, "VmHWM")
        browser.close()
    return baseline, peak


def _not_measured(section: str, why: str) -> Row:
    return Row(
        "upload.server.skipped", section, "`streamlit run` server: not measured", "", "", value=why
    )


def _memory_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for process {pid}")


def _wait(page) -> None:
    page.locator(APP_IDLE).wait_for(state="attached")
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0")
