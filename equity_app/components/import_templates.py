"""A "Download template" button per import: a file that already imports, to start from.

A firm's first hour is getting its data in; a header and one example row it can copy
(the engine's :func:`template_csv`, the same the CLI prints) beats reading about columns.
"""

from __future__ import annotations

import streamlit as st

from equity.domain.templates import template_csv

#: The button's words per import (the engine's kinds, as a person names them).
TEMPLATE_LABELS = {
    "snapshots": "Snapshots template",
    "flows": "Cash flows template",
    "benchmark": "Benchmark template",
    "fx": "FX rates template",
}


def template_bytes(kind: str) -> bytes:
    """The template of import ``kind`` as the download's bytes (UTF-8, ``\\n`` line ends)."""
    return template_csv(kind).encode("utf-8")


def download_button(kind: str) -> None:
    """The template of import ``kind``, downloaded as ``<kind>-template.csv``."""
    st.download_button(
        TEMPLATE_LABELS[kind],
        template_bytes(kind),
        file_name=f"{kind}-template.csv",
        mime="text/csv",
        icon=":material/description:",
        key=f"template_{kind}",
        help="A header and one example row: fill it in and upload it here.",
    )
