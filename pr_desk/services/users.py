"""Users and their roles: add, list, reset passwords, disable and enable."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from pr_desk.data import audit
from pr_desk.data.engine import Database
from pr_desk.data.models import User
from pr_desk.data.queries import users as user_queries
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.roles import Permission, Role, UserImportRow, parse_role
from pr_desk.domain.units import RowProblem
from pr_desk.domain.text import clean_user_text
from pr_desk.domain.validation import validate_password, validate_username, require_text
from pr_desk.i18n import N_
from pr_desk.services.auth import hash_password
from pr_desk.services.context import Actor, check_version, read, require, write


@dataclass(frozen=True)
class UserInfo:
    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    active: bool
    locked: bool
    last_login_at: dt.datetime | None
    created_at: dt.datetime
    version: int

    @property
    def role_label(self) -> str:
        return self.role.label


def _info(user: User) -> UserInfo:
    now = utcnow()
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        active=user.active,
        locked=user.locked_until is not None and user.locked_until > now,
        last_login_at=user.last_login_at,
        created_at=user.created_at,
        version=user.version,
    )


def _parse_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise UserError(N_("Unknown role: {role}"), field="role", role=str(role)) from None


def _load(session: object, user_id: uuid.UUID) -> User:
    user = user_queries.by_id(session, user_id)  # type: ignore[arg-type]
    if user is None:
        raise NotFound(N_("The user was not found; it may have been removed."))
    return user


def new_user_record(*, username: str, display_name: str, role: Role | str, password: str) -> User:
    """A validated, not yet saved user (shared by add_user and first-run setup)."""
    username = validate_username(username)
    display_name = require_text(clean_user_text(display_name), N_("Full name"), max_len=200, field="display_name")
    validate_password(password)
    return User(
        username=username,
        display_name=display_name,
        role=_parse_role(role).value,
        password_hash=hash_password(password),
        active=True,
        failed_logins=0,
        must_change_password=False,
    )


def add_user(db: Database, actor: Actor, *, username: str, display_name: str, role: Role | str, password: str) -> UserInfo:
    require(actor, Permission.MANAGE_USERS)
    user = new_user_record(username=username, display_name=display_name, role=role, password=password)
    with write(db, actor) as session:
        if user_queries.by_username(session, user.username) is not None:
            raise UserError(N_("The username {username} is already taken."), field="username", username=user.username)
        session.add(user)
        session.flush()
        return _info(user)


def list_users(db: Database, actor: Actor, *, offset: int = 0, limit: int | None = None, search: str = "") -> list[UserInfo]:
    require(actor, Permission.VIEW_USERS)
    with read(db) as session:
        return [_info(u) for u in user_queries.page(session, offset=offset, limit=limit, search=search)]


def count_users(db: Database, actor: Actor, *, search: str = "") -> int:
    require(actor, Permission.VIEW_USERS)
    with read(db) as session:
        return user_queries.count(session, search=search)


def get_user(db: Database, actor: Actor, user_id: uuid.UUID) -> UserInfo:
    if actor.user_id != user_id:
        require(actor, Permission.VIEW_USERS)
    with read(db) as session:
        return _info(_load(session, user_id))


def _active_admins(session: object) -> int:
    return user_queries.count(session, active_only=True, role=Role.ADMIN.value)  # type: ignore[arg-type]


def update_user(
    db: Database, actor: Actor, user_id: uuid.UUID, *, display_name: str, role: Role | str, expected_version: int | None = None
) -> UserInfo:
    require(actor, Permission.MANAGE_USERS)
    display_name = require_text(clean_user_text(display_name), N_("Full name"), max_len=200, field="display_name")
    new_role = _parse_role(role)
    with write(db, actor) as session:
        user = _load(session, user_id)
        check_version(user.version, expected_version)
        if user.role == Role.ADMIN and new_role != Role.ADMIN and user.active and _active_admins(session) <= 1:
            raise UserError(N_("This is the last active administrator; give another user that role first."), field="role")
        user.display_name = display_name
        user.role = new_role.value
        session.flush()
        return _info(user)


def set_active(db: Database, actor: Actor, user_id: uuid.UUID, active: bool, *, expected_version: int | None = None) -> UserInfo:
    require(actor, Permission.MANAGE_USERS)
    with write(db, actor) as session:
        user = _load(session, user_id)
        check_version(user.version, expected_version)
        if not active:
            if user.id == actor.user_id:
                raise UserError(N_("You cannot disable your own account."))
            if user.role == Role.ADMIN and user.active and _active_admins(session) <= 1:
                raise UserError(N_("This is the last active administrator; it cannot be disabled."))
        user.active = active
        session.flush()
        return _info(user)


def disable_user(db: Database, actor: Actor, user_id: uuid.UUID, *, expected_version: int | None = None) -> UserInfo:
    return set_active(db, actor, user_id, False, expected_version=expected_version)


def enable_user(db: Database, actor: Actor, user_id: uuid.UUID, *, expected_version: int | None = None) -> UserInfo:
    return set_active(db, actor, user_id, True, expected_version=expected_version)


def reset_password(db: Database, actor: Actor, user_id: uuid.UUID, new_password: str) -> UserInfo:
    """An administrator sets a new password; it also lifts a lock-out."""
    require(actor, Permission.MANAGE_USERS)
    validate_password(new_password)
    with write(db, actor) as session:
        user = _load(session, user_id)
        user.password_hash = hash_password(new_password)
        user.failed_logins = 0
        user.locked_until = None
        user.must_change_password = user.id != actor.user_id
        session.flush()
        audit.append(session, action="password_reset", table_name="app_user", record_id=user.id)
        return _info(user)


def find_by_username(db: Database, actor: Actor, username: str) -> UserInfo:
    require(actor, Permission.VIEW_USERS)
    with read(db) as session:
        user = user_queries.by_username(session, username)
        if user is None:
            raise NotFound(N_("No user named {username}."), username=username)
        return _info(user)


def all_users(db: Database, actor: Actor) -> Sequence[UserInfo]:
    return list_users(db, actor)


@dataclass(frozen=True)
class ImportedUser:
    username: str
    one_time_password: str


class UsersImportRejected(UserError):
    """Some rows are invalid: no user was added."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        super().__init__(N_("Nothing was imported: {count} rows have problems."), count=len(problems))
        self.problems = list(problems)


