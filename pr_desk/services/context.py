"""Who is acting, what they may do, and the one-transaction write context."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pr_desk.data.engine import Database
from pr_desk.data.queries.event_grants import events_grants
from pr_desk.data.transactions import STALE_MESSAGE, read_session, write_transaction
from pr_desk.domain.errors import PermissionDenied, StaleRecord
from pr_desk.domain.roles import (
    EVENTS_GRANT_ROLES,
    GRANTABLE_PERMISSIONS,
    Permission,
    Role,
    granted_permissions,
    role_allows,
)
from pr_desk.i18n import N_

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session


@dataclass(frozen=True)
class Actor:
    """The logged-in user, as services need them."""

    user_id: uuid.UUID
    username: str
    display_name: str
    role: Role
    must_change_password: bool = False  # a one-time password given by an administrator
    # What an administrator gave this user beyond their role (an inspector's events grant),
    # as it stood at login: the screens follow it; services holding the database check it afresh.
    grants: frozenset[Permission] = frozenset()

    @property
    def audit_identity(self) -> tuple[uuid.UUID, str]:
        return (self.user_id, self.username)

    def can(self, permission: Permission) -> bool:
        return role_allows(self.role, permission) or permission in self.grants


def system_identity() -> tuple[None, str]:
    """The audit identity of work done from the command line without a PR Desk login."""
    import getpass

    try:
        name = getpass.getuser()
    except Exception:
        name = "?"
    return (None, f"system:{name}")


def require(actor: Actor, permission: Permission, db: Database | None = None) -> None:
    """Refuses what the actor's role does not allow. A permission an administrator may grant
    (events) is also let through when granted: as it stands in the database now when `db`
    is given (a revoked grant is refused at once), else as it stood at login."""
    if role_allows(actor.role, permission):
        return
    if permission in GRANTABLE_PERMISSIONS:
        if db is not None:
            if permission in current_grants(db, actor):
                return
        elif permission in actor.grants:
            return
    raise PermissionDenied(N_("Your role ({role}) does not allow this action."), role=actor.role.label)


def current_grants(db: Database, actor: Actor) -> frozenset[Permission]:
    """What an administrator has given the actor as it stands now (a role that cannot be
    given anything reads nothing)."""
    if actor.role not in EVENTS_GRANT_ROLES:
        return frozenset()
    with read_session(db) as session:
        return granted_permissions(actor.role, events_grants(session).get(actor.user_id))


def check_version(record_version: int, expected: int | None) -> None:
    if expected is not None and record_version != expected:
        raise StaleRecord(STALE_MESSAGE)


@contextmanager
def write(db: Database, actor: Actor | tuple[uuid.UUID | None, str], *, wait_ms: int | None = None) -> Iterator[Session]:
    """One transaction for one user action; database refusals become UserErrors. `wait_ms`
    shortens the wait for another writer's lock (a write that may be put off)."""
    identity = actor.audit_identity if isinstance(actor, Actor) else actor
    with write_transaction(db, identity, wait_ms=wait_ms) as session:
        yield session


@contextmanager
def read(db: Database, *, transaction: bool = False, snapshot: bool = False) -> Iterator[Session]:
    """A read; `transaction=True` for one that needs a transaction on PostgreSQL too (a
    server-side cursor, temporary tables), `snapshot=True` for one whose statements must
    see one moment: see Database.reading."""
    with read_session(db, transaction=transaction, snapshot=snapshot) as session:
        yield session
