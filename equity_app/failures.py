"""What a person sees when something fails: a short message; the details go to the server log.

``client.showErrorDetails = "none"`` (.streamlit/config.toml) keeps Streamlit from sending
a traceback to the browser; this module makes sure it never has to show one. Two cases:
the database cannot be reached (say so, and what to check), and anything else unexpected
(say so briefly, log the traceback). Streamlit's own control flow (``st.stop``, reruns,
page switches) derives from ``BaseException`` and is never caught here.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from equity.config import masked_url
from equity.errors import ConflictError, EquityError, StorageError
from equity_app.literal import md
from equity_app.messages import in_words
from equity_app.state import current_url

log = logging.getLogger("equity_app")

#: The database failed or cannot be reached (a lost race retried too often included).
DATABASE_ERRORS: tuple[type[BaseException], ...] = (SQLAlchemyError, StorageError, ConflictError)


@contextmanager
def guarded() -> Iterator[None]:
    """Run a page; an uncaught error becomes a message on screen and a traceback in the log."""
    try:
        yield
    except DATABASE_ERRORS as error:
        database_unreachable(error)
    except EquityError as error:  # a refusal no form caught (access denied, mostly): in words
        refused(error)
    except Exception as error:  # the last resort: ScriptControlException is a BaseException
        unexpected(error)


def database_unreachable(error: BaseException) -> None:
    """The page instead of a SQLAlchemy traceback: what failed and what to check."""
    url = masked_url(current_url())
    log.error("the database at %s failed: %s", url, _first_line(error), exc_info=error)
    st.error(
        "The database cannot be reached, so nothing can be shown or recorded. Check that the "
        "database server is running and accepts connections, and that EQUITY_DATABASE_URL "
        f"(or .streamlit/secrets.toml) points at it: {md(url)}. Then reload this page. "
        "The error is in the server log.",
        icon=":material/cloud_off:",
    )


def refused(error: EquityError) -> None:
    """The engine said no (a portfolio not open to this person, a role that cannot act)."""
    log.info("refused on a page: %s", _first_line(error))
    st.error(md(in_words(error)), icon=":material/block:")


def unexpected(error: BaseException) -> None:
    """Any other failure: a short message with a reference to find the traceback by."""
    reference = uuid.uuid4().hex[:8]
    log.error("unexpected error on a page (reference %s)", reference, exc_info=error)
    st.error(
        "Something went wrong while drawing this page. Reload it to try again; if it keeps "
        f"happening, give reference {reference} to whoever runs the app: the details are in "
        "the server log.",
        icon=":material/error:",
    )


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _log_to_stderr() -> None:
    """The app's log lines go where Streamlit's go (the server's stderr), once per process."""
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


_log_to_stderr()