def _one_time_password() -> str:
    import secrets

    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def import_users(db: Database, actor: Actor, rows: Sequence[UserImportRow]) -> list[ImportedUser]:
    """Adds every row's user or none. Each gets a one-time password to change at first
    login (passwords never travel in spreadsheets)."""
    require(actor, Permission.MANAGE_USERS)
    if not rows:
        raise UserError(N_("The file has no rows to import."))
    if len(rows) > 5000:
        raise UserError(N_("The file has {count} rows; at most {limit} can be imported at once."), count=len(rows), limit=5000)
    problems: list[RowProblem] = []
    prepared: list[tuple[int, User, str]] = []
    seen: dict[str, int] = {}
    for row in rows:
        try:
            username = validate_username(row.username)
            if username in seen:
                raise UserError(N_("The username {username} is repeated (row {row})."), username=username, row=seen[username])
            seen[username] = row.row_number
            password = _one_time_password()
            user = new_user_record(username=username, display_name=row.display_name or username, role=parse_role(row.role), password=password)
            user.must_change_password = True
            prepared.append((row.row_number, user, password))
        except UserError as exc:
            problems.append(RowProblem(row.row_number, exc.translated()))
    if problems:
        raise UsersImportRejected(problems)
    with write(db, actor) as session:
        for row_number, user, _password in prepared:
            if user_queries.by_username(session, user.username) is not None:
                problems.append(RowProblem(row_number, UserError(N_("The username {username} is already taken."), username=user.username).translated()))
            session.add(user)
        if problems:
            raise UsersImportRejected(problems)
    return [ImportedUser(user.username, password) for _n, user, password in prepared]
