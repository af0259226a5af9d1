"""Which file column feeds which field of an import: stated by the user, or recognised.

A bank's or an administrator's export rarely says ``snapshot_date``: it says ``As of`` or
``Date``. Common spellings are recognised (case, spaces, ``-`` and ``_`` aside); anything
else is mapped by the user (the app's mapping step, the CLI's ``--map column=field``).

Columns of our own exports that an import does not need (the computed equity figures of
a history file, the bookkeeping of a ledger file) are *ignored*, so every export imports
back as it is. A column that is neither mapped, known nor ignorable is an error naming it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from equity.domain.csv_rows import RowProblems, read_table
from equity.errors import ValidationError

#: Per import: (required fields, optional fields), what the app's mapping step offers.
IMPORT_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "snapshots": (("snapshot_date", "daily_pnl"), ("total_value",)),
    "flows": (("date", "kind", "amount"), ("notes",)),
    "benchmark": (("date", "close"), ()),
    "fx": (("date", "currency", "rate"), ()),
}

#: Columns of our exports read beside the fields, to judge rows: a history file's ``source``
#: (carried-forward days are re-created by the flows), a ledger file's ``voided_at`` (voided
#: flows are not imported) and ``id`` (two equal rows with different ids are two real flows).
ROW_FILTERS: dict[str, tuple[str, ...]] = {
    "snapshots": ("source",),
    "flows": ("voided_at", "id"),
    "benchmark": (),
    "fx": (),
}

#: Columns our own exports write that an import ignores (computed or bookkeeping).
IGNORED_COLUMNS: dict[str, tuple[str, ...]] = {
    "snapshots": (
        "equity_balance",
        "cumulative_pnl",
        "equity_inflow",
        "equity_outflow",
    ),
    "flows": ("created_by", "created_at", "voided_by", "void_reason"),
    "benchmark": (),
    "fx": (),
}

#: Common header spellings (normalised: lower case, single spaces) -> the fields they may
#: mean; the first candidate the import has is taken (``date`` is a snapshot's date).
KNOWN_SPELLINGS: dict[str, tuple[str, ...]] = {
    "date": ("snapshot_date", "date"),
    "as of": ("snapshot_date", "date"),
    "as of date": ("snapshot_date", "date"),
    "asof": ("snapshot_date", "date"),
    "snapshot date": ("snapshot_date", "date"),
    "value date": ("date", "snapshot_date"),
    "flow date": ("date",),
    "p&l": ("daily_pnl",),
    "daily p&l": ("daily_pnl",),
    "pnl": ("daily_pnl",),
    "daily pnl": ("daily_pnl",),
    "p/l": ("daily_pnl",),
    "total value": ("total_value",),
    "nav": ("total_value",),
    "market value": ("total_value",),
    "amount": ("amount",),
    "type": ("kind",),
    "kind": ("kind",),
    "flow type": ("kind",),
    "notes": ("notes",),
    "note": ("notes",),
    "memo": ("notes",),
    "description": ("notes",),
    "close": ("close",),
    "price": ("close",),
    "currency": ("currency",),
    "rate": ("rate",),
}

#: Flow type words a ledger may use -> our two kinds (compared case-insensitively).
KIND_SPELLINGS: dict[str, str] = {
    "deposit": "deposit",
    "subscription": "deposit",
    "contribution": "deposit",
    "withdrawal": "withdrawal",
    "redemption": "withdrawal",
    "distribution": "withdrawal",
}

_SEPARATORS = re.compile(r"[\s_\-]+")


def normalized_header(name: str) -> str:
    """``  As-of_Date `` -> ``as of date``: how headers are compared."""
    return _SEPARATORS.sub(" ", name.strip().lower()).strip()


def flow_kind(value: str) -> str | None:
    """``Subscription`` -> ``deposit``; None for a word that names no kind."""
    return KIND_SPELLINGS.get(value.strip().lower())


def import_fields(kind: str) -> tuple[str, ...]:
    """Every field import ``kind`` reads, required first."""
    required, optional = IMPORT_FIELDS[kind]
    return required + optional


def suggest_mapping(header: list[str], fields: Sequence[str]) -> dict[str, str]:
    """File column -> field for every column whose name is a field or a known spelling.

    Each field is suggested once (the first column that names it); columns it cannot
    place are left out, for the user to map.
    """
    suggested: dict[str, str] = {}
    for column in header:
        field = _recognised(column, fields)
        if field is not None and field not in suggested.values():
            suggested[column] = field
    return suggested


def _recognised(column: str, fields: Sequence[str]) -> str | None:
    name = normalized_header(column)
    as_field = name.replace(" ", "_")
    if as_field in fields:
        return as_field
    return next((f for f in KNOWN_SPELLINGS.get(name, ()) if f in fields), None)


@dataclass(frozen=True)
class ResolvedHeader:
    """What each file column (by position) feeds: a field, a row filter, or nothing."""

    targets: tuple[str | None, ...]

    def field_columns(self, header: Sequence[str]) -> dict[str, str]:
        """Field -> the file column that feeds it (for messages naming the user's column)."""
        return {t: c for c, t in zip(header, self.targets, strict=True) if t is not None}


def apply_mapping(
    kind: str, header: Sequence[str], mapping: Mapping[str, str] | None
) -> ResolvedHeader:
    """Resolve the file's header for import ``kind``; a bad map or header is an error.

    ``mapping`` (file column -> field) wins for the columns it names; the rest are taken
    by name, known spelling, row filter or ignorable export column. Refused: a mapped
    field the import does not have, a mapped column not in the file, two columns on one
    field, a column nothing can place, a required field no column feeds.
    """
    fields = import_fields(kind)
    mapped = _checked_mapping(kind, header, mapping or {})
    filters, ignored = ROW_FILTERS[kind], IGNORED_COLUMNS[kind]
    targets: list[str | None] = []
    unplaced: list[str] = []
    for column in header:
        if column in mapped:
            targets.append(mapped[column] or None)  # "" leaves the column out (the app's step)
            continue
        name = normalized_header(column).replace(" ", "_")
        target = _recognised(column, fields) or (name if name in filters else None)
        if target is None and name not in ignored:
            unplaced.append(column)
        targets.append(target)
    _refuse_unplaced(kind, unplaced)
    _refuse_doubles(header, targets)
    _require_fields(kind, header, targets)
    return ResolvedHeader(tuple(targets))


def _checked_mapping(
    kind: str, header: Sequence[str], mapping: Mapping[str, str]
) -> dict[str, str]:
    fields = import_fields(kind)
    wrong_field = [f for f in mapping.values() if f and f not in fields]
    if wrong_field:
        raise ValidationError(
            "map",
            f"{', '.join(repr(f) for f in wrong_field)} is not a field of the {kind} import; "
            f"its fields are {', '.join(fields)}",
        )
    missing = [c for c in mapping if c not in header]
    if missing:
        raise ValidationError(
            "map",
            f"column(s) {', '.join(repr(c) for c in missing)} are not in the file; "
            f"its columns are {', '.join(repr(c) for c in header)}",
        )
    return dict(mapping)


def _refuse_unplaced(kind: str, unplaced: list[str]) -> None:
    if unplaced:
        raise ValidationError(
            "header",
            f"column(s) {', '.join(repr(c) for c in unplaced)} match no field of the {kind} "
            f"import ({', '.join(import_fields(kind))}); map them (--map COLUMN=FIELD) or "
            "remove them",
        )


def _refuse_doubles(header: Sequence[str], targets: Sequence[str | None]) -> None:
    repeated = [f for f, n in Counter(t for t in targets if t).items() if n > 1]
    if repeated:
        field = repeated[0]
        columns = [repr(c) for c, t in zip(header, targets, strict=True) if t == field]
        raise ValidationError(
            "header", f"columns {' and '.join(columns)} both feed {field}; keep one"
        )


def _require_fields(kind: str, header: Sequence[str], targets: Sequence[str | None]) -> None:
    required, _ = IMPORT_FIELDS[kind]
    missing = [f for f in required if f not in targets]
    if missing:
        raise ValidationError(
            "header",
            f"missing column(s) for {', '.join(missing)}; found "
            f"{', '.join(repr(c) for c in header)} (map one with --map COLUMN=FIELD)",
        )


def read_mapped_records(
    kind: str, data: bytes | str, mapping: Mapping[str, str] | None
) -> list[tuple[int, dict[str, str]]]:
    """(row number, field -> cell) pairs of a file whose columns ``mapping`` places.

    For the imports without a checking preview (benchmark closes): rows of the wrong shape
    are all reported at once, as :func:`equity.domain.csv_rows.read_csv_records` does.
    """
    problems = RowProblems()
    header, rows = read_table(data, problems)
    resolved = apply_mapping(kind, header, mapping)
    placed = [(index, target) for index, target in enumerate(resolved.targets) if target]
    records = [
        (number, {target: values[index].strip() for index, target in placed})
        for number, values in rows
    ]
    problems.raise_if_any()
    if not records:
        raise ValidationError("file", "has a header but no data rows")
    return records
