"""CSV downloads that a spreadsheet opens safely, a script parses exactly, and the app and
the CLI import back unchanged.

The layouts are the engine's (:mod:`equity.services.export`), the same ``history --csv``
and ``flow list --csv`` write: the history imports with the snapshot upload, the ledger
with the cash-flow upload (voided flows marked, and skipped with a count). Amounts are
plain numbers with two decimals (``-1250.50``); free text starting with ``= + - @`` (or a
tab or carriage return) gets a leading apostrophe, so a spreadsheet shows it instead of
running it (OWASP "CSV injection"), and the importers take that apostrophe off again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from equity.services import export
from equity.services.views import HISTORY_COLUMNS, FlowView

#: The same columns, in the same order, as the history frame and the CLI's rows.
HISTORY_HEADER = HISTORY_COLUMNS
LEDGER_HEADER = list(export.LEDGER_COLUMNS)

#: Free text made inert for spreadsheets (the engine's rule, shared with the CLI exports).
neutralise = export.safe_text


def history_csv(frame: pd.DataFrame) -> bytes:
    """One row per snapshot, in date order, with the CLI's column names."""
    return export.history_csv(frame)


def ledger_csv(flows: Iterable[FlowView]) -> bytes:
    """The whole ledger, voided flows included, so the export is a complete audit trail."""
    return export.ledger_csv(flows)


def file_name(portfolio_name: str, what: str) -> str:
    """``atlas-global-macro-history.csv``: safe on every file system."""
    slug = re.sub(r"[^a-z0-9]+", "-", portfolio_name.lower()).strip("-") or "portfolio"
    return f"{slug}-{what}.csv"
