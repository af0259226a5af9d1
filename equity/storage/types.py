"""Column types that keep money and prices exact on every backend."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Dialect, Numeric
from sqlalchemy.types import TypeDecorator, TypeEngine


class ScaledDecimal(TypeDecorator[Decimal]):
    """A Decimal with ``scale`` places: NUMERIC(precision, scale) on PostgreSQL, integer
    units of 10**-scale on SQLite, which has no exact decimal.

    SQLite's NUMERIC affinity stores REAL, so 0.1 + 0.2 would drift there; integer units
    keep sums, window functions and comparisons exact. Bound parameters in expressions
    against such a column pass through here too, so ``equity_balance + :delta`` stays in
    cents on SQLite. Both backends store what they always did: no migration needed.
    """

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int, scale: int) -> None:
        super().__init__(precision, scale)
        self.precision = precision
        self.scale = scale
        self.quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("amounts and prices must be Decimal, never float")
        exact = Decimal(value).quantize(self.quantum)
        return int(exact.scaleb(self.scale)) if dialect.name == "sqlite" else exact

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-self.scale).quantize(self.quantum)
        return Decimal(value).quantize(self.quantum)

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


class Money(ScaledDecimal):
    """Money of a portfolio: NUMERIC(16,2), integer cents on SQLite."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(16, 2)


class Price(ScaledDecimal):
    """A benchmark close: NUMERIC(20,6), integer millionths on SQLite; exact like money."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(20, 6)
