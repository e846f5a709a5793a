"""Users and their roles: add, list, reset passwords, disable and enable."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pr_desk.data import audit, bulk
from pr_desk.data.engine import Database
from pr_desk.data.ids import new_id
from pr_desk.data.models import User
from pr_desk.data.queries import users as user_queries
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import NotFound, UserError
from pr_desk.domain.importing import (
    ImportRejected,
    RowProblem,
    check_row_count,
    check_rows,
    clip,
    each_cell,
)
from pr_desk.domain.roles import Permission, Role, UserImportRow, parse_role
from pr_desk.domain.text import clean_user_text, to_latin_digits
from pr_desk.domain.validation import (
    MSG_REQUIRED,
    optional_text,
    require_text,
    validate_password,
    validate_username,
)
from pr_desk.i18n import N_, _
from pr_desk.services.auth import hash_password
from pr_desk.services.context import Actor, check_version, read, require, write
from pr_desk.services.importing import ImportPreview, Step, preview_rows
from pr_desk.spreadsheets.passwords import write_one_time_passwords
from pr_desk.spreadsheets.users import USER_COLUMNS, read_users_file, write_users_template

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session


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


def list_users(db: Database, actor: Actor, *, offset: int = 0, limit: int | None = None, search: str = "",
               sort_key: str | None = None, descending: bool = False, locked_only: bool = False) -> list[UserInfo]:
    """A page of users by username; `sort_key` is a column of the users list (see
    data.queries.users.sort_keys; another is refused); `locked_only`: the users locked out now."""
    require(actor, Permission.VIEW_USERS)
    with read(db) as session:
        return [_info(u) for u in user_queries.page(session, offset=offset, limit=limit, search=search,
                                                    sort_key=sort_key, descending=descending,
                                                    locked_at=utcnow() if locked_only else None)]


def count_users(db: Database, actor: Actor, *, search: str = "", locked_only: bool = False) -> int:
    require(actor, Permission.VIEW_USERS)
    with read(db) as session:
        return user_queries.count(session, search=search, locked_at=utcnow() if locked_only else None)


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
        if active:  # enabling an account lets its owner in: a lock-out goes with it
            user.failed_logins, user.locked_until = 0, None
        session.flush()
        return _info(user)


def disable_user(db: Database, actor: Actor, user_id: uuid.UUID, *, expected_version: int | None = None) -> UserInfo:
    return set_active(db, actor, user_id, False, expected_version=expected_version)


def enable_user(db: Database, actor: Actor, user_id: uuid.UUID, *, expected_version: int | None = None) -> UserInfo:
    return set_active(db, actor, user_id, True, expected_version=expected_version)


def unlock_user(db: Database, actor: Actor, user_id: uuid.UUID, *, expected_version: int | None = None) -> UserInfo:
    """Lifts a lock-out after too many wrong passwords, without changing the password."""
    require(actor, Permission.MANAGE_USERS)
    with write(db, actor) as session:
        user = _load(session, user_id)
        check_version(user.version, expected_version)
        user.failed_logins, user.locked_until = 0, None
        session.flush()
        audit.append(session, action="unlock", table_name="app_user", record_id=user.id)
        return _info(user)


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
    """A user the import added, with the one-time password they log in with once. The
    password is kept out of repr() so that a log line or traceback never shows it."""

    username: str
    one_time_password: str = field(repr=False)
    display_name: str = ""
    role: Role | None = None

    @property
    def role_label(self) -> str:
        return self.role.label if self.role is not None else ""


@dataclass(frozen=True)
class PlannedUser:
    """A clean row of a users spreadsheet: the user import_users would add from it."""

    row_number: int
    username: str
    display_name: str
    role: Role

    @property
    def role_label(self) -> str:
        return self.role.label


@dataclass(frozen=True)
class UsersImportCheck:
    """What import_users would do with a file's rows: the users it would add, or, when
    any row has a problem, every problem (the import then adds no one)."""

    planned: tuple[PlannedUser, ...]
    problems: tuple[RowProblem, ...]

    @property
    def clean(self) -> bool:
        return not self.problems


MAX_IMPORT_USERS = 5000
USERNAME_LABEL = dict(USER_COLUMNS)["username"]
# Text a spreadsheet takes for a formula if it starts a cell; no username, name or role starts so.
_FORMULA_START = ("=", "+", "-", "@")


def _one_time_password() -> str:
    import secrets

    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def _echo(text: str) -> str:
    """A cell's text as a message repeats it: short, on one line, and isolated so that in a
    Persian sentence "=cmd()" still reads =cmd() (its direction taken from its first letter)."""
    return "\u2068" + clip(text) + "\u2069"


def _refuse_formula(text: str, label: str, field_name: str) -> None:
    if text.startswith(_FORMULA_START):
        raise UserError(N_("{label} starts with “{sign}” as a spreadsheet formula does: “{text}”. Type the value itself."),
                        field=field_name, label=label, sign=text[0], text=_echo(text))


def _import_username(text: str) -> str:
    name = clean_user_text(text or "")
    if not name:
        raise UserError(MSG_REQUIRED, field="username", label=N_("Username"))
    _refuse_formula(name, N_("Username"), "username")
    if to_latin_digits(name) != name:  # login compares usernames as typed: ۱۲ is not 12
        raise UserError(N_("The username “{username}” has Persian or Arabic digits; write its digits as 0 to 9."),
                        field="username", username=_echo(name))
    return validate_username(name)


def _import_display_name(text: str) -> str | None:
    name = clean_user_text(text or "")
    if name:
        _refuse_formula(name, N_("Full name"), "display_name")
    return optional_text(name, N_("Full name"), max_len=200, field="display_name")


def _import_role(text: str) -> Role:
    role = clean_user_text(text or "")
    if not role:
        raise UserError(MSG_REQUIRED, field="role", label=N_("Role"))
    _refuse_formula(role, N_("Role"), "role")
    try:
        return parse_role(clip(role))  # no role's name is longer than the clip: the match is unchanged
    except UserError as exc:
        raise UserError(exc.message, field="role", role=_echo(role)) from None


def _unique_username(row: UserImportRow, seen: dict[str, int]) -> str:
    name = _import_username(row.username)
    first = seen.setdefault(name, row.row_number)
    if first != row.row_number:
        raise UserError(N_("The username {username} is repeated (row {row})."), field="username", username=_echo(name), row=first)
    return name


def _check_row(row: UserImportRow, seen: dict[str, int]) -> PlannedUser:
    username, display_name, role = each_cell(
        lambda: _unique_username(row, seen),
        lambda: _import_display_name(row.display_name),
        lambda: _import_role(row.role),
    )
    return PlannedUser(row.row_number, username, display_name or username, role)


def _checked_rows(rows: Sequence[UserImportRow]) -> tuple[list[PlannedUser], list[RowProblem]]:
    """The rules of the file alone (no database), shared by the preview and the import.
    Each cell is checked on its own, so a row with two problems names both."""
    seen: dict[str, int] = {}
    return check_rows(rows, lambda row: _check_row(row, seen), USER_COLUMNS)


def _database_problems(session: Session, planned: Sequence[PlannedUser]) -> list[RowProblem]:
    """The rows whose username a user already has, found by one query per 500 names."""
    taken = N_("The username {username} is already taken.")
    names = user_queries.usernames_taken(session, (plan.username for plan in planned))
    return [
        RowProblem(plan.row_number, UserError(taken, username=_echo(plan.username)).translated(), _(USERNAME_LABEL), clip(plan.username))
        for plan in planned
        if plan.username.strip().lower() in names
    ]


def check_users_import(db: Database, actor: Actor, rows: Sequence[UserImportRow]) -> UsersImportCheck:
    """What import_users would do with `rows`, found without writing anything (the
    preview): the same checks, in the same order, as the import itself."""
    require(actor, Permission.MANAGE_USERS)
    check_row_count(rows, MAX_IMPORT_USERS)
    planned, problems = _checked_rows(rows)
    with read(db) as session:
        problems.extend(_database_problems(session, planned))
    if problems:
        return UsersImportCheck((), tuple(sorted(problems, key=lambda p: p.row_number)))
    return UsersImportCheck(tuple(planned), ())


def import_users(
    db: Database, actor: Actor, rows: Sequence[UserImportRow], *, progress: Callable[[int, int], None] | None = None
) -> list[ImportedUser]:
    """Adds every row's user or none. Each gets a one-time password to change at first
    login (passwords never travel in spreadsheets); they are returned, never stored or
    logged. `progress(done, total)` is called as the passwords are made (the slow part:
    one Argon2 hash each, on purpose: that is what makes a stolen hash costly to guess);
    an exception raised by it stops the import with nothing written.

    Set-based around the hashing: the usernames checked by one query per 500, the users
    written by one executemany with their audit entries as one batch (hashes as ***)."""
    check = check_users_import(db, actor, rows)
    if check.problems:
        raise ImportRejected(check.problems)
    prepared: list[tuple[PlannedUser, User, str]] = []
    total = len(check.planned)
    for done, plan in enumerate(check.planned, start=1):
        password = _one_time_password()
        user = new_user_record(username=plan.username, display_name=plan.display_name, role=plan.role, password=password)
        prepared.append((plan, user, password))
        if progress is not None:
            progress(done, total)
    with write(db, actor) as session:
        problems = _database_problems(session, check.planned)  # a user added since the check above
        if problems:
            raise ImportRejected(problems)  # rolls the whole transaction back
        stamps = bulk.stamps(actor.user_id, utcnow())
        records = [{**stamps, "id": new_id(), "username": user.username, "display_name": user.display_name, "role": user.role,
                    "password_hash": user.password_hash, "active": True, "failed_logins": 0, "locked_until": None,
                    "last_login_at": None, "must_change_password": True} for _plan, user, _password in prepared]
        bulk.insert_rows(session, User, records)
        bulk.audit_inserts(session, "app_user", records)
    return [ImportedUser(user.username, password, user.display_name, plan.role) for plan, user, password in prepared]


def preview_users_file(db: Database, actor: Actor, path: Path, *, step: Step | None = None,
                       checked: bool = True) -> ImportPreview[list[UserImportRow]]:
    """The users spreadsheet at `path` read and checked (only read: `checked=False`),
    nothing written (the preview): its rows are the users it would add, or it names every problem."""
    require(actor, Permission.MANAGE_USERS)

    def check(rows: list[UserImportRow]) -> tuple[Sequence[PlannedUser], Sequence[RowProblem]]:
        found = check_users_import(db, actor, rows)
        return found.planned, found.problems

    return preview_rows(path, read_users_file, check, step, checked=checked)


def save_users_template(out: Path) -> Path:
    """The empty users spreadsheet to fill, written whole or not at all."""
    return write_users_template(out)


def save_one_time_passwords(out: Path, imported: Sequence[ImportedUser]) -> Path:
    """The one-time passwords of an import as an Excel sheet for the administrator to hand
    out (the only copy PR Desk ever writes: the administrator chose to)."""
    return write_one_time_passwords(out, [(u.username, u.display_name, u.role_label, u.one_time_password) for u in imported])
