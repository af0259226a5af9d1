"""Firm-wide settings: the firm view's base currency; the statements' firm name and logo.

A setting is one row of ``settings`` (migration 0007). Only the keys listed here exist, so
a typo is refused instead of stored and silently ignored; only an admin (or the operator's
channels) may change one, and every change is in the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from equity.domain.validation import check_currency, check_text
from equity.errors import ConflictError, ValidationError
from equity.money import shown_value
from equity.services.access import require_admin
from equity.services.audit import record_audit
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import Setting

BASE_CURRENCY = "base_currency"
#: The base currency until an admin sets one: the product's default portfolio currency.
DEFAULT_BASE_CURRENCY = "USD"

FIRM_NAME = "firm_name"
LOGO_PATH = "logo_path"
#: A logo is read into every statement: a bound keeps a wrong file from bloating them.
MAX_LOGO_BYTES = 2_000_000
LOGO_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def check_firm_name(value: str) -> str:
    """The name printed at the top of every statement: one line, at most 120 characters."""
    return check_text(value, FIRM_NAME, limit=120) or ""


def check_logo_path(value: str) -> str:
    """A PNG or JPEG file on this machine, checked now so a statement never lacks it silently.

    Empty clears the logo.
    """
    text = value.strip()
    if not text:
        return ""
    path = Path(text).expanduser()
    if not path.is_file():
        raise ValidationError(LOGO_PATH, f"{shown_value(text)} is not a file")
    if path.stat().st_size > MAX_LOGO_BYTES:
        raise ValidationError(LOGO_PATH, f"the file is over {MAX_LOGO_BYTES:,} bytes")
    with path.open("rb") as file:
        head = file.read(8)
    if not head.startswith(LOGO_MAGIC):
        raise ValidationError(LOGO_PATH, f"{shown_value(text)} is not a PNG or JPEG image")
    stored = str(path.resolve())
    if len(stored) > 200:  # the column's width (migration 0007)
        raise ValidationError(LOGO_PATH, "the path is over 200 characters; move the file")
    return stored


#: Each known key with the check that cleans its value (raising a ValidationError).
SETTING_CHECKS: dict[str, Callable[[str], str]] = {
    BASE_CURRENCY: check_currency,
    FIRM_NAME: check_firm_name,
    LOGO_PATH: check_logo_path,
}
DEFAULTS: dict[str, str] = {BASE_CURRENCY: DEFAULT_BASE_CURRENCY, FIRM_NAME: "", LOGO_PATH: ""}


@dataclass(frozen=True)
class SettingView:
    key: str
    value: str
    #: None for a default nobody has set.
    updated_at: datetime | None
    updated_by: str | None


def get_base_currency(db: Database) -> str:
    """The firm's base currency: the stored setting, else USD."""
    with db.read() as session:
        return base_currency_in(session)


def base_currency_in(session: Session) -> str:
    """The base currency, read in the caller's session (the firm view reads it with rates)."""
    row = session.get(Setting, BASE_CURRENCY)
    return row.value if row is not None else DEFAULT_BASE_CURRENCY


def get_setting(db: Database, key: str) -> SettingView:
    """One known setting, its default when nobody has set it."""
    name = _known_key(key)
    with db.read() as session:
        row = session.get(Setting, name)
        if row is None:
            return SettingView(name, DEFAULTS[name], None, None)
        return SettingView(row.key, row.value, row.updated_at, row.updated_by)


@retry_on_conflict
def set_setting(db: Database, key: str, value: str) -> SettingView:
    """Store one setting (admins only), with an audit entry saying old and new value."""
    name = _known_key(key)
    cleaned = SETTING_CHECKS[name](value)
    try:
        return _store(db, name, cleaned)
    except IntegrityError:  # another admin set it for the first time at the same moment
        raise ConflictError(f"{name} was set by someone else at the same time") from None


def _store(db: Database, name: str, cleaned: str) -> SettingView:
    with db.unit_of_work() as uow:
        session = uow.session
        require_admin(session, db, "change settings")
        row = session.get(Setting, name, with_for_update=True)
        before = row.value if row is not None else f"{DEFAULTS[name]} (default)"
        if row is None:
            row = Setting(key=name)
            session.add(row)
        row.value = cleaned
        row.updated_at = db.clock.now()
        row.updated_by = db.actor
        record_audit(session, db, None, "setting.set", f"{name}: {before} -> {cleaned}")
        uow.commit()
        return SettingView(name, cleaned, row.updated_at, row.updated_by)


def _known_key(key: str) -> str:
    name = key.strip().lower()
    if name not in SETTING_CHECKS:
        known = ", ".join(sorted(SETTING_CHECKS))
        raise ValidationError("setting", f"{shown_value(key)} is not a setting; known: {known}")
    return name
