"""File columns placed on import fields: known spellings, a stated map, refusals naming it."""

from __future__ import annotations

import pytest

from equity.domain.column_mapping import (
    IMPORT_FIELDS,
    apply_mapping,
    flow_kind,
    import_fields,
    suggest_mapping,
)
from equity.errors import ValidationError


def test_common_spellings_are_suggested_for_snapshots():
    header = ["As of", "Daily P&L", "NAV"]
    assert suggest_mapping(header, import_fields("snapshots")) == {
        "As of": "snapshot_date",
        "Daily P&L": "daily_pnl",
        "NAV": "total_value",
    }


@pytest.mark.parametrize(
    ("column", "field"),
    [
        ("Date", "snapshot_date"),
        ("As-of date", "snapshot_date"),
        ("snapshot date", "snapshot_date"),
        ("P&L", "daily_pnl"),
        ("PnL", "daily_pnl"),
        ("pnl", "daily_pnl"),
        ("Total value", "total_value"),
        ("Market value", "total_value"),
    ],
)
def test_each_known_snapshot_spelling(column, field):
    assert suggest_mapping([column], import_fields("snapshots")) == {column: field}


def test_the_same_words_mean_flow_fields_in_a_flow_file():
    header = ["Date", "Type", "Amount", "Memo"]
    assert suggest_mapping(header, import_fields("flows")) == {
        "Date": "date",
        "Type": "kind",
        "Amount": "amount",
        "Memo": "notes",
    }
    assert suggest_mapping(["Kind", "Description"], import_fields("flows")) == {
        "Kind": "kind",
        "Description": "notes",
    }


def test_a_field_is_suggested_once_and_unknown_columns_are_left_to_the_user():
    assert suggest_mapping(["Date", "As of", "Colour"], import_fields("snapshots")) == {
        "Date": "snapshot_date"
    }


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("Deposit", "deposit"),
        ("SUBSCRIPTION", "deposit"),
        ("contribution", "deposit"),
        ("Withdrawal", "withdrawal"),
        ("Redemption", "withdrawal"),
        (" distribution ", "withdrawal"),
        ("Gift", None),
    ],
)
def test_flow_type_words(word, kind):
    assert flow_kind(word) == kind


def test_every_import_declares_its_required_and_optional_fields():
    assert IMPORT_FIELDS["snapshots"] == (("snapshot_date", "daily_pnl"), ("total_value",))
    assert IMPORT_FIELDS["flows"] == (("date", "kind", "amount"), ("notes",))
    assert set(IMPORT_FIELDS) == {"snapshots", "flows", "benchmark", "fx"}


def test_a_stated_map_wins_and_export_columns_are_ignored():
    header = ["When", "Result", "equity_balance", "source"]
    resolved = apply_mapping("snapshots", header, {"When": "snapshot_date", "Result": "daily_pnl"})
    assert resolved.targets == ("snapshot_date", "daily_pnl", None, "source")


@pytest.mark.parametrize(
    ("mapping", "words"),
    [
        ({"When": "pnl"}, "'pnl' is not a field of the snapshots import"),
        ({"Nope": "daily_pnl"}, "column(s) 'Nope' are not in the file"),
        ({"When": "snapshot_date", "Result": "snapshot_date"}, "'When' and 'Result' both feed"),
    ],
)
def test_a_bad_map_is_refused_naming_it(mapping, words):
    with pytest.raises(ValidationError) as refused:
        apply_mapping("snapshots", ["When", "Result"], mapping)
    assert words in str(refused.value)


def test_a_column_nothing_places_and_a_missing_field_are_named():
    with pytest.raises(ValidationError, match="'Colour' match no field"):
        apply_mapping("snapshots", ["Date", "P&L", "Colour"], None)
    with pytest.raises(ValidationError, match="missing column\\(s\\) for daily_pnl"):
        apply_mapping("snapshots", ["Date"], None)
