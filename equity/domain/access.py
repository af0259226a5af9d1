"""Who may do what: roles, grants and the checks every write service makes.

Three roles (issue 11): an **admin** may do everything (portfolios, users, settings); a
**manager** records, imports, voids and approves on the portfolios granted; a **viewer**
only reads them. A grant names portfolios or covers all of them (``portfolio_ids`` None).
The operator's channels (the CLI, which holds the database credentials, and an app in
local mode) act with full rights; only a signed-in person is checked against a grant.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from enum import StrEnum

from equity.errors import ValidationError


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    VIEWER = "viewer"


#: An email as providers send it: something@domain, no spaces, at most 254 characters.
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+$")
MAX_EMAIL_CHARS = 254


def normalized_email(text: object) -> str:
    """The email as stored and compared: trimmed and lower-cased, or a ValidationError.

    Providers differ in the case they send (``Ann@Firm.com`` from one, ``ann@firm.com``
    from another); a grant must match either, so emails compare case-insensitively.
    """
    email = str(text).strip().lower()
    if not email or len(email) > MAX_EMAIL_CHARS or not EMAIL_SHAPE.match(email):
        raise ValidationError("email", f"{str(text)[:80]!r} is not an email address")
    if any(not character.isprintable() for character in email):
        raise ValidationError("email", "holds invisible characters")
    return email


def parse_role(text: object) -> Role:
    try:
        return Role(str(text).strip().lower())
    except ValueError:
        allowed = ", ".join(role.value for role in Role)
        raise ValidationError("role", f"{str(text)[:40]!r} is not one of {allowed}") from None


@dataclass(frozen=True)
class Grant:
    """One person's role and the portfolios it covers (None: every portfolio)."""

    email: str
    role: Role
    portfolio_ids: frozenset[uuid.UUID] | None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def covers(self, portfolio_id: uuid.UUID) -> bool:
        """The portfolio is visible to this person (admins see every portfolio)."""
        return self.is_admin or self.portfolio_ids is None or portfolio_id in self.portfolio_ids

    def can_write(self, portfolio_id: uuid.UUID) -> bool:
        """Record, import, void, approve: a manager or admin on a covered portfolio."""
        return self.role is not Role.VIEWER and self.covers(portfolio_id)
