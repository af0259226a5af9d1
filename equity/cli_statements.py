"""Client statements: ``statement`` (issue 14)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_statement_parsers(commands: argparse._SubParsersAction) -> None:
    """Register this module's commands (filled in by its issue)."""


STATEMENT_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}
