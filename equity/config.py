"""Configuration, read in one place: which database the engine talks to.

Order of precedence: an explicit URL (``--db``), then ``EQUITY_DATABASE_URL``, then
``.streamlit/secrets.toml`` (``[connections.equity] url``), then the embedded SQLite file.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from pathlib import Path

from sqlalchemy.engine import make_url

from equity.errors import ValidationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///data/equity.db"
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"


def database_url(explicit: str | None = None) -> str:
    """The database URL to use, by the precedence in the module docstring."""
    if explicit:
        return explicit
    from_env = os.environ.get("EQUITY_DATABASE_URL")
    if from_env:
        return from_env
    from_secrets = _url_from_secrets(SECRETS_FILE)
    return from_secrets or DEFAULT_DATABASE_URL


def _url_from_secrets(path: Path) -> str | None:
    """``[connections.equity] url``; a broken file is named, never a traceback."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            secrets = tomllib.load(handle)
        url = secrets.get("connections", {}).get("equity", {}).get("url")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, AttributeError) as error:
        raise ValidationError("db", f"{path} is not a valid secrets file: {error}") from None
    if url is not None and not isinstance(url, str):
        raise ValidationError("db", f"{path}: connections.equity.url must be a string")
    return url


def masked_url(url: str) -> str:
    """The URL with its password hidden, safe for screens, logs and error messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as nothing rather than leaked
        return "<unparsable database URL>"


def default_actor() -> str:
    """Who is writing, for the audit columns: the OS user for the CLI."""
    explicit = os.environ.get("EQUITY_USER")
    if explicit:
        return explicit
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no passwd entry (some containers)
        return "unknown"
