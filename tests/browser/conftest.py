"""A real `streamlit run` on a loopback port, driven by Debian's Chromium.

The server gets a temp SQLite database pre-loaded with the demo portfolios. Helpers wait
the way Streamlit's own e2e suite does: the app has finished its run and no skeleton is
left, before every assertion. Without Chromium the tests skip locally and fail under CI.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from equity.services.demo import load_demo
from equity.storage.database import open_database
from equity.storage.migrate import ensure_schema
from tests.conftest import fresh_pg_database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("EQUITY_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
VIEWPORT = {"width": 1440, "height": 900}
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def _require_chromium() -> None:
    missing = None
    if not CHROMIUM.exists():
        missing = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright Python package is not installed"
    if missing is None:
        return
    if IN_CI:
        pytest.fail(f"CI requires the browser tests: {missing}")
    pytest.skip(f"skipping browser tests: {missing}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_healthy(base_url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise TimeoutError(f"streamlit did not answer {base_url}/_stcore/health in {timeout} s")


def load_demo_into(url: str) -> str:
    """Migrate the database at ``url`` and load the demo portfolios into it; the URL."""
    db = open_database(url)
    ensure_schema(db)
    load_demo(db)
    db.dispose()
    return url


@contextmanager
def demo_database_on(backend: str, folder: Path) -> Iterator[str]:
    """A demo database of its own on ``backend`` (a SQLite file in ``folder``, or a fresh
    PostgreSQL database dropped afterwards): a lock taken there blocks no other test."""
    if backend == "sqlite":
        yield load_demo_into(f"sqlite:///{folder / 'equity.db'}")
        return
    with fresh_pg_database("equity_browser") as url:
        yield load_demo_into(url)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo portfolios in a file of their own, for the server under test."""
    _require_chromium()
    return load_demo_into(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'equity.db'}")


def _launch(
    database_url: str, log, extra_args: Sequence[str] = (), env: Mapping[str, str] | None = None
) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run app.py` on a free loopback port without waiting for it."""
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        *extra_args,
    ]  # fmt: skip
    environment = {**os.environ, **(env or {}), "EQUITY_DATABASE_URL": database_url}
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    return process, f"http://127.0.0.1:{port}"


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def streamlit_servers(
    *servers: tuple[str, Path], extra_args: Sequence[str] = (), env: Mapping[str, str] | None = None
) -> Iterator[list[str]]:
    """Several servers, each a ``(database_url, log_path)``, started at once; yields their URLs.

    They start side by side, so two servers cost one start-up's wait, not two.
    """
    with ExitStack() as stack:
        started = []
        for database_url, log_path in servers:
            log = stack.enter_context(log_path.open("w"))
            process, base_url = _launch(database_url, log, extra_args, env)
            stack.callback(_stop, process)
            started.append((process, base_url))
        for process, base_url in started:
            _wait_healthy(base_url, process)
        yield [base_url for _, base_url in started]


@contextmanager
def streamlit_server(
    database_url: str,
    log_path: Path,
    *,
    extra_args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port; yields its base URL, then stops it.

    ``extra_args`` go after the server options on the command line; ``env`` is added to
    this process's environment (``EQUITY_DATABASE_URL`` is always ``database_url``).
    """
    with streamlit_servers((database_url, log_path), extra_args=extra_args, env=env) as urls:
        yield urls[0]


@pytest.fixture(scope="session")
def app_url(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The server shared by the journeys, for the whole session."""
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with streamlit_server(database_url, log) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def chromium():
    """Chromium itself, for tests that start servers of their own (no demo server needed)."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def browser(chromium, app_url: str):
    """Chromium, once the shared demo server is up."""
    return chromium


@contextmanager
def tab_on(chromium, base_url: str) -> Iterator:
    """A fresh browser session on ``base_url`` (its own Streamlit session), then closed."""
    context = chromium.new_context(viewport=VIEWPORT, base_url=base_url)
    context.set_default_timeout(20_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser, app_url: str):
    """A fresh browser session (its own Streamlit session) at 1440x900."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, base_url=app_url)
    context.set_default_timeout(20_000)
    tab = context.new_page()
    yield tab
    context.close()


def wait_for_app(page) -> None:
    """The app has finished running and drawn everything (STYLE.md §5)."""
    from playwright.sync_api import expect

    expect(page.locator(APP_IDLE)).to_be_attached(timeout=30_000)
    # Charts draw once their lazily loaded script arrives: on a busy machine, seconds later.
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=30_000)
    expect(page.locator(APP_IDLE)).to_be_attached()


def open_page(page, path: str = "/") -> None:
    page.goto(path)
    wait_for_app(page)


@pytest.fixture(scope="session")
def screenshots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where page photographs go: a temp folder, unless ``EQUITY_SCREENSHOTS`` names one.

    A test run must not rewrite the tracked ``docs/screenshots/*.png``; ``make screenshots``
    sets ``EQUITY_SCREENSHOTS=docs/screenshots`` to refresh them on purpose.
    """
    chosen = os.environ.get("EQUITY_SCREENSHOTS")
    if not chosen:
        return tmp_path_factory.mktemp("screenshots")
    folder = Path(chosen) if Path(chosen).is_absolute() else ROOT / chosen
    folder.mkdir(parents=True, exist_ok=True)
    return folder
