"""Logging in and out, password hashing (Argon2id) and the lock-out after failed attempts."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import logging
import os
import sys
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from pr_desk.data import audit
from pr_desk.data.engine import Database
from pr_desk.data.models import User
from pr_desk.data.queries import users as user_queries
from pr_desk.data.sync.local import write_local
from pr_desk.data.types import utcnow
from pr_desk.domain.errors import UserError
from pr_desk.domain.roles import Permission, Role
from pr_desk.domain.validation import validate_password
from pr_desk.i18n import N_
from pr_desk.services.context import Actor, read, write

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
# A login waits this long for the write lock to record itself at once, then goes on and
# records itself from a background thread (each attempt with the usual wait).
LOGIN_RECORD_WAIT_MS = 300
LOGIN_RECORD_ATTEMPTS = 30
log = logging.getLogger(__name__)
_pending: set[threading.Thread] = set()
# The test suite's setting (tests/conftest.py sets it, README "Running the tests"): new
# hashes made with test-sized Argon2id costs, so that the thousands of logins and users
# of the tests do not spend minutes hashing. Never set it for real use.
TEST_PASSWORD_COSTS = "PR_DESK_TEST_PASSWORD_COSTS"


def _new_hasher() -> PasswordHasher:
    """Argon2id with the library's current recommended parameters (the tests' own costs
    when TEST_PASSWORD_COSTS is "low": they test everything but how costly a guess is)."""
    # Never in the installed (frozen) program: there the variable is ignored, so a stray
    # setting on an office PC cannot make weak hashes (nor re-hash strong ones weakly at login).
    if os.environ.get(TEST_PASSWORD_COSTS) == "low" and not getattr(sys, "frozen", False):
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


_hasher = _new_hasher()


@functools.cache
def _unknown_user_hash() -> str:
    """Checked against a password typed for a username that does not exist (made on first
    need: hashing at import would slow every start)."""
    return hash_password("no such user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def actor_of(user: User, session: Session | None = None) -> Actor:
    """The actor of `user`; with `session`, with the events grant an administrator gave them."""
    grants: frozenset[Permission] = frozenset()
    if session is not None:
        from pr_desk.services.event_grants import grants_of

        grants = grants_of(session, user.id, Role(user.role))
    return Actor(user.id, user.username, user.display_name, Role(user.role), bool(user.must_change_password), grants)


class LoginFailed(UserError):
    pass


def login(db: Database, username: str, password: str) -> Actor:
    """The actor for a right username and password; every attempt is audited.

    A right password is checked in a read, so the person can go on reading while another
    process holds the write lock (a long import): the login is recorded (last login,
    counters, audit) in its own short write, or, if the database is busy, from a
    background thread as soon as it can be. A refusal is recorded before it is given, and
    waits for the lock as any write does: a failed-login count is never lost."""
    typed = (username or "").strip()[:64]
    if typed:
        with read(db) as session:
            user = user_queries.by_username(session, typed)
            now = utcnow()
            if (user is not None and user.active and (user.locked_until is None or user.locked_until <= now)
                    and _verify(user.password_hash, password or "")):
                actor = actor_of(user, session)
                seen = _Seen(user.id, user.failed_logins, user.locked_until, user.password_hash)
            else:
                actor = None
        if actor is not None:
            _record_login(db, actor, seen, now, password)
            return actor
    return _refused_login(db, typed, password)


def expected_actor(db: Database, username: str) -> Actor | None:
    """Who `username` would be logged in as if their password is right, read before it is
    checked, so the app can build the main window hidden while `login` checks it (the
    window is shown only for the actor `login` returns, and discarded otherwise). None for
    a username no one has or an account that could not log in now (disabled or locked).
    Reads only: nothing is written, counted or audited (`login` does all of that)."""
    typed = (username or "").strip()[:64]
    if not typed:
        return None
    with read(db) as session:
        user = user_queries.by_username(session, typed)
        if user is None or not user.active or (user.locked_until is not None and user.locked_until > utcnow()):
            return None
        return actor_of(user, session)


@dataclass(frozen=True)
class _Seen:
    """The account as the login's read found it: its record changes only what is still so."""

    user_id: uuid.UUID
    failed_logins: int
    locked_until: dt.datetime | None
    password_hash: str


def _write_login(db: Database, actor: Actor, seen: _Seen, at: dt.datetime, password: str, wait_ms: int | None) -> None:
    with write(db, actor, wait_ms=wait_ms) as session:
        user = user_queries.by_id(session, seen.user_id)
        if user is None:
            return
        local: dict[str, object] = {"last_login_at": at}
        if (user.failed_logins, user.locked_until) == (seen.failed_logins, seen.locked_until):
            # Wrong passwords typed since the read keep their count (and a lock its time).
            local.update(failed_logins=0, locked_until=None)
        if user.password_hash == seen.password_hash and _hasher.check_needs_rehash(user.password_hash):
            local["password_hash"] = hash_password(password)
        write_local(session, "app_user", user.id, **local)
        audit.append(session, action="login", table_name="app_user", record_id=user.id)


