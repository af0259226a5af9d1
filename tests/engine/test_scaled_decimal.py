"""One scaled-decimal column type: cents and millionths stay exact on both backends."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text

from equity.storage.types import Money, Price, ScaledDecimal

D = Decimal


def _probe_table() -> Table:
    return Table(
        "scaled_probe",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("amount", Money()),
        Column("close", Price()),
    )


def test_money_and_price_are_the_one_type_at_two_scales():
    assert (Money().precision, Money().scale) == (16, 2)
    assert (Price().precision, Price().scale) == (20, 6)
    assert isinstance(Money(), ScaledDecimal) and isinstance(Price(), ScaledDecimal)


def test_largest_amount_and_a_six_place_close_round_trip_exactly(db):
    table = _probe_table()
    table.metadata.create_all(db.engine)
    rows = [
        {"id": 1, "amount": D("99999999999999.99"), "close": D("1234567890123.456789")},
        {"id": 2, "amount": D("-0.01"), "close": D("0.000001")},
        {"id": 3, "amount": D("0.1") + D("0.2"), "close": D("1.0000005")},  # rounds half-even
    ]
    with db.engine.begin() as connection:
        connection.execute(insert(table), rows)
        back = connection.execute(select(table.c.amount, table.c.close).order_by(table.c.id))
        assert [tuple(row) for row in back] == [
            (D("99999999999999.99"), D("1234567890123.456789")),
            (D("-0.01"), D("0.000001")),
            (D("0.30"), D("1.000000")),
        ]
        raw = connection.execute(text("SELECT amount, close FROM scaled_probe WHERE id = 1")).one()
        if db.is_sqlite:
            # Integer cents and millionths: what SQLite always stored, so no migration.
            assert raw == (9999999999999999, 1234567890123456789)
        else:
            assert raw == (D("99999999999999.99"), D("1234567890123.456789"))
        connection.execute(text("DROP TABLE scaled_probe"))


def test_a_float_is_refused(db):
    table = _probe_table()
    table.metadata.create_all(db.engine)
    try:
        with pytest.raises(Exception, match="never float"), db.engine.begin() as connection:
            connection.execute(insert(table), {"id": 1, "amount": 0.1, "close": D("1")})
    finally:
        table.metadata.drop_all(db.engine)
