"""Getting data in and out: ``template`` and ``flow import`` (issue 13)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_transfer_parsers(
    commands: argparse._SubParsersAction, flow: argparse._SubParsersAction
) -> None:
    """Register this module's commands (filled in by its issue)."""


TRANSFER_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}
