"""Who is using the app on this run, and the Database their reads and writes go through.

Two modes, decided by the server's secrets: with an ``[auth]`` section (Streamlit's OIDC
sign-in, ``st.login``) every person signs in and acts under the grant stored for their
email; without one the app is in *local mode*: one local administrator, the operator,
acting with the same rights as the command line (``make run`` then serves on 127.0.0.1
only). The rights are enforced by the services (``equity/services/access.py``); this
module only tells the pages what to offer and hands them the Database that carries the
person, so every web write is checked and audited under the signed-in email.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from equity.config import default_actor
from equity.domain.access import Grant, normalized_email
from equity.errors import AccessDeniedError, ValidationError
from equity.services.access import grant_for
from equity.storage.database import Database
from equity_app import state

log = logging.getLogger("equity_app")
#: Streamlit's error id for "there is no secrets file anywhere": local mode.
NO_SECRETS = "no-secrets-found"
SECRETS_BROKEN = (
    "the server's secrets file (.streamlit/secrets.toml) cannot be read, so nobody can be "
    "signed in; whoever runs the app must fix it (the error is in the server log)"
)
#: Why local mode turns away a browser on another machine.
LOCAL_ONLY = (
    "this app is in local mode (no sign-in), which answers only on the machine it runs on; "
    "to serve it on a network, configure sign-in ([auth] in .streamlit/secrets.toml)"
)


@dataclass(frozen=True)
class Identity:
    """The person of this run: a signed-in email, the local operator, or nobody yet.

    ``email`` is empty only when sign-in is configured and nobody has signed in;
    ``problem`` says why this person is not let in at all, whatever their grant: the
    provider sent no usable email, or an unverified one, or local mode was reached from
    another machine.
    """

    email: str
    local: bool
    grant: Grant | None
    problem: str | None = None

    @property
    def signed_out(self) -> bool:
        return not self.local and not self.email and self.problem is None

    @property
    def has_access(self) -> bool:
        """May see the app at all: the local operator, or a person with a stored grant."""
        return self.problem is None and (self.local or self.grant is not None)

    @property
    def is_admin(self) -> bool:
        return self.has_access and (self.local or (self.grant is not None and self.grant.is_admin))

    @property
    def role_label(self) -> str:
        """The role in words for the sidebar: admin, manager, viewer or local administrator."""
        if self.local:
            return "local administrator"
        return self.grant.role.value if self.grant else "no access"

    def can_write(self, portfolio_id: uuid.UUID) -> bool:
        """Record, import, void on this portfolio (a courtesy: the services check again).

        Nobody writes to an archived portfolio, whatever their role: its pages draw no form.
        """
        if not self.has_access or portfolio_id in _archived_ids():
            return False
        return self.local or (self.grant is not None and self.grant.can_write(portfolio_id))

    def covers(self, portfolio_id: uuid.UUID) -> bool:
        """This portfolio is visible to this person."""
        if not self.has_access:
            return False
        return self.local or (self.grant is not None and self.grant.covers(portfolio_id))

    def database(self) -> Database:
        """The Database to call services with: the operator by name, or the signed-in person.

        A signed-out run has no Database to write with: asking for one is refused, the
        same as the services would refuse a person without a grant.
        """
        if self.problem is not None:
            raise AccessDeniedError(self.problem)
        if self.local:
            return state.database().acting_as(self.email)
        if not self.email:
            raise AccessDeniedError("sign in first: nobody is signed in")
        return state.database().as_signed_in(self.email)


def _archived_ids() -> frozenset[uuid.UUID]:
    """The archived portfolios, from the cached reads (imported here: data reads identity)."""
    from equity_app import data

    return data.archived_ids()


def auth_configured() -> bool:
    """Streamlit's ``[auth]`` secrets section is present: people sign in (else local mode).

    Reads ``st.secrets`` (which AppTest's ``at.secrets`` replaces). No secrets file at all
    is local mode; a secrets file that cannot be read fails closed: it may hold the
    ``[auth]`` section, and guessing "local mode" would give everyone full rights.
    """
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError as error:  # Streamlit's StreamlitSecretNotFoundError
        if getattr(error, "error_id", None) == NO_SECRETS:
            return False
        log.error("the secrets file cannot be read: %s", error)
        raise ValidationError("secrets", SECRETS_BROKEN) from None
    return isinstance(section, Mapping) and bool(section)


def current_identity() -> Identity:
    """This run's person: local operator, signed out, or signed in (grant read now)."""
    if not auth_configured():
        if _remote_address() is not None:
            return Identity(default_actor(), True, None, LOCAL_ONLY)
        return Identity(email=default_actor(), local=True, grant=None)
    user = _user_info()
    if not user.get("is_logged_in"):
        return Identity(email="", local=False, grant=None)
    if str(user.get("email_verified")).lower() == "false":  # some providers send a string
        raw = str(user.get("email") or "")
        return Identity(raw, False, None, "your sign-in provider says this email is unverified")
    try:
        email = normalized_email(user.get("email") or "")
    except ValidationError:
        raw = str(user.get("email") or "")
        return Identity(raw, False, None, "your sign-in provider sent no usable email address")
    return Identity(email=email, local=False, grant=grant_for(state.database(), email))


def _remote_address() -> str | None:
    """The browser's address when it is not this machine (Streamlit says None for loopback).

    A second line of defence behind ``make run``'s ``--server.address 127.0.0.1``: local
    mode gives full rights to whoever is at the keyboard, so nobody else may use it.
    """
    try:
        address = st.context.ip_address
    except Exception:  # no script run context: not a browser at all
        return None
    return address if isinstance(address, str) else None  # a test runtime has no real one


def _user_info() -> Mapping[str, Any]:
    """``st.user`` as a plain mapping (empty outside a session)."""
    try:
        return st.user.to_dict()
    except Exception:  # no script run context (a bare import): nobody
        return {}