def _record_login(db: Database, actor: Actor, seen: _Seen, at: dt.datetime, password: str) -> None:
    """The login's record at once if the write lock is free within a moment; else later."""
    try:
        _write_login(db, actor, seen, at, password, LOGIN_RECORD_WAIT_MS)
        return
    except UserError:
        log.warning("login of %s not recorded yet: the database is busy; recording it in the background", actor.username)
    thread = threading.Thread(target=_record_later, args=(db, actor, seen, at, password), name="login-record", daemon=True)
    _pending.add(thread)
    thread.start()


def _record_later(db: Database, actor: Actor, seen: _Seen, at: dt.datetime, password: str) -> None:
    try:
        for attempt in range(LOGIN_RECORD_ATTEMPTS):
            try:
                _write_login(db, actor, seen, at, password, None)
                log.info("login of %s recorded after the database was busy", actor.username)
                return
            except UserError:
                if attempt + 1 == LOGIN_RECORD_ATTEMPTS:
                    log.warning("login of %s at %s not recorded: the database stayed busy", actor.username, at.isoformat())
            except Exception:
                log.exception("login of %s at %s not recorded", actor.username, at.isoformat())
                return
    finally:
        _pending.discard(threading.current_thread())


def wait_for_login_records(timeout: float = 2.0) -> None:
    """Gives logins still being recorded in the background up to `timeout` seconds (at exit)."""
    for thread in list(_pending):
        thread.join(timeout)
        if thread.is_alive():
            log.warning("a login was not recorded before the program ended: the database was busy")


atexit.register(wait_for_login_records)


def _refused_login(db: Database, typed: str, password: str) -> Actor:
    """The old way, all in one write: every refusal is audited and counted before it is given
    (and a right password that the read could not accept after all is let in here)."""
    failure: LoginFailed | None = None
    with write(db, (None, typed or "?")) as session:
        user = user_queries.by_username(session, typed) if typed else None
        now = utcnow()
        if user is None:
            _verify(_unknown_user_hash(), password or "")  # as long as a real check: the time tells nothing
            audit.append(session, action="login_failed", summary="unknown user")
            failure = LoginFailed(N_("Wrong username or password."))
        elif user.locked_until is not None and user.locked_until > now:
            # Only the right password learns that the account is locked: to anyone else
            # it is the same answer as a wrong password, so a stranger learns nothing.
            right = _verify(user.password_hash, password or "")
            audit.append(session, action="login_failed", actor=(user.id, user.username), table_name="app_user", record_id=user.id,
                         summary="account locked" + ("" if right else "; wrong password"))
            if right:
                minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
                failure = LoginFailed(N_("This account is locked after too many wrong passwords. Try again in {minutes} minutes or ask an administrator."), minutes=minutes)
            else:
                failure = LoginFailed(N_("Wrong username or password."))
        elif not _verify(user.password_hash, password or ""):
            session.info["actor"] = (user.id, user.username)
            failed = user.failed_logins + 1
            summary = "wrong password"
            if failed >= MAX_FAILED_LOGINS:
                write_local(session, "app_user", user.id, failed_logins=0, locked_until=now + dt.timedelta(minutes=LOCK_MINUTES))
                summary = "wrong password; account locked"
            else:
                write_local(session, "app_user", user.id, failed_logins=failed)
            audit.append(session, action="login_failed", table_name="app_user", record_id=user.id, summary=summary)
            failure = LoginFailed(N_("Wrong username or password."))
        elif not user.active:
            audit.append(session, action="login_failed", actor=(user.id, user.username), table_name="app_user", record_id=user.id, summary="account disabled")
            failure = LoginFailed(N_("This account is disabled. Ask an administrator."))
        else:
            session.info["actor"] = (user.id, user.username)
            local: dict[str, object] = {"failed_logins": 0, "locked_until": None, "last_login_at": now}
            if _hasher.check_needs_rehash(user.password_hash):
                local["password_hash"] = hash_password(password)
            write_local(session, "app_user", user.id, **local)
            audit.append(session, action="login", table_name="app_user", record_id=user.id)
            actor = actor_of(user, session)
    if failure is not None:
        raise failure
    return actor


def logout(db: Database, actor: Actor) -> None:
    with write(db, actor) as session:
        audit.append(session, action="logout", table_name="app_user", record_id=actor.user_id)


def change_own_password(db: Database, actor: Actor, *, old_password: str, new_password: str) -> None:
    validate_password(new_password)
    with write(db, actor) as session:
        user = user_queries.by_id(session, actor.user_id)
        if user is None or not _verify(user.password_hash, old_password):
            raise UserError(N_("The current password is wrong."), field="old_password")
        if _verify(user.password_hash, new_password):
            raise UserError(N_("Choose a password different from the current one."), field="password")
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
