"""Column types that keep money exact on every backend."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Dialect, Numeric
from sqlalchemy.types import TypeDecorator, TypeEngine

from equity.money import CENT, from_cents, to_cents


class Money(TypeDecorator[Decimal]):
    """NUMERIC(16,2) on PostgreSQL; integer cents on SQLite, which has no exact decimal.

    SQLite's NUMERIC affinity stores REAL, so 0.1 + 0.2 would drift there; integer cents
    keep sums, window functions and comparisons exact. Bound parameters in expressions
    against a Money column pass through here too, so ``equity_balance + :delta`` stays
    in cents on SQLite.
    """

    impl = Numeric(16, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(16, 2, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must be Decimal, never float")
        amount = Decimal(value)
        if dialect.name == "sqlite":
            return to_cents(amount)
        return amount.quantize(CENT)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return from_cents(int(value))
        return Decimal(value).quantize(CENT)

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


class Price(TypeDecorator[Decimal]):
    """A benchmark close: NUMERIC(20,6) on PostgreSQL, integer millionths on SQLite.

    Not money of the portfolio, but kept exact for the same reason as :class:`Money`.
    """

    impl = Numeric(20, 6)
    cache_ok = True
    SCALE = Decimal("0.000001")

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(20, 6, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("prices must be Decimal, never float")
        price = Decimal(value).quantize(self.SCALE)
        return int(price * 1_000_000) if dialect.name == "sqlite" else price

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / 1_000_000).quantize(self.SCALE)
        return Decimal(value).quantize(self.SCALE)

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal
