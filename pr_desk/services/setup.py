"""Creating and opening PR Desk databases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pr_desk.data import audit
from pr_desk.data.engine import Database, normalise_url
from pr_desk.data.queries import meta as meta_queries
from pr_desk.data.queries import users as user_queries
from pr_desk.data.schema import (
    UPGRADE_WAIT_SECONDS,
    DatabaseState,
    Inspection,
    inspect_database,
    open_database,
)
from pr_desk.domain.errors import UserError
from pr_desk.domain.roles import Role
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, read, write
from pr_desk.services.units import seed_districts
from pr_desk.services.users import new_user_record


@dataclass(frozen=True)
class OpenedDatabase:
    db: Database
    needs_admin: bool  # schema exists but no administrator yet: first-run setup
    upgraded_from: str | None


def open_or_create(target: str, *, create: bool = True, backup_folder: Path | None = None,
                   wait_seconds: float = UPGRADE_WAIT_SECONDS, on_wait: Callable[[], None] | None = None) -> OpenedDatabase:
    """Opens `target`, creating the schema if it is new; refuses foreign or newer files.
    An old file another program is upgrading is waited for (`wait_seconds`, `on_wait` called
    once when the wait starts) and then opened as it left it, upgraded once."""
    db, inspection = open_database(target, create=create, backup_folder=backup_folder,
                                   wait_seconds=wait_seconds, on_wait=on_wait)
    with read(db) as session:
        needs_admin = not meta_queries.is_initialised(session)
    upgraded = inspection.revision if inspection.state is DatabaseState.OLDER else None
    return OpenedDatabase(db, needs_admin, upgraded)


def describe(target: str) -> Inspection:
    return inspect_database(normalise_url(target))


def initialise(db: Database, *, admin_username: str, admin_display_name: str, admin_password: str) -> Actor:
    """First run: the identity rows, the first administrator and the 22 district offices."""
    admin = new_user_record(username=admin_username, display_name=admin_display_name or admin_username, role=Role.ADMIN, password=admin_password)
    with write(db, (admin.id, admin.username)) as session:
        if meta_queries.is_initialised(session):
            raise UserError(N_("This database is already set up; log in instead."))
        meta_queries.write_identity(session)
        from pr_desk.data.ids import new_id

        admin.id = new_id()
        session.info["actor"] = (admin.id, admin.username)
        session.add(admin)
        session.flush()
        audit.append(session, action="initialise", summary="database created")
        seed_districts(session)
        meta_queries.mark_initialised(session)
        actor = Actor(admin.id, admin.username, admin.display_name, Role.ADMIN)
    return actor


def has_users(db: Database) -> bool:
    with read(db) as session:
        return user_queries.count(session) > 0


def create_database(target: str, *, admin_username: str, admin_display_name: str, admin_password: str) -> tuple[Database, Actor]:
    """`pr-desk init`: a new database with its first administrator (refuses an existing one)."""
    opened = open_or_create(target, create=True)
    if not opened.needs_admin:
        opened.db.dispose()
        raise UserError(N_("{name} already holds a PR Desk database."), name=opened.db.display_name)
    try:
        actor = initialise(opened.db, admin_username=admin_username, admin_display_name=admin_display_name, admin_password=admin_password)
    except BaseException:
        opened.db.dispose()
        raise
    return opened.db, actor
