"""A template per import: the header its importer reads and one example row.

A firm's first hour is getting its data in; starting from a file that already imports
(a test imports each one) is quicker than reading a description of the columns.
"""

from __future__ import annotations

from equity.domain.column_mapping import import_fields

#: The imports that have a template, in the order a new firm meets them.
TEMPLATE_KINDS = ("snapshots", "flows", "benchmark", "fx")

#: One example row per import, by field: plain ISO dates and point-decimal amounts.
_EXAMPLES: dict[str, dict[str, str]] = {
    "snapshots": {
        "snapshot_date": "2025-01-02",
        "daily_pnl": "1250.50",
        "total_value": "1001250.50",
    },
    "flows": {
        "date": "2025-01-02",
        "kind": "deposit",
        "amount": "100000.00",
        "notes": "Initial subscription",
    },
    "benchmark": {"date": "2025-01-02", "close": "4742.83"},
    "fx": {"date": "2025-01-02", "currency": "EUR", "rate": "1.0350"},
}


def template_csv(kind: str) -> str:
    """The template of import ``kind``: its fields as the header, then the example row."""
    if kind not in TEMPLATE_KINDS:
        raise ValueError(f"no template {kind!r}; the templates are {', '.join(TEMPLATE_KINDS)}")
    fields = import_fields(kind)
    example = _EXAMPLES[kind]
    return ",".join(fields) + "\n" + ",".join(example[field] for field in fields) + "\n"
