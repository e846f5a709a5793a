"""Shared helpers of the sync tests (no tests here): an office with an inspector who has
two assigned units, a field copy of theirs, and logical digests of a database."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from pr_desk.data.engine import Database, sqlite_path
from pr_desk.data.tables import Base
from pr_desk.services import auth, sync
from pr_desk.services import evaluation as ev
from pr_desk.services.context import Actor
from tests.services.evaluation.factories import PASSWORD, districts, small_template, staff


@pytest.fixture(autouse=True)
def fast_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with test-sized costs (the sync tests log in many times; they test sync)."""
    from argon2 import PasswordHasher

    from pr_desk.services import auth

    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def digest(db: Database) -> str:
    """SQLite: the SHA-256 of the full SQL dump (every byte of data, schema and triggers);
    PostgreSQL: of every row of every table, in key order."""
    path = sqlite_path(db.url)
    h = hashlib.sha256()
    if path is not None:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            for line in conn.iterdump():
                h.update(line.encode())
        finally:
            conn.close()
        return h.hexdigest()
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


@dataclass
class World:
    office: Database
    admin: Actor
    supervisor: Actor
    inspector: Actor  # at the office
    period: ev.PeriodInfo
    units: list  # type: ignore[type-arg]
    tmp: Path


def make_world(office, tmp: Path) -> World:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    template = small_template(db, admin)
    units = districts(db, admin, 3)
    period = ev.open_period(db, people.supervisor, kind="quarter", year=1404, number=2, template_id=template.id,
                            unit_ids=[u.id for u in units])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[u.id for u in units[:2]],
                        inspector_id=people.inspector.user_id)
    return World(db, admin, people.supervisor, people.inspector, period, units, tmp)


@dataclass
class FieldCopy:
    db: Database
    actor: Actor
    replica_id: str
    n: int = 0

    def export(self, tmp: Path) -> Path:
        self.n += 1
        out = tmp / f"return-{self.replica_id[:8]}-{self.n}.prsync"
        sync.export_return_package(self.db, self.actor, out=out)
        return out


def checkout(world: World, name: str) -> FieldCopy:
    from pr_desk.services.setup import open_or_create

    pkg = world.tmp / f"checkout-{name}.prsync"
    sync.export_field_package(world.office, world.supervisor, inspector_id=world.inspector.user_id, out=pkg)
    laptop = world.tmp / f"{name}.sqlite"
    joined = sync.join_field_package(pkg, str(laptop))
    db = open_or_create(str(laptop), create=False).db
    actor = auth.login(db, "insp", PASSWORD)
    return FieldCopy(db, actor, joined.replica_id)


def refresh(world: World, copy: FieldCopy) -> sync.ImportReceipt:
    import uuid

    pkg = world.tmp / f"field-{copy.replica_id[:8]}-{copy.n}-{uuid.uuid4().hex[:6]}.prsync"
    sync.export_field_package(world.office, world.supervisor, inspector_id=world.inspector.user_id, out=pkg,
                              replica_id=uuid.UUID(copy.replica_id))
    return sync.apply_import(copy.db, copy.actor, path=pkg)
