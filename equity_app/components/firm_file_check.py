"""A firm-wide CSV file (benchmark closes, FX rates) up to its full check, as portfolio files go.

The benchmark and FX uploads belong to no portfolio, yet a file from a data vendor is the
same problem as a bank's snapshot export: its own header (``Date,Close Price``), perhaps a
decimal comma, and more than one bad row. This takes such a file through the steps the
snapshot upload uses (:mod:`column_mapper`, :mod:`import_findings`, the separator choice of
:mod:`decimal_separator`) and hands back only a file with no errors, with the options the
user saw, so the import reads it exactly as it was checked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from equity.domain.import_findings import ImportCheck, ImportOptions
from equity.errors import EquityError
from equity_app.components import column_mapper, csv_upload, decimal_separator, import_findings
from equity_app.literal import md
from equity_app.messages import in_words

Check = Callable[[bytes, ImportOptions], ImportCheck]


@dataclass(frozen=True)
class CheckedFile:
    """A file with no errors, the options it was read with, and what the check parsed."""

    raw: bytes
    digest: str
    options: ImportOptions
    check: ImportCheck

    @property
    def done_key(self) -> str:
        """Names this file read this way: the session remembers it once imported."""
        mapping = sorted((self.options.mapping or {}).items())
        return f"{self.digest}:{mapping}:{self.options.decimal_comma}"


def separator(slot: str) -> bool:
    """The file's decimal separator, stated: True for ``1.234,56``.

    No portfolio's setting applies to a firm-wide file, so the choice starts at a point.
    """
    picked = st.radio(
        "Decimal separator",
        [decimal_separator.POINT, decimal_separator.COMMA],
        horizontal=True,
        key=f"{slot}_decimal",
        help="How the file writes its numbers.",
    )
    return picked == decimal_separator.COMMA


def checked_file(kind: str, slot: str, label: str, check: Check) -> CheckedFile | None:
    """Separator, upload, mapping, full check; the file once it has no errors, else None.

    Every error is listed (row, the file's column, value) before the caller draws any
    Import button; the check runs once per file and choice of options.
    """
    decimal_comma = separator(slot)
    upload = st.file_uploader(
        label,
        type=["csv", "txt"],
        key=slot,
        max_upload_size=csv_upload.UPLOAD_MEGABYTES,
    )
    if upload is None:
        csv_upload.forget(slot)
        csv_upload.forget(f"{slot}_header")
        return None
    raw = upload.getvalue()
    digest = hashlib.sha256(raw).hexdigest()
    options = _options(kind, slot, raw, digest, decimal_comma)
    if options is None:
        return None
    key = (digest, tuple(sorted((options.mapping or {}).items())), decimal_comma)
    try:
        found = csv_upload.check_once(slot, key, lambda: check(raw, options))
    except EquityError as error:  # refused as a whole: the person may not import it
        st.error(md(f"Nothing was imported: {in_words(error)}"), icon=":material/error:")
        return None
    import_findings.show(found, slot)
    if not found.importable:
        return None
    return CheckedFile(raw, digest, options, found)


def _options(
    kind: str, slot: str, raw: bytes, digest: str, decimal_comma: bool
) -> ImportOptions | None:
    header = csv_upload.check_once(f"{slot}_header", digest, lambda: column_mapper.file_header(raw))
    if not column_mapper.needs_mapping(kind, header):
        return ImportOptions(mapping=None, decimal_comma=decimal_comma)
    mapping = column_mapper.show(kind, slot, digest, header)
    if mapping is None:
        return None
    return ImportOptions(mapping=mapping, decimal_comma=decimal_comma)
