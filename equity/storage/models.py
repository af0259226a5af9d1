"""The data model of DESIGN.md: portfolios, daily snapshots and the cash-flow ledger."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates

from equity.domain.access import Role
from equity.domain.rules import FLOW_KINDS
from equity.domain.validation import portfolio_name_key
from equity.storage.types import Money, Price, ScaledDecimal

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Integer primary keys: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")

#: The source of a row made only to hold a flow on a day without imported P&L: it moves
#: equity but is not news of the market (no P&L, not a "last snapshot").
CARRY_FORWARD = "carry_forward"
SNAPSHOT_SOURCES = ("batch", "import", "manual", CARRY_FORWARD)
#: A snapshot's market figures: what a carry-forward day copies from the day before it.
#: The exposures are optional (known only when the seed sends them).
EXPOSURE_FIELDS = ("long_value", "short_value", "gross_exposure", "net_exposure")
MARKET_FIELDS = ("total_value", *EXPOSURE_FIELDS)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Portfolio(Base):
    """A portfolio; ``opening_equity`` is the seed and is never overwritten by rolling.

    ``name`` is shown as stored; ``name_key`` (NFKC, case-folded, single-spaced, set with
    every name) is unique, so two names that only look different cannot both exist, even
    when two servers create them at once (migration 0004).
    """

    __tablename__ = "portfolios"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_key: Mapped[str] = mapped_column(String(240))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    inception_date: Mapped[date] = mapped_column(Date)
    opening_equity: Mapped[Decimal] = mapped_column(Money)
    equity_balance: Mapped[Decimal] = mapped_column(Money)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(120), default="unknown")
    #: Four-eyes: a flow recorded or voided by a signed-in person waits for a second
    #: person's approval (migration 0006).
    four_eyes: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Archived: read-only and out of the lists until unarchived (migration 0008).
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    archived_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    #: The portfolio's files and forms write 1.000,00: a comma before the cents (0008).
    decimal_comma: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (
        CheckConstraint("opening_equity >= 0", name="opening_equity_nonnegative"),
        Index("uq_portfolios_name_key", "name_key", unique=True),
    )

    @validates("name")
    def _key_follows_name(self, _attribute: str, name: str) -> str:
        self.name_key = portfolio_name_key(name)
        return name


class PortfolioName(Base):
    """A name a portfolio had before a rename, so an old link can say what it is called now.

    Not unique: two portfolios may each have been called the same thing at different
    times (the newest rename answers). A live portfolio with the name wins the lookup.
    """

    __tablename__ = "portfolio_names"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    portfolio_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("portfolios.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(240))
    renamed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    renamed_by: Mapped[str] = mapped_column(String(120))

    __table_args__ = (Index("ix_portfolio_names_name_key", "name_key"),)


class PortfolioSnapshot(Base):
    """One day of one portfolio: market value, P&L, that day's flows and the rolled equity."""

    __tablename__ = "portfolio_snapshots"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    portfolio_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("portfolios.id", ondelete="CASCADE"))
    snapshot_date: Mapped[date] = mapped_column(Date)
    total_value: Mapped[Decimal] = mapped_column(Money)
    daily_pnl: Mapped[Decimal] = mapped_column(Money)
    cumulative_pnl: Mapped[Decimal] = mapped_column(Money)
    equity_inflow: Mapped[Decimal] = mapped_column(Money)
    equity_outflow: Mapped[Decimal] = mapped_column(Money)
    equity_balance: Mapped[Decimal] = mapped_column(Money)
    source: Mapped[str] = mapped_column(String(16))
    long_value: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    short_value: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    gross_exposure: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    net_exposure: Mapped[Decimal | None] = mapped_column(Money, nullable=True)
    #: The total value was omitted ("unchanged"): it is a copy of the nearest earlier
    #: given one, refreshed when that changes (migration 0005).
    total_value_carried: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    __table_args__ = (
        # The unique index doubles as the range-scan index (portfolio, date).
        UniqueConstraint("portfolio_id", "snapshot_date"),
        CheckConstraint(
            "source IN ('batch', 'import', 'manual', 'carry_forward')", name="source_known"
        ),
        CheckConstraint("equity_inflow >= 0 AND equity_outflow >= 0", name="flows_nonnegative"),
        # Migration 0003 (measured in bench/): the overview counts days from a one-key-per-
        # portfolio index (PostgreSQL) and sums flows from a partial index of flow days.
        Index("ix_portfolio_snapshots_portfolio_id", "portfolio_id").ddl_if(dialect="postgresql"),
        Index(
            "ix_portfolio_snapshots_flow_days",
            "portfolio_id",
            "equity_inflow",
            "equity_outflow",
            postgresql_where=text("equity_inflow <> 0 OR equity_outflow <> 0"),
            sqlite_where=text("equity_inflow <> 0 OR equity_outflow <> 0"),
        ),
        {"postgresql_with": {"fillfactor": 70}},
    )


