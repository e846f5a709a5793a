"""Queries on users."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from pr_desk.data.models import User
from pr_desk.data.queries.sorting import SortKeys, alphabetical, sorted_by
from pr_desk.data.types import utcnow

_ROLE_ORDER = case({"admin": 0, "supervisor": 1, "clerk": 2, "inspector": 3}, value=User.role, else_=4)


def sort_keys(now: dt.datetime) -> SortKeys:
    """What the users list sorts by; the state is active, then locked (at `now`), then disabled."""
    state = case((User.active.is_(False), 2), (User.locked_until > now, 1), else_=0)
    return {
        "username": (User.username,),
        "display_name": (alphabetical(User.display_name),),
        "role_label": (_ROLE_ORDER,),
        "state_label": (state,),
        "last_login_at": (User.last_login_at,),
    }


def by_username(session: Session, username: str) -> User | None:
    return session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower(), User.deleted_at.is_(None))
    )


def usernames_taken(session: Session, usernames: Iterable[str], *, chunk: int = 500) -> set[str]:
    """Which of `usernames` (lower case) a live user has, by one query per `chunk` names."""
    wanted = sorted({name.strip().lower() for name in usernames})
    taken: set[str] = set()
    for start in range(0, len(wanted), chunk):
        names = wanted[start:start + chunk]
        taken.update(name.lower() for name in session.scalars(
            select(User.username).where(func.lower(User.username).in_(names), User.deleted_at.is_(None))))
    return taken


def by_id(session: Session, user_id: uuid.UUID) -> User | None:
    user = session.get(User, user_id)
    return user if user is not None and user.deleted_at is None else None


def count(session: Session, *, active_only: bool = False, role: str | None = None, search: str = "",
          locked_at: dt.datetime | None = None) -> int:
    stmt = select(func.count()).select_from(User).where(User.deleted_at.is_(None))
    if locked_at is not None:
        stmt = stmt.where(User.active.is_(True), User.locked_until > locked_at)
    if search:
        pattern = f"%{search.lower()}%"
        stmt = stmt.where(or_(func.lower(User.username).like(pattern), func.lower(User.display_name).like(pattern)))
    if active_only:
        stmt = stmt.where(User.active.is_(True))
    if role is not None:
        stmt = stmt.where(User.role == role)
    return session.scalar(stmt) or 0


def page(
    session: Session, *, offset: int = 0, limit: int | None = None, search: str = "", include_inactive: bool = True,
    sort_key: str | None = None, descending: bool = False, locked_at: dt.datetime | None = None,
) -> Sequence[User]:
    """A page of users by username, or by `sort_key` (one of sort_keys()); with
    `locked_at`, only the active users whose login is locked at that time."""
    stmt = select(User).where(User.deleted_at.is_(None))
    if locked_at is not None:
        stmt = stmt.where(User.active.is_(True), User.locked_until > locked_at)
    if not include_inactive:
        stmt = stmt.where(User.active.is_(True))
    if search:
        pattern = f"%{search.lower()}%"
        stmt = stmt.where(or_(func.lower(User.username).like(pattern), func.lower(User.display_name).like(pattern)))
    stmt = sorted_by(stmt, sort_keys(utcnow()), sort_key, descending, default=(User.username,), tie_breaker=User.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.scalars(stmt).all()


def locked_out(session: Session, now: dt.datetime, *, limit: int = 20) -> Sequence[User]:
    """Active users whose login is locked after failed attempts (the dashboard)."""
    stmt = (select(User).where(User.deleted_at.is_(None), User.active.is_(True), User.locked_until > now)
            .order_by(User.locked_until.desc()).limit(limit))
    return session.scalars(stmt).all()
