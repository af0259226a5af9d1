"""Errors the faces (CLI, pages) catch and show in words, never as a traceback."""

from __future__ import annotations


class EquityError(Exception):
    """Base of every error a user can cause; its ``str`` is the message to show."""


class ValidationError(EquityError):
    """Bad input: names the field and the value so the user can fix it."""

    def __init__(self, field: str, message: str, row: int | None = None) -> None:
        self.field = field
        self.message = message
        self.row = row
        prefix = f"row {row}, " if row is not None else ""
        super().__init__(f"{prefix}{field}: {message}")


class NotFoundError(EquityError):
    """An unknown portfolio or cash flow."""


class ConflictError(EquityError):
    """A write that lost a race (lock or serialization) more times than we retry."""


class StorageError(EquityError):
    """The database failed mid-operation (connection lost, disk full); nothing was written."""


class AccessDeniedError(EquityError):
    """The signed-in person's role or grants do not allow this; nothing was written."""


class PortfolioRenamedError(NotFoundError):
    """A portfolio asked for by a name it no longer has: says what it is called now.

    Old links and scripts keep naming the old name; telling them the new one is kinder
    than "no such portfolio", and ``portfolio_id`` lets the faces check the reader's grant.
    """

    def __init__(self, old_name: str, new_name: str, portfolio_id: object = None) -> None:
        self.old_name = old_name
        self.new_name = new_name
        self.portfolio_id = portfolio_id
        super().__init__(f"{old_name!r} was renamed to {new_name!r}")


class PortfolioArchivedError(EquityError):
    """A write to an archived portfolio: it is read-only until it is unarchived."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"{name!r} is archived: unarchive it to change it")
