"""The Admin page's people: who may sign in, with which role, on which portfolios.

Every write goes through the users service with the admin's own Database, so the service
checks the admin's rights and audits the change under their email. The forms write in
their callbacks (before the page is drawn again), so what the table shows next is what the
database holds. Removing someone takes two clicks (Remove, then the confirmation); the
confirmation's callback takes the pending email out of session state first, so a double
click removes once and never reports "no such user" for its own second click.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from equity.domain.access import Role
from equity.errors import EquityError
from equity.services.users import list_users, remove_user, set_user
from equity.services.views import UserView
from equity_app import data
from equity_app.components import toast
from equity_app.identity import Identity, current_identity
from equity_app.literal import code, md
from equity_app.messages import in_words

EMAIL, ROLE, ALL, CHOSEN = "admin_email", "admin_role", "admin_all", "admin_portfolios"
LOAD, NEW_PERSON = "admin_start_from", "A new person"
REMOVE_WHO, PENDING_REMOVAL = "admin_remove_who", "admin_removal_pending"
ERROR = "admin_users_error"
ROLES = [Role.VIEWER.value, Role.MANAGER.value, Role.ADMIN.value]
ALL_LABEL = "all"
COLUMNS = ["Email", "Role", "Portfolios", "Added (UTC)", "Added by"]
ROLE_HELP = (
    "viewer: reads the granted portfolios. manager: also records, imports, voids and "
    "approves on them. admin: everything, every portfolio, people and settings."
)


def show(who: Identity, portfolio_names: Sequence[str]) -> None:
    """The table of people, the add-or-change form and the removal, for an admin."""
    users = list_users(who.database())
    st.subheader("People")
    if error := st.session_state.get(ERROR):
        st.error(md(error), icon=":material/error:")
    _table(users)
    _add_form(users, portfolio_names)
    if users:
        _removal(who, users)


def _table(users: list[UserView]) -> None:
    if not users:
        st.info(
            "Nobody can sign in yet. Add people below (or with "
            "`python -m equity user add EMAIL --role admin`).",
            icon=":material/group_off:",
        )
        return
    st.dataframe(table(users), hide_index=True, width="stretch", key="admin_users_table")


def table(users: list[UserView]) -> pd.DataFrame:
    """One row per person: the portfolios granted, or "all"."""
    return pd.DataFrame(
        [
            {
                "Email": user.email,
                "Role": user.role,
                "Portfolios": scope(user.portfolios),
                "Added (UTC)": user.created_at.strftime("%Y-%m-%d %H:%M"),
                "Added by": user.created_by,
            }
            for user in users
        ],
        columns=COLUMNS,
    )


def scope(portfolios: Sequence[str] | None) -> str:
    return ALL_LABEL if portfolios is None else ", ".join(portfolios)


def _add_form(users: list[UserView], portfolio_names: Sequence[str]) -> None:
    """Email, role, and every portfolio or the chosen ones; an existing email is replaced.

    Choosing a listed person first fills the form with their current access to edit.
    """
    st.markdown("**Add a person or change their access**")
    st.selectbox(
        "Start from",
        [None, *(user.email for user in users)],
        format_func=lambda email: NEW_PERSON if email is None else email,
        key=LOAD,
        on_change=_load,
        args=(users, list(portfolio_names)),
    )
    st.text_input("Email", key=EMAIL, placeholder="name@firm.com")
    st.selectbox("Role", ROLES, key=ROLE, help=ROLE_HELP)
    admin = st.session_state.get(ROLE) == Role.ADMIN.value
    st.session_state.setdefault(ALL, True)
    every = st.checkbox("All portfolios, including those created later", key=ALL, disabled=admin)
    st.multiselect(
        "Portfolios",
        list(portfolio_names),
        key=CHOSEN,
        disabled=admin or every,
        placeholder="Choose the portfolios",
    )
    if admin:
        st.caption("An admin covers every portfolio.")
    st.caption("Saving an email that is already listed replaces its role and portfolios.")
    st.button("Save access", type="primary", key="admin_save", on_click=_save, args=(admin,))


def _load(users: list[UserView], portfolio_names: list[str]) -> None:
    """on_change of "Start from": the chosen person's email, role and portfolios."""
    state = st.session_state
    chosen = next((user for user in users if user.email == state.get(LOAD)), None)
    if chosen is None:
        state[EMAIL], state[ROLE], state[ALL], state[CHOSEN] = "", ROLES[0], True, []
        return
    state[EMAIL] = chosen.email
    state[ROLE] = chosen.role
    state[ALL] = chosen.portfolios is None
    state[CHOSEN] = [name for name in chosen.portfolios or () if name in portfolio_names]


def _save(admin: bool) -> None:
    state = st.session_state
    state.pop(ERROR, None)
    portfolios = None if admin or state.get(ALL, True) else list(state.get(CHOSEN) or [])
    try:
        view = set_user(
            current_identity().database(), state.get(EMAIL) or "", state[ROLE], portfolios
        )
    except EquityError as error:
        state[ERROR] = in_words(error)
        return
    finally:
        data.invalidate()
    toast.queue(f"{view.email} is now {view.role} of {scope(view.portfolios)}.")
    state[EMAIL] = ""
    state[CHOSEN] = []
    state[LOAD] = None


def _removal(who: Identity, users: list[UserView]) -> None:
    """Choose a person, press Remove, then confirm: their access ends at once."""
    st.markdown("**Remove a person**")
    others = [user.email for user in users if user.email != who.email]
    if not others:
        st.caption("You are the only person listed; an admin cannot remove themselves.")
        return
    pending = st.session_state.get(PENDING_REMOVAL)
    if pending is None:
        st.selectbox("Person to remove", others, key=REMOVE_WHO)
        st.button("Remove…", key="admin_remove", on_click=_ask_removal)
        return
    st.warning(
        f"Remove {code(pending)}? They can no longer sign in to this app; their past "
        "changes stay in the audit trail.",
        icon=":material/person_remove:",
    )
    confirm, cancel = st.columns(2)
    confirm.button("Confirm removal", type="primary", key="admin_remove_confirm", on_click=_remove)
    cancel.button("Cancel", key="admin_remove_cancel", on_click=_cancel_removal)


def _ask_removal() -> None:
    st.session_state.pop(ERROR, None)
    st.session_state[PENDING_REMOVAL] = st.session_state.get(REMOVE_WHO)


def _cancel_removal() -> None:
    st.session_state.pop(PENDING_REMOVAL, None)


def _remove() -> None:
    email = st.session_state.pop(PENDING_REMOVAL, None)
    if email is None:  # a second click of the same confirmation: already done
        return
    try:
        remove_user(current_identity().database(), email)
    except EquityError as error:
        st.session_state[ERROR] = in_words(error)
        return
    toast.queue(f"{email} was removed: they can no longer sign in.")
