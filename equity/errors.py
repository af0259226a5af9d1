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
