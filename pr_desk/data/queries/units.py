"""Queries on units, and how often other tables refer to a unit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pr_desk.data import lookups
from pr_desk.data.models import Unit
from pr_desk.data.queries.sorting import SortKeys, alphabetical, sorted_by
from pr_desk.data.tables import Base

_KIND_ORDER = case({"district": 0, "office": 1, "organisation": 2, "company": 3}, value=Unit.kind, else_=4)

SORT_KEYS: SortKeys = {
    "code": (Unit.code,),
    "name": (alphabetical(Unit.name_search), Unit.name),
    "kind_label": (_KIND_ORDER,),
    "district": (Unit.district,),
    "status_label": (Unit.retired_on.is_not(None),),  # active first
    "notes": (alphabetical(Unit.notes),),
}


def by_id(session: Session, unit_id: uuid.UUID) -> Unit | None:
    unit = lookups.by_id(session, Unit, unit_id)
    return unit if unit is not None and unit.deleted_at is None else None


def by_code(session: Session, code: str) -> Unit | None:
    return session.scalar(select(Unit).where(func.upper(Unit.code) == code.strip().upper(), Unit.deleted_at.is_(None)))


def by_code_any(session: Session, code: str) -> Unit | None:
    """Including deleted ones: a code stays taken by its tombstone."""
    return session.scalar(select(Unit).where(func.upper(Unit.code) == code.strip().upper()))


def by_name_search(session: Session, name_search: str) -> Unit | None:
    return session.scalar(select(Unit).where(Unit.name_search == name_search, Unit.deleted_at.is_(None)))


def _filtered(search: str, include_retired: bool, kind: str | None):  # type: ignore[no-untyped-def]
    stmt = select(Unit).where(Unit.deleted_at.is_(None))
    if not include_retired:
        stmt = stmt.where(Unit.retired_on.is_(None))
    if kind:
        stmt = stmt.where(Unit.kind == kind)
    if search:
        stmt = stmt.where(Unit.name_search.contains(search) | func.upper(Unit.code).contains(search.upper()))
    return stmt


def page(
    session: Session,
    *,
    offset: int = 0,
    limit: int | None = None,
    search: str = "",
    include_retired: bool = True,
    kind: str | None = None,
    sort_key: str | None = None,
    descending: bool = False,
) -> Sequence[Unit]:
    """A page of units: by kind, district and name, or by `sort_key` (one of SORT_KEYS)."""
    stmt = sorted_by(_filtered(search, include_retired, kind), SORT_KEYS, sort_key, descending,
                     default=(_KIND_ORDER, Unit.district, alphabetical(Unit.name_search), Unit.code), tie_breaker=Unit.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return session.scalars(stmt).all()


def count(session: Session, *, search: str = "", include_retired: bool = True, kind: str | None = None) -> int:
    sub = _filtered(search, include_retired, kind).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def reference_count(session: Session, unit_id: uuid.UUID) -> int:
    """How many live rows of other tables refer to this unit (found from the foreign keys,
    so workspaces added later are counted without changing this function)."""
    total = 0
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == Unit.__tablename__ and fk.column.name == "id":
                stmt = select(func.count()).select_from(table).where(fk.parent == unit_id)
                if "deleted_at" in table.c:
                    stmt = stmt.where(table.c.deleted_at.is_(None))
                total += session.scalar(stmt) or 0
    return total


def every_unit(session: Session) -> Sequence[Unit]:
    """Every unit, deleted ones too (one query: an import checks a whole file against them)."""
    return session.scalars(select(Unit).order_by(Unit.code)).all()
