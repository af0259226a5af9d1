"""A real OpenID Connect provider and a Streamlit server that signs people in with it.

The provider is oidc-provider-mock on a loopback port, in a thread of the test process:
its authorize page signs in whatever ``sub`` is typed, with the email claim equal to it.
The server is ``streamlit run app.py`` with a secrets file of its own whose ``[auth]``
section points at that provider, so the whole of ``st.login`` runs for real: the
redirect, the provider's form, the code exchange at ``/oauth2callback``, the signed
identity cookie. People and their grants are written with the command line
(``user add``) before the browser signs them in, the way an operator would.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

from tests.browser.conftest import APP_IDLE, ROOT, _free_port, _wait_healthy

CLIENT_ID = "equity-browser-tests"
CLIENT_SECRET = "not-a-secret-the-provider-accepts-any"
SIGN_IN = "Sign in"
SIGN_OUT = "Sign out"
#: Where oidc-provider-mock's page template fetches its stylesheet from.
PROVIDER_CDN = "https://cdn.jsdelivr.net/**"


@dataclass(frozen=True)
class SignedInApp:
    """One server with sign-in configured: where it answers and the database it uses."""

    base_url: str
    database_url: str
    provider_url: str


@contextmanager
def oidc_provider() -> Iterator[str]:
    """oidc-provider-mock on a free 127.0.0.1 port; yields its base URL, then stops it.

    Bound to 127.0.0.1 rather than ``localhost`` so the issuer in its metadata, the
    redirect the browser follows and the token the server fetches all name one host.
    """
    import oidc_provider_mock
    import werkzeug.serving

    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def write_secrets(folder: Path, app_port: int, provider_url: str) -> Path:
    """The server's secrets file: an ``[auth]`` section naming the provider, nothing else.

    The redirect URI must carry the server's own port, hence a port chosen before.
    """
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    return path


@contextmanager
def signed_in_server(
    database_url: str, provider_url: str, folder: Path, script: str = "app.py"
) -> Iterator[SignedInApp]:
    """``streamlit run`` with sign-in configured; yields where it answers, then stops it."""
    port = _free_port()
    secrets_file = write_secrets(folder, port, provider_url)
    command = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--secrets.files", str(secrets_file),
    ]  # fmt: skip
    env = {**os.environ, "EQUITY_DATABASE_URL": database_url}
    log_path = folder / "streamlit.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base_url, process)
            yield SignedInApp(base_url, database_url, provider_url)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def demo_database(folder: Path) -> str:
    """The demo portfolios in a SQLite file of this module's own (not the shared demo one)."""
    from tests.browser.conftest import load_demo_into

    return load_demo_into(f"sqlite:///{folder / 'equity.db'}")


def equity_cli(database_url: str, *args: str) -> str:
    """One ``python -m equity`` command, run in this process; its output, or a failure."""
    from equity.cli import main

    printed, complained = StringIO(), StringIO()
    with redirect_stdout(printed), redirect_stderr(complained):
        status = main(["--db", database_url, *args])
    assert status == 0, (args, status, printed.getvalue(), complained.getvalue())
    return printed.getvalue()


def add_user(database_url: str, email: str, role: str, portfolios: Sequence[str] = ()) -> None:
    """``user add EMAIL --role R [--portfolio NAME]...``: no portfolio means all of them."""
    grants = [part for name in portfolios for part in ("--portfolio", name)]
    equity_cli(database_url, "user", "add", email, "--role", role, *grants)


def four_eyes_on(database_url: str, portfolio: str) -> None:
    """``portfolio set NAME --four-eyes on``: flows recorded in the app wait for approval."""
    equity_cli(database_url, "portfolio", "set", portfolio, "--four-eyes", "on")


def sign_in(page, email: str) -> None:
    """Sign in as ``email`` through the provider's own form, back on the app, drawn."""
    from playwright.sync_api import expect

    origin = _origin(page.url)
    _no_cdn(page)
    page.get_by_role("button", name=SIGN_IN, exact=True).click()
    sub = page.locator("input[name='sub']")  # the app's run redirects: give it time
    expect(sub).to_be_visible(timeout=60_000)
    sub.fill(email)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(
        lambda url: url.startswith(origin) and "/oauth2callback" not in url, timeout=60_000
    )
    # Back on a fresh page load: the first signed-in run reads the grant and every figure,
    # and the browser loads the page's components again. Signed in is when it offers Sign
    # out (with or without a grant).
    settle(page)
    expect(page.get_by_role("button", name=SIGN_OUT, exact=True)).to_be_visible(timeout=60_000)


def sign_out(page) -> None:
    """Sign out, confirm the provider's end-of-session page, back on the app, drawn."""
    from playwright.sync_api import expect

    origin = _origin(page.url)
    _no_cdn(page)
    page.get_by_role("button", name=SIGN_OUT, exact=True).click()
    end = page.get_by_role("button", name="End session", exact=True)
    expect(end).to_be_visible(timeout=60_000)
    end.click()
    page.wait_for_url(
        lambda url: url.startswith(origin) and "/oauth2callback" not in url, timeout=60_000
    )
    settle(page)


def settle(page) -> None:
    """``wait_for_app`` with room for a slow first paint: the run is over, no skeleton left.

    A fresh browser context loads the chart library again, and its skeletons can outlast
    the default five seconds on a machine shared by several test runs.
    """
    from playwright.sync_api import expect

    expect(page.locator(APP_IDLE)).to_be_attached(timeout=60_000)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=60_000)
    expect(page.locator(APP_IDLE)).to_be_attached(timeout=60_000)


def open_settled(page, path: str = "/") -> None:
    """Go to ``path`` on the server and wait until the app has drawn it."""
    page.goto(path)
    settle(page)


def go_to(page, title: str) -> None:
    """Follow the sidebar's menu link to ``title``, in the same session."""
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title)
    path = urlsplit(link.get_attribute("href") or "/").path
    link.click()
    # The address changes when the new page's run has begun: only then is "idle" its own.
    page.wait_for_url(lambda url: urlsplit(url).path == path, timeout=60_000)
    settle(page)


def _no_cdn(page) -> None:
    """The provider's pages link a stylesheet on a CDN: refused here, so no test request
    leaves the machine and none waits on a network that may not be there."""
    page.unroute(PROVIDER_CDN)
    page.route(PROVIDER_CDN, lambda route: route.abort())


def _origin(url: str) -> str:
    """``http://host:port`` of a page's URL: where the sign-in must come back to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
