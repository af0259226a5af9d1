"""A real `streamlit run` on a free loopback port, for the benchmarks that drive Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.app_probe import ROOT

CHROMIUM = Path(os.environ.get("EQUITY_TEST_CHROMIUM", "/usr/bin/chromium"))
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


class StreamlitServer:
    """`streamlit run` of app.py (or ``script``) on ``db_url``; yields (base URL, pid)."""

    def __init__(self, db_url: str, log: Path, *, script: Path | None = None) -> None:
        self.db_url, self.log = db_url, log
        self.script = str(script) if script else "app.py"

    def __enter__(self) -> tuple[str, int]:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = [
            sys.executable, "-m", "streamlit", "run", self.script,
            "--server.headless", "true", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ]  # fmt: skip
        self.out = self.log.open("w")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=dict(os.environ, EQUITY_DATABASE_URL=self.db_url),
            stdout=self.out,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2):
                    return base_url, self.process.pid
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise TimeoutError("streamlit did not start in 60 s")

    def __exit__(self, *_exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.out.close()
