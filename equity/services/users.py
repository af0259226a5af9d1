"""Who may sign in: add or replace a person's role and grants, list them, remove them.

Only an admin (or the operator: the CLI, an app in local mode) manages users. A signed-in
admin cannot demote or remove themselves, so the app can never be left by accident with
nobody able to manage it from inside; the operator can always repair it from the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from equity.domain.access import Role, normalized_email, parse_role
from equity.errors import ConflictError, NotFoundError, ValidationError
from equity.services.access import require_admin
from equity.services.audit import record_audit
from equity.services.lookup import find_portfolio
from equity.services.views import UserView
from equity.storage.database import Database, retry_on_conflict
from equity.storage.models import AuditEntry, Portfolio, User, UserPortfolio

#: How a grant that covers every portfolio reads, in the audit trail and on the CLI.
ALL_PORTFOLIOS = "all portfolios"
#: The longest email that can sign every change it makes: the audit trail's actor column.
MAX_USER_EMAIL_CHARS = AuditEntry.__table__.c.actor.type.length


def grant_scope(portfolios: Sequence[str] | None) -> str:
    """``all portfolios`` or the granted names, comma-separated: one wording everywhere."""
    return ALL_PORTFOLIOS if portfolios is None else ", ".join(portfolios)


@retry_on_conflict
def set_user(db: Database, email: str, role: str, portfolios: Sequence[str] | None) -> UserView:
    """Give ``email`` this role on these portfolios (None: all), replacing what they had.

    Every name must be a portfolio (else nothing is written). An admin covers every
    portfolio, so naming portfolios for one is refused rather than silently ignored.
    """
    key = normalized_email(email)
    if len(key) > MAX_USER_EMAIL_CHARS:
        raise ValidationError(
            "email", f"is over {MAX_USER_EMAIL_CHARS} characters: too long to sign changes with"
        )
    new_role = parse_role(role)
    if portfolios is not None and not portfolios:
        raise ValidationError("portfolios", "name at least one portfolio, or grant all of them")
    if new_role is Role.ADMIN and portfolios is not None:
        raise ValidationError("portfolios", "an admin covers every portfolio; name none")
    try:
        return _set_user(db, key, new_role, portfolios)
    except IntegrityError:  # another admin added the same email at the same moment
        raise ConflictError(f"{key} was added by someone else at the same time") from None


def _set_user(db: Database, key: str, role: Role, portfolios: Sequence[str] | None) -> UserView:
    with db.unit_of_work() as uow:
        session = uow.session
        require_admin(session, db, "manage users")
        if db.signed_in and normalized_email(db.actor) == key and role is not Role.ADMIN:
            raise ValidationError(
                "role", f"{key} is you: an admin cannot demote themselves (ask another admin)"
            )
        granted = None if portfolios is None else _resolved(session, portfolios)
        user = session.get(User, key, with_for_update=True)
        if user is None:
            user = _new_user(db, key)
            session.add(user)
        user.role = role.value
        user.all_portfolios = granted is None
        session.flush()
        session.execute(delete(UserPortfolio).where(UserPortfolio.email == key))
        for portfolio in granted or ():
            session.add(UserPortfolio(email=key, portfolio_id=portfolio.id))
        names = None if granted is None else tuple(sorted(p.name for p in granted))
        record_audit(
            session, db, None, "user.set", f"{key} is now {role.value} of {grant_scope(names)}"
        )
        uow.commit()
        return UserView(key, role.value, names, user.created_at, user.created_by)


def _new_user(db: Database, key: str) -> User:
    """A first grant for ``key``: when and by whom it was made are kept on later changes."""
    return User(email=key, created_at=db.clock.now(), created_by=db.actor)


def _resolved(session: Session, names: Sequence[str]) -> list[Portfolio]:
    """The named portfolios, each once (``alpha`` and ``Alpha`` are one portfolio)."""
    found: dict[object, Portfolio] = {}
    for name in names:
        portfolio = find_portfolio(session, name)
        found[portfolio.id] = portfolio
    return list(found.values())


def list_users(db: Database) -> list[UserView]:
    """Every user by email, with their granted portfolios' names (admins only when signed in)."""
    with db.read() as session:
        require_admin(session, db, "see the users")
        users = session.execute(select(User).order_by(User.email)).scalars().all()
        granted: dict[str, list[str]] = {}
        rows = session.execute(
            select(UserPortfolio.email, Portfolio.name)
            .join(Portfolio, Portfolio.id == UserPortfolio.portfolio_id)
            .order_by(Portfolio.name)
        )
        for email, name in rows:
            granted.setdefault(email, []).append(name)
        return [_view(user, granted.get(user.email, [])) for user in users]


def _granted_names(session: Session, email: str) -> list[str]:
    query = (
        select(Portfolio.name)
        .join(UserPortfolio, UserPortfolio.portfolio_id == Portfolio.id)
        .where(UserPortfolio.email == email)
    )
    return list(session.execute(query).scalars())


def _view(user: User, names: list[str]) -> UserView:
    portfolios = None if user.all_portfolios else tuple(sorted(names))
    return UserView(user.email, user.role, portfolios, user.created_at, user.created_by)


@retry_on_conflict
def remove_user(db: Database, email: str) -> None:
    """Take away every access of ``email``; NotFoundError when there is no such user."""
    key = normalized_email(email)
    with db.unit_of_work() as uow:
        session = uow.session
        require_admin(session, db, "manage users")
        if db.signed_in and normalized_email(db.actor) == key:
            raise ValidationError(
                "email", f"{key} is you: an admin cannot remove themselves (ask another admin)"
            )
        user = session.get(User, key, with_for_update=True)
        if user is None:
            raise NotFoundError(f"email: no user {key}")
        was = _view(user, _granted_names(session, key))
        session.execute(delete(UserPortfolio).where(UserPortfolio.email == key))
        session.delete(user)
        record_audit(
            session,
            db,
            None,
            "user.remove",
            f"{key} removed (was {was.role} of {grant_scope(was.portfolios)})",
        )
        uow.commit()
