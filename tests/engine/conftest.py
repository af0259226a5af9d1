"""Fixtures of the engine tests: the command line driven in this process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from equity.cli import main


@dataclass(frozen=True)
class Outcome:
    """What a shell would see of one in-process command: status, stdout, stderr."""

    returncode: int
    stdout: str
    stderr: str


Cli = Callable[..., Outcome]


def _exit_status(argv: list[str]) -> int:
    """``main``'s status; argparse's own exits (usage errors, --help) raise SystemExit."""
    try:
        return main(argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``cli(db, *args, expect=0)``: one command through ``main``, in this process."""

    def invoke(db, *args: str, expect: int = 0) -> Outcome:
        capsys.readouterr()
        code = _exit_status(["--db", db.url, *args])
        out, err = capsys.readouterr()
        assert code == expect, (out, err)
        return Outcome(code, out, err)

    return invoke
