"""Queries on users."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pr_desk.data.models import User


def by_username(session: Session, username: str) -> User | None:
    return session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower(), User.deleted_at.is_(None))
    )


def by_id(session: Session, user_id: uuid.UUID) -> User | None:
    user = session.get(User, user_id)
    return user if user is not None and user.deleted_at is None else None


def count(session: Session, *, active_only: bool = False, role: str | None = None, search: str = "") -> int:
    stmt = select(func.count()).select_from(User).where(User.deleted_at.is_(None))
    if search:
        pattern = f"%{search.lower()}%"
        stmt = stmt.where(or_(func.lower(User.username).like(pattern), func.lower(User.display_name).like(pattern)))
    if active_only:
        stmt = stmt.where(User.active.is_(True))
    if role is not None:
        stmt = stmt.where(User.role == role)
    return session.scalar(stmt) or 0


def page(
    session: Session, *, offset: int = 0, limit: int | None = None, search: str = "", include_inactive: bool = True
) -> Sequence[User]:
    stmt = select(User).where(User.deleted_at.is_(None))
    if not include_inactive:
        stmt = stmt.where(User.active.is_(True))
    if search:
        pattern = f"%{search.lower()}%"
        stmt = stmt.where(or_(func.lower(User.username).like(pattern), func.lower(User.display_name).like(pattern)))
    stmt = stmt.order_by(User.username).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.scalars(stmt).all()