class CashFlow(Base):
    """The ledger: append-only deposits and withdrawals; a correction is a void plus a new flow."""

    __tablename__ = "cash_flows"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    portfolio_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("portfolios.id", ondelete="CASCADE"))
    flow_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[Decimal] = mapped_column(Money)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(120))
    voided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    voided_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)

    __table_args__ = (
        UniqueConstraint("portfolio_id", "idempotency_key"),
        Index("ix_cash_flows_portfolio_id_flow_date", "portfolio_id", "flow_date"),
        CheckConstraint(f"kind IN {tuple(FLOW_KINDS)!r}", name="kind_known"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )


class AuditEntry(Base):
    """Who changed what, when: one row per write, never updated or deleted."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    portfolio_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("portfolios.id", ondelete="CASCADE"), nullable=True
    )
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    effective_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    flow_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    details: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("ix_audit_log_portfolio_id_recorded_at", "portfolio_id", "recorded_at"),
    )


class Benchmark(Base):
    """A price series to compare portfolios against (an index, a peer fund)."""

    __tablename__ = "benchmarks"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class BenchmarkPrice(Base):
    """One close of one benchmark."""

    __tablename__ = "benchmark_prices"

    benchmark_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("benchmarks.id", ondelete="CASCADE"), primary_key=True
    )
    price_date: Mapped[date] = mapped_column(Date, primary_key=True)
    close: Mapped[Decimal] = mapped_column(Price)

    __table_args__ = (CheckConstraint("close > 0", name="close_positive"),)


ROLES = tuple(role.value for role in Role)
PENDING_ACTIONS = ("record", "void")
PENDING_STATUSES = ("pending", "approved", "rejected")


class User(Base):
    """A person who may sign in: a role, and either every portfolio or the granted ones."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    role: Mapped[str] = mapped_column(String(10))
    all_portfolios: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(120))

    __table_args__ = (CheckConstraint(f"role IN {ROLES!r}", name="role_known"),)


class UserPortfolio(Base):
    """One portfolio granted to one user whose grant is not for all portfolios."""

    __tablename__ = "user_portfolios"

    email: Mapped[str] = mapped_column(
        ForeignKey("users.email", ondelete="CASCADE"), primary_key=True
    )
    portfolio_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("portfolios.id", ondelete="CASCADE"), primary_key=True
    )


class PendingFlow(Base):
    """A flow to record, or a flow to void, waiting for a second person (four-eyes).

    It changes no equity until approved; approval applies it in the same transaction
    that marks it approved. ``flow_id`` is the flow to void, or, once a recording is
    approved, the flow it created. Rows are never deleted: they are the maker-checker trail.
    """

    __tablename__ = "pending_flows"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    portfolio_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("portfolios.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(10))
    flow_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[Decimal] = mapped_column(Money)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    flow_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    proposed_by: Mapped[str] = mapped_column(String(254))
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by: Mapped[str | None] = mapped_column(String(254), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decision_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)

    __table_args__ = (
        UniqueConstraint("portfolio_id", "idempotency_key"),
        Index("ix_pending_flows_portfolio_id_status", "portfolio_id", "status"),
        CheckConstraint(f"action IN {PENDING_ACTIONS!r}", name="action_known"),
        CheckConstraint(f"status IN {PENDING_STATUSES!r}", name="status_known"),
        CheckConstraint(f"kind IN {tuple(FLOW_KINDS)!r}", name="kind_known"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )


#: FX rates keep 10 decimal places: exact like money, finer than any published fixing.
FX_RATE_PLACES = 10


class FxRate(Base):
    """One unit of ``currency`` is ``rate`` units of ``base_currency`` on ``rate_date``.

    Imported like benchmark closes (migration 0007), quoted in the firm's base currency of
    the day of import; the firm view converts with the latest rate in the current base on
    or before its date, and a currency without one stays unconverted.
    """

    __tablename__ = "fx_rates"

    base_currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    rate_date: Mapped[date] = mapped_column(Date, primary_key=True)
    rate: Mapped[Decimal] = mapped_column(ScaledDecimal(20, FX_RATE_PLACES))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    imported_by: Mapped[str] = mapped_column(String(120))

    __table_args__ = (CheckConstraint("rate > 0", name="rate_positive"),)


class Setting(Base):
    """A firm-wide setting (``base_currency``); who changed it last, and when."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(120))


#: An issued statement is ``current`` until a later change moves one of its figures.
STATEMENT_STATUSES = ("current", "restated")


class IssuedStatementRow(Base):
    """A statement as sent to the client: figures, PDF and its SHA-256, frozen (0009).

    Only ``status``, ``differences`` and ``status_changed_at`` ever change (the
    restatement check, in the transaction of the change that moved a figure). A reissue
    is a new row, ``version`` one higher, whose ``previous_id`` is the version it
    replaces. ``figures`` and ``differences`` are JSON text, so both backends store them
    the same way. The PDF is deferred: lists never load it.
    """

    __tablename__ = "statements"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    portfolio_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("portfolios.id", ondelete="CASCADE"))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    previous_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("statements.id"), nullable=True
    )
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    issued_by: Mapped[str] = mapped_column(String(120))
    figures: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="current")
    differences: Mapped[str] = mapped_column(Text, default="[]")
    status_changed_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )

    __table_args__ = (
        UniqueConstraint("portfolio_id", "period_from", "period_to", "version"),
        Index("ix_statements_portfolio_id_period_to", "portfolio_id", "period_to"),
        CheckConstraint(f"status IN {STATEMENT_STATUSES!r}", name="status_known"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("period_from <= period_to", name="period_ordered"),
    )
