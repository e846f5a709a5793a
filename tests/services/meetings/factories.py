"""Factories for the meeting-queue tests: actors without logins, valid national codes."""

from __future__ import annotations

from dataclasses import dataclass

from pr_desk.domain.national_code import national_code_check_digit
from pr_desk.domain.roles import Role
from pr_desk.services import users
from pr_desk.services.context import Actor


def national_code(n: int) -> str:
    first = f"{n % 1_000_000_000:09d}"
    if len(set(first)) == 1:
        first = "12" + first[2:]
    return first + str(national_code_check_digit(first))


def actor(db, admin, username: str, role: Role) -> Actor:  # type: ignore[no-untyped-def]
    """An acting user of `role`, without an argon2 login (services only need who and what role)."""
    info = users.add_user(db, admin, username=username, display_name=username, role=role, password="pass-word-1405")
    return Actor(info.id, info.username, info.display_name, role)


@dataclass
class Office:
    db: object
    admin: Actor
    clerk: Actor
    inspector: Actor
